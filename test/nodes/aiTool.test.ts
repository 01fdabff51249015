import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { loadPackageNodeTypes, runWorkflow, workflowNode, type WorkflowJson } from '../harness';

import { SpaazaBuildFileSet } from '../../nodes/SpaazaBuildFileSet/SpaazaBuildFileSet.node';
import { SpaazaParseFileSet } from '../../nodes/SpaazaParseFileSet/SpaazaParseFileSet.node';

// n8n's community-package scanner requires every node to declare usableAsTool, and n8n offers each
// node that sets it to an AI agent as "<node> Tool", with the node's description as the tool's
// default description. The runs below go through n8n-core's own tool path
// (getInputConnectionData): the tool runs on one item that holds the agent's arguments (no file),
// and the agent reads the output items' fields, never their files.

describe('the nodes as AI agent tools', () => {
	it('every node the package lists can be offered to an AI agent', () => {
		const { loader, nodes, unloaded } = loadPackageNodeTypes();
		expect(unloaded).toEqual([]);
		expect(nodes.length).toBeGreaterThanOrEqual(7);
		expect(nodes.map((name) => [name, loader.getNode(name).type.description.usableAsTool])).toEqual(
			nodes.map((name) => [name, true]),
		);
	});

	it('the file nodes say what an agent can and cannot do with them', () => {
		expect(new SpaazaParseFileSet().description.description).toMatch(
			/AI agent cannot hand it files/,
		);
		expect(new SpaazaBuildFileSet().description.description).toMatch(
			/AI agent's tool it writes one record per call, from the values the agent fills in.*file itself does not reach the agent/,
		);
	});
});

/**
 * Runs Trigger → a stand-in AI agent whose Tool input holds the given node, and returns the agent's
 * one call of it: the tool's description and the answer the agent read.
 */
async function agentCall(
	toolType: string,
	toolParameters: INodeParameters,
	toolArgs: object,
): Promise<IDataObject> {
	const workflow: WorkflowJson = {
		nodes: [
			workflowNode('test.manualTrigger', 'Trigger'),
			workflowNode('test.toolCaller', 'Agent', {
				parameters: { toolArgs: JSON.stringify(toolArgs) },
			}),
			workflowNode(`n8n-nodes-spaaza.${toolType}Tool`, 'Tool', { parameters: toolParameters }),
		],
		connections: {
			Trigger: { main: [[{ node: 'Agent', type: 'main', index: 0 }]] },
			Tool: { ai_tool: [[{ node: 'Agent', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
	const result = await runWorkflow(workflow, { startNode: 'Trigger' });
	const [call] = result.json('Agent');
	return call;
}

/** A Build Spaaza File Set whose product code the agent fills in. */
const BUILD_BY_AGENT = {
	fileType: 'productlist',
	timestamp: '20251024_100000',
	mappingMode: 'manual',
	ownerCode: "={{ $fromAI('owner_code', 'The product code') }}",
};

describe('the file nodes called by an AI agent in n8n', () => {
	it("Build writes the record the agent fills in and answers with the file's facts, not the file", async () => {
		const call = await agentCall(
			'spaazaBuildFileSet',
			{ ...BUILD_BY_AGENT, productName: "={{ $fromAI('name', 'The product name') }}" },
			{ owner_code: 'A-1', name: 'Shirt' },
		);
		expect(call.description).toBe(new SpaazaBuildFileSet().description.description);
		const answer = JSON.parse(call.answer as string) as Array<Record<string, unknown>>;
		expect(answer).toEqual([
			expect.objectContaining({
				fileName: 'productlist_20251024_100000.csv',
				recordsWritten: 1,
				invalid: 0,
				errors: [],
			}),
		]);
		expect(call.answer).not.toContain('A-1,Shirt');
	});

	it('Build names a value it rejected in its answer to the agent', async () => {
		const call = await agentCall(
			'spaazaBuildFileSet',
			{
				...BUILD_BY_AGENT,
				productName: 'Shirt',
				additionalFields: { price: "={{ $fromAI('price', 'The price') }}" },
			},
			{ owner_code: 'A-1', price: '9,99' },
		);
		expect(JSON.parse(call.answer as string)).toEqual([
			expect.objectContaining({
				recordsWritten: 0,
				invalid: 1,
				errors: [expect.objectContaining({ owner_code: 'A-1', field: 'price', value: '9,99' })],
			}),
		]);
	});

	it('Parse gets no file from an agent, so it answers with no records', async () => {
		const call = await agentCall('spaazaParseFileSet', {}, {});
		expect(call.description).toBe(new SpaazaParseFileSet().description.description);
		expect(JSON.parse(call.answer as string)).toEqual([]);
	});
});
