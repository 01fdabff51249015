import type { INodeProperties } from 'n8n-workflow';

import { outputFileFieldProperty, taskIdProperty } from '../spaaza/properties';

export const properties: INodeProperties[] = [
	taskIdProperty(
		'The finished export task. By default the ID from Spaaza Wait For Task, which makes sure the task is done.',
	),
	{
		displayName: 'Download File',
		name: 'download',
		type: 'boolean',
		default: true,
		description:
			'Whether to fetch the file now and attach it to the output item. Turn off to only output the link, which expires after about an hour.',
	},
	outputFileFieldProperty({ displayOptions: { show: { download: [true] } } }),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { download: [true] } },
		options: [
			{
				displayName: 'Download Timeout (Minutes)',
				name: 'downloadTimeout',
				type: 'number',
				default: 30,
				typeOptions: { minValue: 1 },
				description:
					'The longest the whole download may take. Raise it for very large exports on a slow connection.',
			},
			{
				displayName: 'Max File Size (MB)',
				name: 'maxFileSize',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description:
					'Refuse files larger than this, to protect the disk of your n8n. 0 means no limit.',
			},
			{
				displayName: 'Minimum Speed (KB/s)',
				name: 'minimumSpeed',
				type: 'number',
				default: 10,
				typeOptions: { minValue: 0 },
				description:
					'Stop a download that arrives slower than this over 30 seconds: storage that has stalled is not waited for until the timeout. 0 turns the check off.',
			},
		],
	},
];
