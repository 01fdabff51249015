import type { INodeProperties } from 'n8n-workflow';

import {
	chainIdProperty,
	recordTypeProperty,
	concurrencyOption,
	dryRunOption,
	maxRetriesOption,
	optionsCollection,
} from '../spaaza/properties';

export const DEFAULT_MAX_DELETIONS = 10;
export const MAX_DELETE_CONCURRENCY = 16;

export const properties: INodeProperties[] = [
	recordTypeProperty({
		products: 'Delete products. Spaaza also deletes every variant of a deleted product.',
		variants: 'Delete variants (with their barcodes)',
	}),
	{
		displayName: 'Deleting a product also deletes all of its variants in Spaaza',
		name: 'productDeleteNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { recordType: ['products'] } },
	},
	{
		displayName: 'Spaaza ID',
		name: 'recordId',
		type: 'string',
		default: '={{ $json.id }}',
		required: true,
		description:
			"The Spaaza ID of the record to delete (a whole number). Spaaza Compare Catalogue's Missing From Feed items carry it in their ID field.",
	},
	chainIdProperty('the records belong to'),
	{
		displayName: 'Max Deletions',
		name: 'maxDeletions',
		type: 'number',
		default: DEFAULT_MAX_DELETIONS,
		typeOptions: { minValue: 0 },
		description:
			'The most records one run may delete. When more arrive, nothing at all is deleted and the node stops with an error, so a cut-off feed cannot empty the catalogue.',
	},
	optionsCollection([
		concurrencyOption(
			4,
			MAX_DELETE_CONCURRENCY,
			`How many records to delete at the same time (1 to ${MAX_DELETE_CONCURRENCY})`,
		),
		dryRunOption('Whether to only report what would be deleted, without deleting anything'),
		maxRetriesOption(
			'How many times to try a delete again when Spaaza is busy or the connection drops',
		),
	]),
];
