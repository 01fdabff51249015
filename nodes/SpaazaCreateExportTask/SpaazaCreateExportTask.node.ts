import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runPerItem } from '../shell/itemLoop';
import { properties } from './description';
import { createExportTask } from '../spaaza/export/createExportTask';

export class SpaazaCreateExportTask implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Spaaza Create Export Task',
		name: 'spaazaCreateExportTask',
		icon: { light: 'file:../../icons/spaaza.svg', dark: 'file:../../icons/spaaza.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ "Export " + ({ "product-variants": "product variants", "wallet-ledger": "wallet ledger" }[$parameter["exportIndex"]] ?? $parameter["exportIndex"]) + " as " + String($parameter["exportFormat"]).toUpperCase() }}',
		description: 'Ask Spaaza to export products, variants or other records to a file',
		defaults: { name: 'Spaaza Create Export Task' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'spaazaApi', required: true }],
		hints: [
			{
				message:
					'Spaaza prepares the file in the background. Add Spaaza Wait For Task and then Spaaza Get Download URL after this node to get the file.',
				type: 'info',
				location: 'outputPane',
				whenToDisplay: 'beforeExecution',
			},
		],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			await runPerItem(this, async (_item, itemIndex) => await createExportTask(this, itemIndex)),
		];
	}
}
