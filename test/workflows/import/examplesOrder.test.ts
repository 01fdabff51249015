/**
 * Products before variants in every shipped import workflow. n8n (execution order v1) runs the
 * branches of a node's outputs in the order of their position on the canvas, so the order rests
 * on where each example places its Upsert nodes: a variant sent before its product is refused by
 * Spaaza. Each example's part from Parse on (its real nodes, parameters, positions and
 * connections) runs through n8n's engine against the sandbox, fed the sample set in place of its
 * trigger and download nodes; other n8n nodes after Parse become pass-through nodes in place.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { sandboxCredentials, useSandbox } from '../../support/sandbox';
import { cleanupHarness, runWorkflow, type WorkflowJson } from '../../harness';

const ROOT = path.resolve(__dirname, '../../..');
const SAMPLES = ['productlist_20251024_100000.csv', 'variantlist_20251024_100000.csv'].map((name) =>
	path.join(ROOT, 'samples', name),
);
const PARSE = 'n8n-nodes-spaaza.spaazaParseFileSet';
const UPSERT_PRODUCT = 'n8n-nodes-spaaza.spaazaUpsertProduct';
const UPSERT_VARIANT = 'n8n-nodes-spaaza.spaazaUpsertVariant';

type Node = WorkflowJson['nodes'][number];

const workflowFiles = [
	...readdirSync(path.join(ROOT, 'examples')).map((name) => path.join(ROOT, 'examples', name)),
	...readdirSync(path.join(ROOT, 'e2e/workflows')).map((name) =>
		path.join(ROOT, 'e2e/workflows', name),
	),
].filter((file) => file.endsWith('.json'));

const importWorkflows = workflowFiles
	.map((file) => ({ file, workflow: JSON.parse(readFileSync(file, 'utf8')) as WorkflowJson }))
	.filter(({ workflow }) => workflow.nodes.some((node) => node.type === UPSERT_VARIANT));

/** The example from its Parse node on, fed the sample set by a trigger and Read Files. */
function fromParse(workflow: WorkflowJson): {
	workflow: WorkflowJson;
	products: string;
	variants: string;
} {
	const parse = workflow.nodes.find((node) => node.type === PARSE);
	if (!parse)
		throw new Error(`${workflow.name}: upserts variants without a Parse Spaaza File Set node`);
	const keep = new Set([parse.name]);
	for (let grew = true; grew; ) {
		grew = false;
		for (const [from, outputs] of Object.entries(workflow.connections)) {
			if (!keep.has(from)) continue;
			for (const target of (outputs.main ?? []).flat()) {
				if (target && !keep.has(target.node)) grew = keep.add(target.node) !== undefined;
			}
		}
	}
	const nodes: Node[] = workflow.nodes
		.filter((node) => keep.has(node.name))
		.map((node) =>
			node.type.startsWith('n8n-nodes-spaaza.')
				? node
				: { ...node, type: 'test.echo', typeVersion: 1, parameters: {} },
		);
	const [x, y] = parse.position;
	nodes.push(
		{
			id: 'order-trigger',
			name: 'Order Trigger',
			type: 'test.manualTrigger',
			typeVersion: 1,
			position: [x - 440, y],
			parameters: {},
		},
		{
			id: 'order-read-files',
			name: 'Order Read Files',
			type: 'test.readFiles',
			typeVersion: 1,
			position: [x - 220, y],
			parameters: { filePaths: SAMPLES.join('\n') },
		},
	);
	const connections: WorkflowJson['connections'] = Object.fromEntries(
		Object.entries(workflow.connections).filter(([from]) => keep.has(from)),
	);
	connections['Order Trigger'] = { main: [[{ node: 'Order Read Files', type: 'main', index: 0 }]] };
	connections['Order Read Files'] = { main: [[{ node: parse.name, type: 'main', index: 0 }]] };
	const named = (type: string) => {
		const node = nodes.find((candidate) => candidate.type === type);
		if (!node) throw new Error(`${workflow.name}: no ${type} after Parse`);
		return node.name;
	};
	return {
		workflow: { ...workflow, nodes, connections },
		products: named(UPSERT_PRODUCT),
		variants: named(UPSERT_VARIANT),
	};
}

const sandbox = useSandbox();
afterAll(async () => await cleanupHarness());

it('finds the import workflows to check', () => {
	expect(importWorkflows.map(({ file }) => path.relative(ROOT, file)).sort()).toEqual(
		expect.arrayContaining([
			'e2e/workflows/import-file-set.json',
			'examples/import-from-email.json',
			'examples/import-from-google-drive.json',
			'examples/import-from-sftp.json',
		]),
	);
});

it.each(
	importWorkflows.map(({ file, workflow }) => [path.relative(ROOT, file), workflow] as const),
)(
	'%s upserts every product before the first variant',
	async (_file, example) => {
		const { workflow, products, variants } = fromParse(example);

		const result = await runWorkflow(workflow, {
			credentials: { spaazaApi: sandboxCredentials(sandbox) },
			timeoutMs: 60_000,
		});

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
