import type { INodeProperties } from 'n8n-workflow';

export const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Fields',
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
			'Whether a row may change a product or variant that is already in Spaaza (same owner code). Applies to rows that leave the update_if_exists column empty; when off, such a row is reported as rejected.',
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
		// Read by the Spaaza Upsert nodes after this one (nodes/spaaza/upsert/runOrder.ts): the last of
		// them to run fails the execution once it has sent its records.
		displayName: 'Fail Execution on Rejected Rows',
		name: 'failOnRejectedRows',
		type: 'boolean',
		default: false,
		noDataExpression: true,
		description:
			'Whether to mark the execution as failed when rows were rejected, so it shows in red in the executions list. Everything valid is still sent first: the last Spaaza Create or Update node after this one fails once it has sent its records (SPAAZA_ROWS_REJECTED). Warnings alone do not fail it.',
		displayOptions: { show: { onInvalidRow: ['report'] } },
	},
	{
		displayName: 'Skip Processed Sets',
		name: 'skipProcessedSets',
		type: 'boolean',
		default: false,
		description:
			'Whether to skip sets that were already imported. A set counts as imported only when every one of its records reached Spaaza through the Spaaza Create or Update nodes of the same run (or was rejected as invalid and reported), and every older set seen with it did too; a run that fails or is stopped leaves the set to be imported again next time, and the newer sets after it are imported again after it. Skipped sets are listed on Errors as warnings. Only published workflows remember; test runs from the editor do not.',
	},
	{
		displayName: 'Report Unconfirmed Set After (Runs)',
		name: 'unconfirmedRuns',
		type: 'number',
		default: 3,
		typeOptions: { minValue: 1 },
		description:
			'A set that is read again because an earlier run did not get all its records into Spaaza is listed on Errors as a warning. After this many runs in a row it becomes an error (SPAAZA_SET_NOT_CONFIRMED) with the counts that did get in. The set is imported again either way.',
		displayOptions: { show: { skipProcessedSets: [true] } },
	},
	{
		displayName: 'Hold Back Sets After a Rejected Set',
		name: 'holdBackAfterRejectedSet',
		type: 'boolean',
		default: false,
		description:
			'Whether a set this node rejects as a whole (e.g. a wrong header) keeps the newer sets from counting as imported until it is fixed and imported. Off: the newer sets count as imported without it, and when the rejected set is fixed they are imported again after it, so the newest values win. The rejected set is reported on every run either way.',
		displayOptions: { show: { skipProcessedSets: [true] } },
	},
	{
		displayName: 'Wait for Complete Files',
		name: 'waitForCompleteFiles',
		type: 'boolean',
		default: false,
		description:
			'Whether to leave a set for a later run while one of its files may still be uploading: a file younger than the minimum age (by the modified time Google Drive or FTP/SFTP list), or whose size changed since the previous run. Files without a modified time (e.g. Read Files from Disk) must have the same size on two runs in a row. Held files are listed on Errors as warnings. Only published workflows remember sizes between runs, of at most 1,000 files: beyond that the held files are remembered first, so every file is still read within a few runs.',
	},
	{
		displayName: 'Minimum File Age (Seconds)',
		name: 'minimumFileAge',
		type: 'number',
		default: 60,
		typeOptions: { minValue: 0 },
		description: 'Files modified less than this many seconds ago wait for a later run',
		displayOptions: { show: { waitForCompleteFiles: [true] } },
	},
];
