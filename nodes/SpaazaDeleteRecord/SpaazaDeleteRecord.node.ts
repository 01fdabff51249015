import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runOnce } from '../shell/itemLoop';
import { runDelete } from './deleteRecords';
import { properties } from './description';

export class SpaazaDeleteRecord implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Spaaza Delete Record',
		name: 'spaazaDeleteRecord',
		icon: { light: 'file:../../icons/spaaza.svg', dark: 'file:../../icons/spaaza.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{ ($parameter["options"]["dryRun"] ? "Check deletes of " : "Delete ") + $parameter["recordType"] }}',
		description:
			'Delete products or variants in Spaaza by their Spaaza id. Deleting a product also deletes all its variants. Needs a Spaaza credential with Admin Login (access tokens cannot delete).',
		defaults: { name: 'Spaaza Delete Record' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'spaazaApi', required: true }],
		hints: [
			{
				message:
					'Outputs one item per record with its status: deleted, failed, invalid or dry-run. Deleting a product also deletes all its variants. More records than Max Deletions: nothing is deleted and the node stops. Put an approval step (Wait, or Send and Wait for Approval) before this node. Spaaza needs an admin login with delete rights for this: a credential with an access token will not work.',
				type: 'info',
				location: 'outputPane',
				whenToDisplay: 'beforeExecution',
			},
		],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOnce(this, async () => await runDelete(this));
	}
}
