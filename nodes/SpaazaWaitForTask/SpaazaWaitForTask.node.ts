import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runPerItem } from '../shell/itemLoop';
import { properties } from './description';
import { waitForTask } from '../spaaza/export/waitForTask';

export class SpaazaWaitForTask implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Spaaza Wait For Task',
		name: 'spaazaWaitForTask',
		icon: { light: 'file:../../icons/spaaza.svg', dark: 'file:../../icons/spaaza.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ "Check every " + $parameter["pollInterval"] + " s, at most " + $parameter["timeout"] + " min" }}',
		description: 'Wait until a Spaaza export task has finished',
		defaults: { name: 'Spaaza Wait For Task' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'spaazaApi', required: true }],
		hints: [
			{
				message:
					'This node keeps checking the task until Spaaza has finished it. If the task fails, the node fails with the task log. Add Spaaza Get Download URL next to fetch the file.',
				type: 'info',
				location: 'outputPane',
				whenToDisplay: 'beforeExecution',
			},
		],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await runPerItem(this, async (_item, itemIndex) => await waitForTask(this, itemIndex))];
	}
}
