/**
 * Node parameters several Spaaza nodes share, built from one definition so their names, bounds
 * and wording stay alike; each node passes only the words that are its own.
 */
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_RETRIES } from './transport/constants';

/** With the 1 s base and 30 s cap of the backoff, 10 retries already wait several minutes. */
export const MAX_RETRIES_LIMIT = 10;

/** `chainId`; `purpose` completes "The Spaaza chain …", e.g. "to export from". */
export function chainIdProperty(purpose: string): INodeProperties {
	return {
		displayName: 'Chain ID',
		name: 'chainId',
		type: 'number',
		// Empty, not 0: the field shows the placeholder instead of a chain number that means "none".
		default: '',
		placeholder: "The credential's Chain ID",
		description: `The Spaaza chain ${purpose}, as a whole number. Leave empty to use the Chain ID of the credential.`,
	};
}

/** The `options` collection every node keeps its less-used settings in. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

/** A whole number between `min` and `max`. */
function boundedNumber(
	displayName: string,
	name: string,
	defaultValue: number,
	[min, max]: [number, number],
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'number',
		default: defaultValue,
		typeOptions: { minValue: min, maxValue: max },
		description,
	};
}

export function concurrencyOption(
	defaultValue: number,
	max: number,
	description: string,
): INodeProperties {
	return boundedNumber('Concurrency', 'concurrency', defaultValue, [1, max], description);
}

export function dryRunOption(description: string): INodeProperties {
	return { displayName: 'Dry Run', name: 'dryRun', type: 'boolean', default: false, description };
}

export function maxRetriesOption(description: string): INodeProperties {
	const bounds: [number, number] = [0, MAX_RETRIES_LIMIT];
	return boundedNumber('Max Retries', 'maxRetries', DEFAULT_MAX_RETRIES, bounds, description);
}

/** `recordType`: products or variants, with what the node does with each. */
export function recordTypeProperty(what: { products: string; variants: string }): INodeProperties {
	return {
		displayName: 'Record Type',
		name: 'recordType',
		type: 'options',
		noDataExpression: true,
		default: 'products',
		options: [
			{ name: 'Products', value: 'products', description: what.products },
			{ name: 'Variants', value: 'variants', description: what.variants },
		],
	};
}

/** `taskId`, taken from the incoming item's `id` unless the user enters one. */
export function taskIdProperty(description: string): INodeProperties {
	return {
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		default: '={{ $json.id }}',
		required: true,
		description,
	};
}

/** `binaryPropertyName`: the output binary field a node puts its file in. */
export function outputFileFieldProperty(extra: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
		...extra,
	};
}
