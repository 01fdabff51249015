import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runPerItem } from '../shell/itemLoop';
import { properties } from './description';
import { getDownloadUrl } from '../spaaza/export/getDownloadUrl';

export class SpaazaGetDownloadUrl implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Spaaza Get Download URL',
		name: 'spaazaGetDownloadUrl',
		icon: { light: 'file:../../icons/spaaza.svg', dark: 'file:../../icons/spaaza.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["download"] ? "Download export file" : "Get download link" }}',
		description: 'Get the file of a finished Spaaza export task',
		defaults: { name: 'Spaaza Get Download URL' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'spaazaApi', required: true }],
		hints: [
			{
				message:
					'The download link works for about one hour. Keep Download File on to fetch the file straight away, then send it on with a Google Drive, email or FTP node.',
				type: 'info',
				location: 'outputPane',
				whenToDisplay: 'beforeExecution',
			},
		],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			await runPerItem(this, async (_item, itemIndex) => await getDownloadUrl(this, itemIndex)),
		];
	}
}
