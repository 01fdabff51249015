import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runOnce } from '../shell/itemLoop';
import { properties } from './description';
import { parseFileSetItems } from './parseFileSetItems';

export class SpaazaParseFileSet implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Parse Spaaza File Set',
		name: 'spaazaParseFileSet',
		icon: {
			light: 'file:../../icons/spaaza.svg',
			dark: 'file:../../icons/spaaza.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["outputMode"] === "batches" ? "Batches of " + $parameter["batchSize"] + " records" : "One item per record" }}',
		// n8n runs a node used as an AI agent's tool on one item holding only the values the agent
		// passes, never a file, so the description (which is also the tool's default description for
		// the agent) says what that leaves.
		description:
			'Read and check Spaaza product file sets (productlist_… and variantlist_… CSV files). An AI agent cannot hand it files, so as a tool it finds none: use it in a workflow after the node that fetches the files',
		usableAsTool: true,
		defaults: { name: 'Parse Spaaza File Set' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Products', 'Variants', 'Errors'],
		hints: [
			{
				message:
					'Put a node that fetches the files before this one: Google Drive or FTP (download), an email trigger with attachments, or Read Files from Disk. Connect Products to Spaaza Create or Update Product and Variants to Spaaza Create or Update Variant. Connect Errors too, for example to an email step: rows that cannot be imported come out there with the file, line, column and reason, and nobody sees them if it is left unconnected.',
				type: 'info',
				location: 'outputPane',
				whenToDisplay: 'beforeExecution',
			},
			{
				// A cell left empty in the file leaves its field out of the record ("not provided", so
				// nothing is sent for it); n8n's table shows a field one row has and another lacks as a
				// red "undefined", which reads like a fault.
				message:
					'In the Table view, "undefined" marks a field that a row left empty in the file: that record has no value for it, and nothing is sent to Spaaza for that field.',
				type: 'info',
				location: 'outputPane',
				whenToDisplay: 'afterExecution',
			},
		],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOnce(this, async () => await parseFileSetItems(this), {
			outputs: 3,
			errorOutput: 2,
		});
	}
}
