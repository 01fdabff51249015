import type { INodeProperties } from 'n8n-workflow';

import { PRODUCT_UPSERT, VARIANT_UPSERT } from '../shell/mapping/kinds';
import { manualMappingByParameter, mappingModeProperty } from '../shell/mapping/manual';
import {
	chainIdProperty,
	recordTypeProperty,
	concurrencyOption,
	maxRetriesOption,
	optionsCollection,
} from '../spaaza/properties';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from '../spaaza/upsert/description';

export const properties: INodeProperties[] = [
	{
		// Right under the credential field: get-product-variants takes admin logins only.
		displayName:
			'Choose a Spaaza credential that uses Admin Login (or Admin Session): Spaaza refuses access tokens for reading variants',
		name: 'adminCredentialNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { recordType: ['variants'] } },
	},
	recordTypeProperty({
		products: "Compare product records with Spaaza's products (read with one products export)",
		variants: "Compare variant records with Spaaza's variants (read 500 at a time)",
	}),
	chainIdProperty('to compare with'),
	mappingModeProperty(
		'Fill in each Spaaza field yourself, as in the Create or Update nodes. The New, Changed and Unchanged items then hold the mapped Spaaza fields, so the Create or Update node after this one can map automatically.',
	),
	...manualMappingByParameter('recordType', { products: PRODUCT_UPSERT, variants: VARIANT_UPSERT }),
	{
		displayName: 'Feed Is Complete',
		name: 'feedIsComplete',
		type: 'boolean',
		default: false,
		description:
			'Whether the input holds the whole catalogue. Only then are records that Spaaza has and the input lacks sent to the Missing From Feed output. Leave it off for files that carry only some records.',
	},
	{
		displayName: 'Output Unchanged',
		name: 'outputUnchanged',
		type: 'options',
		default: 'summary',
		options: [
			{
				name: 'Summary',
				value: 'summary',
				description: 'One item with the counts of every output',
			},
			{
				name: 'Records',
				value: 'records',
				description: 'One item per unchanged record',
			},
		],
		description: 'What the Unchanged output holds',
	},
	optionsCollection([
		{
			...concurrencyOption(
				DEFAULT_CONCURRENCY,
				MAX_CONCURRENCY,
				`How many pages of 500 variants to read from Spaaza at the same time (1 to ${MAX_CONCURRENCY}). Lower it if Spaaza reports that it is busy.`,
			),
			displayOptions: { show: { '/recordType': ['variants'] } },
		},
		maxRetriesOption(
			'How many times to try a read again when Spaaza is busy or the connection drops. A read that still fails sends the records it could not check to Changed.',
		),
	]),
];
