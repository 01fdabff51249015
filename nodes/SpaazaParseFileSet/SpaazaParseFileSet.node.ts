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

// README "Nodes": the file nodes are not AI tools (they take binary files, not values an agent picks), and
// the description type has no `usableAsTool: false`.
// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool
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
		description:
			'Read and check Spaaza product file sets (productlist_… and variantlist_… CSV files)',
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
