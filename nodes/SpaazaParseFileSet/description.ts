import type { INodeProperties } from 'n8n-workflow';

export const properties: INodeProperties[] = [
	{
		displayName: 'Binary Properties',
		name: 'binaryProperties',
		type: 'string',
		default: '',
		placeholder: 'e.g. data, attachment_0',
		description:
			'Names of the binary fields that hold the files, separated by commas. Leave empty to read every file on every incoming item (one item per file, as Google Drive or FTP deliver them, or several attachments on one email item).',
	},
	{
		displayName: 'Require Complete Sets',
		name: 'requireCompleteSets',
		type: 'boolean',
		default: true,
		description:
			'Whether a set missing its product list or its variant list (or with a file that cannot be read) is rejected as a whole. Turn off to import whichever file of the set is there.',
	},
	{
		displayName: 'Update If Exists',
		name: 'updateIfExists',
		type: 'boolean',
		default: true,
		description:
			"Whether records update a product or variant that already exists in Spaaza, for rows without an update_if_exists column value (like the importer's --update-if-exists flag)",
	},
	{
		displayName: 'Output',
		name: 'outputMode',
		type: 'options',
		default: 'rows',
		options: [
			{
				name: 'One Item per Record',
				value: 'rows',
				description:
					'Each product and each variant becomes its own item; easiest to inspect and map',
			},
			{
				name: 'Batches of Records',
				value: 'batches',
				description:
					'Items with up to Batch Size records each, as { fileSet, records }; uses far less memory for large files',
			},
		],
	},
	{
		displayName: 'Max Records',
		name: 'maxRecords',
		type: 'number',
		default: 100_000,
		typeOptions: { minValue: 1 },
		description:
			'Stop with an error when the files hold more rows than this. One item per record keeps every item in memory, so very large files should use Batches of Records instead; raise this only if your n8n has the memory.',
		displayOptions: { show: { outputMode: ['rows'] } },
	},
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		default: 500,
		typeOptions: { minValue: 1 },
		description: 'Records per output item',
		displayOptions: { show: { outputMode: ['batches'] } },
	},
	{
		displayName: 'On Invalid Row',
		name: 'onInvalidRow',
		type: 'options',
		default: 'report',
		options: [
			{
				name: 'Report It and Continue',
				value: 'report',
				description:
					'Leave the row out and send the reason (file, line, column) to the Errors output',
			},
			{
				name: 'Stop the Workflow',
				value: 'fail',
				description: 'Stop at the first problem with an error naming the file, line and column',
			},
		],
	},
	{
		displayName: 'Skip Processed Sets',
		name: 'skipProcessedSets',
		type: 'boolean',
		default: false,
		description:
			'Whether to remember the newest set this node has read and skip sets that are not newer on later runs. Skipped sets are listed on the Errors output as warnings. Only active workflows remember; manual test runs do not.',
	},
];
