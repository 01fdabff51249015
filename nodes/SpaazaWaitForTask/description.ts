import type { INodeProperties } from 'n8n-workflow';

import { taskIdProperty } from '../spaaza/properties';

export const properties: INodeProperties[] = [
	taskIdProperty('The task to wait for. By default the ID from Spaaza Create Export Task.'),
	{
		displayName: 'Check Every (Seconds)',
		name: 'pollInterval',
		type: 'number',
		default: 5,
		typeOptions: { minValue: 1, maxValue: 60, numberPrecision: 0 },
		description:
			'How often to ask Spaaza whether the task is done at first. The pause grows gently for long exports, up to once a minute.',
	},
	{
		displayName: 'Timeout (Minutes)',
		name: 'timeout',
		type: 'number',
		default: 30,
		typeOptions: { minValue: 0, maxValue: 1440, numberPrecision: 0 },
		description: 'How long to wait at most before giving up',
	},
	{
		displayName: 'On Timeout',
		name: 'onTimeout',
		type: 'options',
		default: 'error',
		options: [
			{
				name: 'Fail',
				value: 'error',
				description: 'Stop with an error that reports the last known task state',
			},
			{
				name: 'Output Item',
				value: 'output',
				description:
					'Output the last known task with timedOut set to true, so the workflow can decide',
			},
		],
	},
];
