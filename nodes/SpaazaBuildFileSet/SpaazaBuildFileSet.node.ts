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

// README "Nodes": only the API nodes are offered to AI agents; a file node's binary output is no tool answer.
// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool
export class SpaazaBuildFileSet implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Build Spaaza File Set',
		name: 'spaazaBuildFileSet',
		icon: { light: 'file:../../icons/spaaza.svg', dark: 'file:../../icons/spaaza.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["fileType"] === "variantlist" ? "Build variant list" : "Build product list" }}',
		description:
			'Turn products or variants from any source into a Spaaza product or variant list file',
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
