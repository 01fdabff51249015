import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runOnce } from '../shell/itemLoop';
import { VARIANT_UPSERT, runUpsert } from '../spaaza/upsert';
import { assertNoRejectedRows, assertProductsSentFirst } from '../spaaza/upsert/runOrder';
import { properties } from './description';

export class SpaazaUpsertVariant implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Spaaza Create or Update Variant',
		name: 'spaazaUpsertVariant',
		icon: { light: 'file:../../icons/spaaza.svg', dark: 'file:../../icons/spaaza.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{ $parameter["options"]["dryRun"] ? "Check variants (dry run)" : "Create or update variants" }}',
		description: 'Create or update product variants and their barcodes in a Spaaza catalogue',
		defaults: { name: 'Spaaza Create or Update Variant' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'spaazaApi', required: true }],
		hints: [
			{
				message:
					'Outputs one item per variant with its status: upserted (created or updated in Spaaza), invalid, failed or dry-run (with Output: Summary and Problems Only, one item with the counts and one per variant that did not go in). The product each variant belongs to must already exist in Spaaza, so run Spaaza Create or Update Product first: when both hang off Parse Spaaza File Set, place this node below Spaaza Create or Update Product on the canvas, because n8n runs the upper branch first (if it sits above, it stops before sending anything and says what to move). Spaaza needs an admin login for this: a credential with an access token will not work.',
				type: 'info',
				location: 'outputPane',
				whenToDisplay: 'beforeExecution',
			},
		],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOnce(
			this,
			async () => {
				assertProductsSentFirst(this);
				return await runUpsert(this, VARIANT_UPSERT);
			},
			{ finalCheck: () => assertNoRejectedRows(this) },
		);
	}
}
