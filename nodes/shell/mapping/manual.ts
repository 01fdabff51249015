/**
 * Manual mapping: one node field per Spaaza API parameter, filled with expressions from the
 * incoming item. The field list is derived from the shared field table, so the node offers
 * exactly the parameters the record validation accepts.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { FieldRule, RecordKind } from '../../core/records';
import type { UpsertKind } from './kinds';

/** Fields shown at the top in manual mode, because most records need them. */
interface TopField {
	param: string;
	field: string;
	displayName: string;
	description: string;
	placeholder: string;
}

const TOP_FIELDS: Record<RecordKind, TopField[]> = {
	product: [
		{
			param: 'ownerCode',
			field: 'owner_code',
			displayName: 'Owner Code',
			description:
				'Your own unique code for the product, such as its style number (up to 64 characters)',
			placeholder: 'e.g. {{ $json.sku }}',
		},
		{
			param: 'productName',
			field: 'name',
			displayName: 'Name',
			description:
				'The product name. Needed for a new product; may stay empty when you only update an existing one.',
			placeholder: 'e.g. {{ $json.title }}',
		},
	],
	variant: [
		{
			param: 'variantOwnerCode',
			field: 'owner_code',
			displayName: 'Variant Owner Code',
			description:
				'Your own unique code for this variant, such as the SKU of one size and colour (up to 255 characters)',
			placeholder: 'e.g. {{ $json.sku }}',
		},
		{
			param: 'productOwnerCode',
			field: 'product_owner_code',
			displayName: 'Product Owner Code',
			description:
				'The owner code of the product this variant belongs to. Leave empty when you give a Product ID instead.',
			placeholder: 'e.g. {{ $json.style_number }}',
		},
		{
			param: 'barcodes',
			field: 'barcodes',
			displayName: 'Barcodes',
			description:
				'One barcode, several separated by commas, or an expression that gives a list. Spaaza replaces the barcodes of an existing variant with these.',
			placeholder: 'e.g. {{ $json.ean }}',
		},
	],
};

const TEXT: Record<string, { displayName: string; description: string }> = {
	brand: { displayName: 'Brand', description: 'Brand name (up to 64 characters)' },
	category: {
		displayName: 'Category',
		description: 'Category path with levels separated by >, e.g. Clothing > Tops',
	},
	colour: { displayName: 'Colour', description: 'Colour of this variant, e.g. navy' },
	cost_price: {
		displayName: 'Cost Price',
		description: 'What the item costs you, with a dot as decimal separator, e.g. 12.50',
	},
	description: {
		displayName: 'Description',
		description: 'Product description (up to 512 characters)',
	},
	id: {
		displayName: 'Spaaza ID',
		description: 'The ID Spaaza gave an existing record, to update that record',
	},
	image_url: {
		displayName: 'Image URL',
		description: 'Web address of the image, starting with http:// or https://',
	},
	is_promotional: {
		displayName: 'Is Promotional',
		description: 'Whether the item is on promotion',
	},
	manufacturer: {
		displayName: 'Manufacturer',
		description: 'Who made the product (up to 64 characters)',
	},
	name: {
		displayName: 'Name',
		description: 'Name of this variant, when it differs from the product name',
	},
	price: {
		displayName: 'Price',
		description:
			'Selling price with a dot as decimal separator and no thousands separator, e.g. 1501.23',
	},
	private_label: {
		displayName: 'Private Label',
		description: "Whether the product is the retailer's own label",
	},
	product_id: {
		displayName: 'Product ID',
		description: 'The Spaaza ID of the product this variant belongs to, instead of its owner code',
	},
	season: { displayName: 'Season', description: 'Season code, e.g. SS25 (up to 64 characters)' },
	size: { displayName: 'Size', description: 'Size of this variant, e.g. M or 42' },
	unit: { displayName: 'Unit', description: 'Sale unit, such as item, g or kg' },
	web_url: {
		displayName: 'Web URL',
		description: 'Web page of the item, starting with http:// or https://',
	},
};

function additionalField(rule: FieldRule): INodeProperties {
	const text = TEXT[rule.name] ?? {
		displayName: rule.name,
		description: `The Spaaza field ${rule.name}`,
	};
	if (rule.type === 'boolean') {
		return {
			displayName: text.displayName,
			name: rule.name,
			type: 'boolean',
			default: false,
			description: text.description,
		};
	}
	return {
		displayName: text.displayName,
		name: rule.name,
		type: 'string',
		default: '',
		description: text.description,
	};
}

/** The Mapping Mode parameter of the nodes that take records (Upsert, Compare); `manual` says what manual mode does there. */
export function mappingModeProperty(manual: string): INodeProperties {
	return {
		displayName: 'Mapping Mode',
		name: 'mappingMode',
		type: 'options',
		noDataExpression: true,
		default: 'auto',
		options: [
			{
				name: 'Map Automatically',
				value: 'auto',
				description:
					"Use the incoming fields whose names match Spaaza's (as Parse Spaaza File Set outputs them) and ignore the rest",
			},
			{ name: 'Map Each Field Manually', value: 'manual', description: manual },
		],
	};
}

/** The manual-mapping fields of one node, shown only when Mapping Mode is Manual. */
export function manualMappingProperties(kind: UpsertKind): INodeProperties[] {
	const show = { show: { mappingMode: ['manual'] } };
	const top = TOP_FIELDS[kind.kind];
	const topNames = new Set(top.map((field) => field.field));
	// update_if_exists has its own node field, which takes expressions too.
	const extra = kind.fields
		.filter((rule) => !topNames.has(rule.name) && rule.name !== 'update_if_exists')
		.map(additionalField)
		.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return [
		...top.map(
			(field): INodeProperties => ({
				displayName: field.displayName,
				name: field.param,
				type: 'string',
				default: '',
				placeholder: field.placeholder,
				description: field.description,
				displayOptions: show,
			}),
		),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: show,
			options: extra,
		},
	];
}

/**
 * The manual-mapping fields of a node that handles both kinds, each set shown for the value of
 * `parameter` that selects its kind (Build's File Type, Compare's Record Type).
 */
export function manualMappingByParameter(
	parameter: string,
	kinds: Readonly<Record<string, UpsertKind>>,
): INodeProperties[] {
	return Object.entries(kinds).flatMap(([value, kind]) =>
		manualMappingProperties(kind).map((property) => ({
			...property,
			displayOptions: { show: { ...property.displayOptions?.show, [parameter]: [value] } },
		})),
	);
}

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

/** The record one item gives in manual mode, before validation; blank fields are left out. */
export function readManualRecord(
	ctx: IExecuteFunctions,
	itemIndex: number,
	kind: UpsertKind,
): IDataObject {
	const record: IDataObject = {};
	for (const field of TOP_FIELDS[kind.kind]) {
		const value = ctx.getNodeParameter(field.param, itemIndex, '');
		if (!isBlank(value)) record[field.field] = value;
	}
	const extra = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	for (const [name, value] of Object.entries(extra)) if (!isBlank(value)) record[name] = value;
	return record;
}
