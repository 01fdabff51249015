import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runOnce } from '../shell/itemLoop';
import { PRODUCT_UPSERT, runUpsert } from '../spaaza/upsert';
import { assertNoRejectedRows } from '../spaaza/upsert/runOrder';
import { properties } from './description';

export class SpaazaUpsertProduct implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Spaaza Create or Update Product',
		name: 'spaazaUpsertProduct',
		icon: { light: 'file:../../icons/spaaza.svg', dark: 'file:../../icons/spaaza.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{ $parameter["options"]["dryRun"] ? "Check products (dry run)" : "Create or update products" }}',
		description: 'Create or update products in a Spaaza catalogue',
		defaults: { name: 'Spaaza Create or Update Product' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'spaazaApi', required: true }],
		hints: [
			{
				message:
					'Outputs one item per product with its status: upserted (created or updated in Spaaza), invalid, failed or dry-run (with Output: Summary and Problems Only, one item with the counts and one per product that did not go in). Spaaza needs an admin login for this: a credential with an access token will not work. Run this node before Spaaza Create or Update Variant, so the products exist when their variants arrive.',
				type: 'info',
				location: 'outputPane',
				whenToDisplay: 'beforeExecution',
			},
		],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOnce(this, async () => await runUpsert(this, PRODUCT_UPSERT), {
			finalCheck: () => assertNoRejectedRows(this),
		});
	}
}
