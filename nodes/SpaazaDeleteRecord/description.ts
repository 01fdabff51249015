import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_RETRIES } from '../spaaza/transport/constants';

export const DEFAULT_MAX_DELETIONS = 10;
export const MAX_DELETE_CONCURRENCY = 16;

export const properties: INodeProperties[] = [
	{
		displayName: 'Record Type',
		name: 'recordType',
		type: 'options',
		noDataExpression: true,
		default: 'products',
		options: [
			{
				name: 'Products',
				value: 'products',
				description: 'Delete products. Spaaza also deletes every variant of a deleted product.',
			},
			{ name: 'Variants', value: 'variants', description: 'Delete variants (with their barcodes)' },
		],
	},
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
	{
		displayName: 'Chain ID',
		name: 'chainId',
		type: 'number',
		default: '',
		placeholder: "The credential's Chain ID",
		description:
			'The Spaaza chain the records belong to, as a whole number. Leave empty to use the Chain ID of the credential.',
	},
	{
		displayName: 'Max Deletions',
		name: 'maxDeletions',
		type: 'number',
		default: DEFAULT_MAX_DELETIONS,
		typeOptions: { minValue: 0 },
		description:
			'The most records one run may delete. When more arrive, nothing at all is deleted and the node stops with an error, so a cut-off feed cannot empty the catalogue.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				default: 4,
				typeOptions: { minValue: 1, maxValue: MAX_DELETE_CONCURRENCY },
				description: `How many records to delete at the same time (1 to ${MAX_DELETE_CONCURRENCY})`,
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description: 'Whether to only report what would be deleted, without deleting anything',
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				default: DEFAULT_MAX_RETRIES,
				typeOptions: { minValue: 0, maxValue: 10 },
				description:
					'How many times to try a delete again when Spaaza is busy or the connection drops',
			},
		],
	},
];
