import { stringify } from '../bundled/csvStringify';

import { FIELDS, columnOf, requiredColumnGroups, type RecordKind } from '../records/fields';
import type { FileRecord } from './issues';

/** A column of the file and the record key it is filled from. */
interface Column {
	name: string;
	key: string;
}

/**
 * The file's columns: those some record uses, Spaaza fields in field-table order, then the extra
 * fields sorted by name, so the same records always give the same header. A column the parser
 * requires is written even when no record fills it (an empty list still needs its header).
 */
export function fileColumns(kind: RecordKind, records: readonly FileRecord[]): Column[] {
	const used = new Set<string>();
	for (const { record } of records) for (const key of Object.keys(record)) used.add(key);
	const fields = FIELDS[kind];
	const names = new Set(fields.filter((rule) => used.has(rule.name)).map(columnOf));
	for (const group of requiredColumnGroups(kind, names)) {
		if (!group.some((name) => names.has(name))) names.add(group[0]);
	}
	const columns = fields
		.filter((rule) => names.has(columnOf(rule)))
		.map((rule) => ({ name: columnOf(rule), key: rule.name }));
	const known = new Set(fields.map((rule) => rule.name));
	const others = [...used].filter((key) => !known.has(key)).sort();
	return [...columns, ...others.map((key) => ({ name: key, key }))];
}

/** Booleans as `true`/`false` (csv-stringify would write 1 and an empty cell), numbers as digits. */
function cell(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'string' ? value : String(value);
}

/** Rows of the file, header first; a variant gives one row per barcode, its other cells repeated. */
export function* fileRows(
	kind: RecordKind,
	columns: readonly Column[],
	records: readonly FileRecord[],
): Generator<string[]> {
	yield columns.map((column) => column.name);
	const barcodeAt = columns.findIndex((column) => column.key === 'barcodes');
	for (const { record } of records) {
		const row = columns.map((column) => cell(record[column.key]));
		if (kind === 'product') {
			yield row;
			continue;
		}
		for (const barcode of record.barcodes as string[]) {
			row[barcodeAt] = barcode;
			yield row.slice();
		}
	}
}

/** Number of data rows `fileRows` gives. */
export function rowCount(kind: RecordKind, records: readonly FileRecord[]): number {
	if (kind === 'product') return records.length;
	let rows = 0;
	for (const { record } of records) rows += (record.barcodes as string[]).length;
	return rows;
}

/**
 * The CSV in pieces of ROWS_PER_PIECE rows, produced as the reader asks, so building the file
 * never holds 100k records as one string. UTF-8 without BOM, LF line ends, `"` quoting only where
 * a value holds a comma, quote or line break. Formula-like cells (`=`, `+`, `-`, `@`) are written
 * as given: Spaaza's importer needs the exact text. An error while producing rows reaches the
 * reader when it asks for the next piece.
 */
export function* csvChunks(kind: RecordKind, records: readonly FileRecord[]): Generator<Buffer> {
	for (const piece of csvText(kind, fileColumns(kind, records), records))
		yield Buffer.from(piece, 'utf8');
}

/**
 * The whole file as one Buffer, for n8n's binary store. n8n's in-memory (default) binary mode
 * reads only Buffers or Node streams, and the package imports no `node:stream` (n8n's Cloud rules),
 * so the file is handed over whole: its bytes (the pieces briefly as well, twice its size at the
 * end), far below the records it is built from, which the node holds anyway.
 */
export function csvFile(kind: RecordKind, records: readonly FileRecord[]): Buffer {
	return Buffer.concat([...csvChunks(kind, records)]);
}

/** Rows written per piece of text: small enough to stay small, large enough to cost little. */
const ROWS_PER_PIECE = 500;

/** The CSV in pieces of ROWS_PER_PIECE rows, through csv-stringify's synchronous entry. */
function* csvText(
	kind: RecordKind,
	columns: readonly Column[],
	records: readonly FileRecord[],
): Generator<string> {
	// quote_record_delimiter: with an explicit record_delimiter csv-stringify would otherwise quote
	// only LF, and a lone CR left bare can make a reader split the row there.
	const options = {
		record_delimiter: 'unix',
		quote_record_delimiter: true,
		escape_formulas: false,
	} as const;
	let rows: string[][] = [];
	for (const row of fileRows(kind, columns, records)) {
		rows.push(row);
		if (rows.length === ROWS_PER_PIECE) {
			yield stringify(rows, options);
			rows = [];
		}
	}
	if (rows.length > 0) yield stringify(rows, options);
}
