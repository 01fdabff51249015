import type { INodeProperties } from 'n8n-workflow';

import { outputFileFieldProperty } from '../spaaza/properties';
import { mappingProperties } from './mapping';

export const properties: INodeProperties[] = [
	{
		displayName: 'File Type',
		name: 'fileType',
		type: 'options',
		default: 'productlist',
		description:
			'Which file of the set to build. Use two Build nodes, one per file, for a complete set.',
		options: [
			{
				name: 'Product List',
				value: 'productlist',
				description: 'One row per product (productlist_….csv)',
			},
			{
				name: 'Variant List',
				value: 'variantlist',
				description: 'One row per barcode of each variant (variantlist_….csv)',
			},
		],
	},
	{
		displayName: 'Timestamp',
		name: 'timestamp',
		type: 'string',
		default: '',
		placeholder: 'e.g. 20251024_100000',
		description:
			'The date and time in the file name, as YYYYMMDD_HHMMSS in UTC. Leave empty to use the current time. Both files of a set must have the same timestamp, and Spaaza imports sets from oldest to newest.',
	},
	{
		displayName: 'Mapping Mode',
		name: 'mappingMode',
		type: 'options',
		default: 'auto',
		options: [
			{
				name: 'Map Automatically',
				value: 'auto',
				description:
					'Take the Spaaza fields (owner_code, name, price …) from each item as they are named',
			},
			{
				name: 'Map Each Column',
				value: 'manual',
				description: 'Set the value of each column yourself, with expressions if needed',
			},
		],
		description:
			'Values are written exactly as given, also ones that start with =, +, - or @, which a spreadsheet would read as a formula: Spaaza needs the exact text',
	},
	{
		displayName: 'Include Other Fields',
		name: 'includeOtherFields',
		type: 'boolean',
		default: true,
		description:
			'Whether to write item fields that are not Spaaza fields as extra columns (only fields with lowercase names and plain values). Turn off to write Spaaza fields only.',
		displayOptions: { show: { mappingMode: ['auto'] } },
	},
	...mappingProperties,
	outputFileFieldProperty(),
];
