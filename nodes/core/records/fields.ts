/**
 * The one field table for product and variant records (README "Spaaza file sets", docs/spaaza-api.md §2, §3). The CSV
 * parser, the record validation used by Upsert and Build, and the header checks are all derived from
 * it, so a limit or a type is changed here and nowhere else.
 */
export type FieldType = 'string' | 'integer' | 'decimal' | 'boolean' | 'url' | 'barcode';

export type RecordKind = 'product' | 'variant';

export interface FieldRule {
	/** Key in the record and API parameter name. */
	readonly name: string;
	readonly type: FieldType;
	/** Characters (code points); from the API docs. Absent where Spaaza documents no limit. */
	readonly maxLength?: number;
	/** Column name in the CSV file when it differs from `name`. */
	readonly column?: string;
}

const NAME_LIMIT = 255;
const URL_LIMIT = 512;

export const PRODUCT_FIELDS: readonly FieldRule[] = [
	{ name: 'id', type: 'integer' },
	{ name: 'owner_code', type: 'string', maxLength: 64 },
	{ name: 'name', type: 'string', maxLength: NAME_LIMIT },
	{ name: 'description', type: 'string', maxLength: 512 },
	{ name: 'price', type: 'decimal' },
	{ name: 'cost_price', type: 'decimal' },
	{ name: 'brand', type: 'string', maxLength: 64 },
	{ name: 'manufacturer', type: 'string', maxLength: 64 },
	{ name: 'season', type: 'string', maxLength: 64 },
	{ name: 'category', type: 'string', maxLength: 1024 },
	{ name: 'web_url', type: 'url', maxLength: URL_LIMIT },
	{ name: 'image_url', type: 'url', maxLength: URL_LIMIT },
	{ name: 'is_promotional', type: 'boolean' },
	{ name: 'private_label', type: 'boolean' },
	{ name: 'unit', type: 'string' },
	{ name: 'update_if_exists', type: 'boolean' },
];

// The variant endpoint's docs give no limits for name and the URLs; README "Spaaza file sets" applies the
// product rules to them ("as above"), which also keeps Build → Parse symmetric.
export const VARIANT_FIELDS: readonly FieldRule[] = [
	{
		name: 'owner_code',
		type: 'string',
		maxLength: 255,
		column: 'product_variant_owner_code',
	},
	{ name: 'barcodes', type: 'barcode', column: 'barcode' },
	{ name: 'id', type: 'integer' },
	{ name: 'product_id', type: 'integer' },
	{ name: 'product_owner_code', type: 'string', maxLength: 255 },
	{ name: 'name', type: 'string', maxLength: NAME_LIMIT },
	{ name: 'price', type: 'decimal' },
	{ name: 'cost_price', type: 'decimal' },
	{ name: 'colour', type: 'string' },
	{ name: 'size', type: 'string' },
	{ name: 'image_url', type: 'url', maxLength: URL_LIMIT },
	{ name: 'web_url', type: 'url', maxLength: URL_LIMIT },
	{ name: 'is_promotional', type: 'boolean' },
	{ name: 'update_if_exists', type: 'boolean' },
];

export const FIELDS: Readonly<Record<RecordKind, readonly FieldRule[]>> = {
	product: PRODUCT_FIELDS,
	variant: VARIANT_FIELDS,
};

/** CSV column name of a field. */
export function columnOf(rule: FieldRule): string {
	return rule.column ?? rule.name;
}

/**
 * Columns a file must have (one name from each group). A product row may be identified by `id`
 * alone, so `name` is only required when the file has no `id` column.
 */
export function requiredColumnGroups(kind: RecordKind, columns: ReadonlySet<string>): string[][] {
	if (kind === 'product') {
		const groups = [['owner_code', 'id']];
		if (!columns.has('id')) groups.push(['name']);
		return groups;
	}
	return [['product_variant_owner_code'], ['barcode'], ['product_id', 'product_owner_code']];
}
