/**
 * Products before variants in every shipped import workflow. n8n (execution order v1) runs the
 * branches of a node's outputs in the order of their position on the canvas, so the order rests
 * on where each example places its Upsert nodes: a variant sent before its product is refused by
 * Spaaza. Each example's part from Parse on (its real nodes, parameters, positions and
 * connections) runs through n8n's engine against the sandbox, fed the sample set in place of its
 * trigger and download nodes; other n8n nodes after Parse become pass-through nodes in place.
 */
import path from 'node:path';

import { sandboxCredentials, useSandbox } from '../../support/sandbox';
import { cleanupHarness, runWorkflow, type WorkflowJson } from '../../harness';
import { PARSE, ROOT, fromParse, importWorkflows } from './fromParse';

const sandbox = useSandbox();
afterAll(async () => await cleanupHarness());

const runAgainstSandbox = (workflow: WorkflowJson) =>
	runWorkflow(workflow, {
		credentials: { spaazaApi: sandboxCredentials(sandbox) },
		timeoutMs: 60_000,
	});

/** The shipped import workflows, in each of which Parse feeds both Upsert nodes. */
const SHIPPED_IMPORTS = [
	'test/fixtures/workflows/local-disk/import-file-set.json',
	'examples/import-from-email.json',
	'examples/import-from-google-drive.json',
	'examples/import-from-sftp.json',
];

/** Each workflow with its path from the repository root, which names its test. */
const byPath = (list: typeof importWorkflows) =>
	list.map(({ file, workflow }) => [path.relative(ROOT, file), workflow] as const);

/** The workflows whose Parse feeds both Upsert nodes directly (the layout users rearrange). */
const directImports = importWorkflows.filter(({ workflow }) => {
	const parse = workflow.nodes.find((node) => node.type === PARSE);
	const outputs = (parse && workflow.connections[parse.name]?.main) ?? [];
	const fed = (index: number) =>
		(outputs[index] ?? []).map(
			(target) => workflow.nodes.find((node) => node.name === target?.node)?.type,
		);
	return (
		fed(0).includes('n8n-nodes-spaaza.spaazaUpsertProduct') &&
		fed(1).includes('n8n-nodes-spaaza.spaazaUpsertVariant')
	);
});

it.each([
	['the import workflows to check', importWorkflows],
	['the imports whose Parse feeds both Upsert nodes', directImports],
])('finds %s', (_what, list) => {
	expect(byPath(list).map(([file]) => file)).toEqual(expect.arrayContaining(SHIPPED_IMPORTS));
});

it.each(byPath(importWorkflows))(
	'%s upserts every product before the first variant',
	async (_file, example) => {
		const { workflow, products, variants } = fromParse(example);

		const result = await runAgainstSandbox(workflow);

		expect(result.error).toBeUndefined();
		const order = result.executedNodes;
		expect(order.indexOf(products)).toBeGreaterThanOrEqual(0);
		expect(order.indexOf(products)).toBeLessThan(order.indexOf(variants));
		const [productRun] = result.runs(products);
		const [variantRun] = result.runs(variants);
		expect(variantRun.startTime).toBeGreaterThanOrEqual(
			productRun.startTime + productRun.executionTime,
		);
		// At the sandbox: the first variant write came after the last product write.
		const log = sandbox.writeLog();
		const lastProduct = Math.max(
			...Object.values(log.products)
				.flat()
				.map((attempt) => attempt.seq),
		);
		const firstVariant = Math.min(
			...Object.values(log.variants)
				.flat()
				.map((attempt) => attempt.seq),
		);
		expect(lastProduct).toBeLessThan(firstVariant);
		const variantResults = result.json(variants);
		expect(variantResults.length).toBeGreaterThan(0);
		expect(variantResults.filter((json) => json.status !== 'upserted')).toEqual([]);
	},
	90_000,
);

/**
 * The node right under Parse on the branch that reaches `name`: the Upsert node itself in an
 * import, the Compare node it hangs from in the sync workflow (where the Compare nodes' places set
 * the order).
 */
function branchHead(workflow: WorkflowJson, name: string): string {
	const parse = workflow.nodes.find((node) => node.type === PARSE)!.name;
	const targets = (from: string) =>
		(workflow.connections[from]?.main ?? [])
			.flat()
			.flatMap((target) => (target ? [target.node] : []));
	const heads = targets(parse);
	return (
		heads.find((head) => head === name) ??
		heads.find((head) => targets(head).includes(name)) ??
		name
	);
}

/** The example with its two Upsert nodes' places swapped: Upsert Variant now sits above. */
function variantsDraggedAbove(example: (typeof importWorkflows)[number]['workflow']) {
	const { workflow, products, variants } = fromParse(example);
	const product = workflow.nodes.find((node) => node.name === branchHead(workflow, products))!;
	const variant = workflow.nodes.find((node) => node.name === branchHead(workflow, variants))!;
	const nodes = workflow.nodes.map((node) =>
		node === product
			? { ...node, position: variant.position }
			: node === variant
				? { ...node, position: product.position }
				: node,
	);
	return { workflow: { ...workflow, nodes }, products, variants };
}

it.each(byPath(directImports))(
	'%s with Upsert Variant dragged above Upsert Product fails naming the move, before sending anything',
	async (_file, example) => {
		const { workflow, products, variants } = variantsDraggedAbove(example);

		const result = await runAgainstSandbox(workflow);

		expect(result.error?.nodeName).toBe(variants);
		expect(result.executionError?.context).toMatchObject({
			code: 'SPAAZA_VARIANTS_BEFORE_PRODUCTS',
		});
		expect(result.error?.message).toBe(
			`"${variants}" ran before "${products}": the products of file set "20251024_100000" were not sent yet, so nothing was sent`,
		);
		expect(result.error?.description).toContain(
			`Drag "${variants}" below "${products}" on the canvas`,
		);
		expect(result.executedNodes).not.toContain(products);
		const log = sandbox.writeLog();
		expect(Object.keys(log.variants)).toEqual([]);
		expect(Object.keys(log.products)).toEqual([]);
	},
	90_000,
);

it('a product branch that ran and passed no product on does not stop the variants', async () => {
	const example = importWorkflows.find(({ file }) =>
		file.endsWith('import-from-google-drive.json'),
	)!.workflow;
	const { workflow, products, variants } = fromParse(example);
	const parse = workflow.nodes.find((node) => node.type === PARSE)!;
	const product = workflow.nodes.find((node) => node.name === products)!;
	// Between Parse and the product node, a step that keeps no product (every item to its error output).
	workflow.nodes.push({
		id: 'keep-none',
		name: 'Keep None',
		type: 'test.fail',
		typeVersion: 1,
		position: [product.position[0] - 100, product.position[1]],
		parameters: { fail: '={{ true }}', message: 'not this one' },
		onError: 'continueErrorOutput',
	});
	workflow.connections[parse.name].main[0] = [{ node: 'Keep None', type: 'main', index: 0 }];
	workflow.connections['Keep None'] = { main: [[{ node: products, type: 'main', index: 0 }], []] };

	const result = await runAgainstSandbox(workflow);

	expect(result.executedNodes).toContain('Keep None');
	expect(result.executedNodes).not.toContain(products);
	expect(result.executedNodes).toContain(variants);
	expect(result.executionError?.context).not.toMatchObject({
		code: 'SPAAZA_VARIANTS_BEFORE_PRODUCTS',
	});
});
