import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runOnce } from '../shell/itemLoop';
import { buildFileSet } from './buildFileSet';
import { properties } from './description';

export class SpaazaBuildFileSet implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Build Spaaza File Set',
		name: 'spaazaBuildFileSet',
		icon: { light: 'file:../../icons/spaaza.svg', dark: 'file:../../icons/spaaza.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["fileType"] === "variantlist" ? "Build variant list" : "Build product list" }}',
		// n8n runs a node used as an AI agent's tool on one item holding the values the agent passes,
		// and gives the agent the output's fields but never its file, so the description (which is
		// also the tool's default description for the agent) says what that leaves.
		description:
			"Turn products or variants from any source into a Spaaza product or variant list file. As an AI agent's tool it writes one record per call, from the values the agent fills in, and answers with the file name and any value it rejected; the file itself does not reach the agent",
		usableAsTool: true,
		defaults: { name: 'Build Spaaza File Set' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		hints: [
			{
				message:
					'All input items become one CSV file. Records that Spaaza would reject are left out and listed in the errors field of the output, with the item they came from and why.',
				type: 'info',
				location: 'outputPane',
				whenToDisplay: 'beforeExecution',
			},
		],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOnce(this, async () => await buildFileSet(this), { failurePairedWith: 'all' });
	}
}
