/**
 * The shipped import workflows from their Parse node on, for tests that run them through n8n's
 * engine against the sandbox: their real Spaaza nodes, parameters, positions and connections, fed
 * a file set by a trigger and Read Files in place of their trigger and download nodes; other n8n
 * nodes after Parse become pass-through nodes in place.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { WorkflowJson } from '../../harness';

export const ROOT = path.resolve(__dirname, '../../..');
export const SAMPLES = ['productlist_20251024_100000.csv', 'variantlist_20251024_100000.csv'].map(
	(name) => path.join(ROOT, 'samples', name),
);
export const PARSE = 'n8n-nodes-spaaza.spaazaParseFileSet';
export const UPSERT_PRODUCT = 'n8n-nodes-spaaza.spaazaUpsertProduct';
export const UPSERT_VARIANT = 'n8n-nodes-spaaza.spaazaUpsertVariant';

type Node = WorkflowJson['nodes'][number];

const workflowFiles = [
	...readdirSync(path.join(ROOT, 'examples')).map((name) => path.join(ROOT, 'examples', name)),
	...readdirSync(path.join(ROOT, 'test/fixtures/workflows/local-disk')).map((name) =>
		path.join(ROOT, 'test/fixtures/workflows/local-disk', name),
	),
].filter((file) => file.endsWith('.json'));

export const importWorkflows = workflowFiles
	.map((file) => ({ file, workflow: JSON.parse(readFileSync(file, 'utf8')) as WorkflowJson }))
	.filter(({ workflow }) => workflow.nodes.some((node) => node.type === UPSERT_VARIANT));

/** The example from its Parse node on, fed a file set (the sample set unless told) by a trigger and Read Files. */
export function fromParse(
	workflow: WorkflowJson,
	files: string[] = SAMPLES,
): {
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
				: { ...node, type: 'test.echo', typeVersion: 1, parameters: {}, executeOnce: undefined },
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
			parameters: { filePaths: files.join('\n') },
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
