import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runOnce } from '../shell/itemLoop';
import { OUTPUT_NAMES, runCompare } from './compareCatalogue';
import { properties } from './description';

export class SpaazaCompareCatalogue implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Spaaza Compare Catalogue',
		name: 'spaazaCompareCatalogue',
		icon: { light: 'file:../../icons/spaaza.svg', dark: 'file:../../icons/spaaza.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ "Compare " + $parameter["recordType"] + " with Spaaza" }}',
		description:
			'Compare products or variants with what Spaaza holds now: which are new, changed, unchanged, or missing from the feed',
		defaults: { name: 'Spaaza Compare Catalogue' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
		],
		outputNames: OUTPUT_NAMES,
		credentials: [{ name: 'spaazaApi', required: true }],
		hints: [
			{
				message:
					'Connect New and Changed to Spaaza Create or Update Product or Spaaza Create or Update Variant: only those records need sending. Changed items say in "changes" which fields differ. A record is Unchanged only when Spaaza provably holds every value it would send. Missing From Feed is filled only with Feed Is Complete on; put an approval step before Spaaza Delete Record.',
				type: 'info',
				location: 'outputPane',
				whenToDisplay: 'beforeExecution',
			},
		],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOnce(this, async () => await runCompare(this), { outputs: 4, errorOutput: 1 });
	}
}
