import type { INodeType } from 'n8n-workflow';

import { SpaazaBuildFileSet } from '../../nodes/SpaazaBuildFileSet/SpaazaBuildFileSet.node';
import { SpaazaCreateExportTask } from '../../nodes/SpaazaCreateExportTask/SpaazaCreateExportTask.node';
import { SpaazaGetDownloadUrl } from '../../nodes/SpaazaGetDownloadUrl/SpaazaGetDownloadUrl.node';
import { SpaazaParseFileSet } from '../../nodes/SpaazaParseFileSet/SpaazaParseFileSet.node';
import { SpaazaUpsertProduct } from '../../nodes/SpaazaUpsertProduct/SpaazaUpsertProduct.node';
import { SpaazaUpsertVariant } from '../../nodes/SpaazaUpsertVariant/SpaazaUpsertVariant.node';
import { SpaazaWaitForTask } from '../../nodes/SpaazaWaitForTask/SpaazaWaitForTask.node';

// n8n's community-package scanner requires every node to declare usableAsTool, and n8n offers each
// node that sets it to an AI agent as "<node> Tool", with the node's description as the tool's
// default description. n8n runs such a tool on one item holding the values the agent passes (no
// file), and gives the agent the output's fields, never its files.
const NODES: INodeType[] = [
	new SpaazaParseFileSet(),
	new SpaazaUpsertProduct(),
	new SpaazaUpsertVariant(),
	new SpaazaCreateExportTask(),
	new SpaazaWaitForTask(),
	new SpaazaGetDownloadUrl(),
	new SpaazaBuildFileSet(),
];

describe('the nodes as AI agent tools', () => {
	it('every node can be offered to an AI agent', () => {
		expect(NODES.map(({ description }) => [description.name, description.usableAsTool])).toEqual(
			NODES.map(({ description }) => [description.name, true]),
		);
	});

	it('the file nodes say what an agent can and cannot do with them', () => {
		const description = (name: string) =>
			NODES.find((node) => node.description.name === name)!.description.description;
		expect(description('spaazaParseFileSet')).toMatch(/AI agent cannot hand it files/);
		expect(description('spaazaBuildFileSet')).toMatch(
			/AI agent's tool it writes the one record the agent passes.*file itself does not reach the agent/,
		);
	});
});
