import { stringify } from 'csv-stringify/sync';
import type { CatalogueStore } from './catalogue';
import { sampleRows } from './sampleExports';
import { filterBySegment, type Segment, SegmentError } from './segments';

export const EXPORT_INDEXES = [
	'products',
	'product-variants',
	'users',
	'transactions',
	'vouchers',
	'wallet-ledger',
];
export const EXPORT_FORMATS = ['csv', 'json'];

/** `{Index}_Export-{id}.{ext}` (D-tdl); the products and product-variants prefixes are inferred. */
const FILE_PREFIX: Record<string, string> = {
	products: 'Product_Export',
	'product-variants': 'Product_Variant_Export',
	users: 'User_Export',
	transactions: 'Transaction_Export',
	vouchers: 'Voucher_Export',
	'wallet-ledger': 'Wallet_Export',
};

export const PRODUCT_EXPORT_COLUMNS = [
	'id',
	'owner_code',
	'name',
	'description',
	'brand',
	'manufacturer',
	'season',
	'category',
	'price',
	'cost_price',
	'web_url',
	'image_url',
	'is_promotional',
	'private_label',
	'unit',
	'created_date',
	'last_modified_date',
];

export const VARIANT_EXPORT_COLUMNS = [
	'id',
	'product_id',
	'product_owner_code',
	'owner_code',
	'name',
	'price',
	'cost_price',
	'colour',
	'size',
	'condition',
	'image_url',
	'web_url',
	'is_promotional',
	'barcodes',
	'created_date',
	'last_modified_date',
];

/** Segments saved "in Console" that `trigger.segment_id` can name. */
export const SAVED_SEGMENTS: Record<string, Segment> = {
	'sandbox-promotional': {
		join: 'all',
		rules: [{ field_name: 'is_promotional', field_type: 'keyword', operator: 'is', value: 'true' }],
	},
};

export interface ExportFile {
	fileName: string;
	contentType: string;
	body: Buffer;
	rowCount: number;
}

type Row = Record<string, unknown>;

const pick = (row: Row, columns: string[]) =>
	Object.fromEntries(columns.map((column) => [column, row[column] ?? null]));

interface IndexRows {
	rows: Row[];
	/** What a segment rule sees for each row. */
	fieldsOf: (row: Row) => Row;
	knownFields: string[];
	columns: string[];
}

function indexRows(index: string, store: CatalogueStore, chainId: number, now: number): IndexRows {
	const products = store.productsOf(chainId).sort((a, b) => a.id - b.id);
	if (index === 'products') {
		const rows = products.map((product) =>
			pick(store.serializeProduct(product), PRODUCT_EXPORT_COLUMNS),
		);
		return {
			rows,
			fieldsOf: (row) => row,
			knownFields: PRODUCT_EXPORT_COLUMNS,
			columns: PRODUCT_EXPORT_COLUMNS,
		};
	}
	if (index === 'product-variants') {
		// A variant rule may name a product field (the docs filter product-variants on `category`):
		// the variant's own fields win, the parent product's fill in.
		const parents = new Map<number, Row>();
		const rows = products.flatMap((product) => {
			const parent = pick(store.serializeProduct(product), PRODUCT_EXPORT_COLUMNS);
			return store
				.variantsOf(product.id)
				.sort((a, b) => a.id - b.id)
				.map((variant) => {
					const row = pick(
						{
							...store.serializeVariant(variant),
							product_owner_code: product.fields.owner_code,
							barcodes: variant.barcodeIds.map((id) => store.barcodes.get(id)!.barcode),
						},
						VARIANT_EXPORT_COLUMNS,
					);
					parents.set(variant.id, parent);
					return row;
				});
		});
		const withParent = (row: Row): Row => {
			const merged: Row = { ...parents.get(row.id as number) };
			for (const [name, value] of Object.entries(row)) if (value !== null) merged[name] = value;
			return merged;
		};
		const knownFields = [...new Set([...VARIANT_EXPORT_COLUMNS, ...PRODUCT_EXPORT_COLUMNS])];
		return { rows, fieldsOf: withParent, knownFields, columns: VARIANT_EXPORT_COLUMNS };
	}
	const rows = sampleRows(index, chainId, now);
	const columns = Object.keys(rows[0] ?? {});
	return { rows, fieldsOf: (row) => row, knownFields: columns, columns };
}

function csvCell(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (Array.isArray(value)) return value.join('|');
	return String(value);
}

/** Runs an export of the chain's data now; throws SegmentError when the segment cannot be applied. */
export function buildExport(
	taskId: number,
	index: string,
	format: string,
	store: CatalogueStore,
	chainId: number,
	segment: Segment | undefined,
	now: number,
	onlyColumns?: string[],
): ExportFile {
	const built = indexRows(index, store, chainId, now);
	const { rows, fieldsOf, knownFields } = built;
	const columns = onlyColumns ?? built.columns;
	if (segment && segment.index !== undefined && segment.index !== index) {
		throw new SegmentError(
			`The segment is for index "${segment.index}" but the export is of "${index}"`,
		);
	}
	const selected = segment ? filterBySegment(rows, segment, fieldsOf, knownFields, now) : rows;
	const fileName = `${FILE_PREFIX[index]}-${taskId}.${format}`;
	if (format === 'json') {
		return {
			fileName,
			contentType: 'application/json',
			body: Buffer.from(JSON.stringify(selected.map((row) => pick(row, columns)))),
			rowCount: selected.length,
		};
	}
	const csv = stringify(
		selected.map((row) => columns.map((column) => csvCell(row[column]))),
		{ header: true, columns, record_delimiter: 'unix' },
	);
	return {
		fileName,
		contentType: 'text/csv; charset=utf-8',
		body: Buffer.from(csv),
		rowCount: selected.length,
	};
}

export function unknownSegmentId(segmentId: string): SegmentError {
	return new SegmentError(
		`Segment "${segmentId}" was not found for this chain (saved segments: ${Object.keys(SAVED_SEGMENTS).join(', ')})`,
	);
}
