/**
 * Turns the node's input items into the list of records to upsert or write, remembering which
 * item each came from: a row item (Parse in `rows` mode, a sheet row, a Set node) is one record;
 * a batch item (`{ fileSet, records: [...] }` from Parse in `batches` mode) holds many. Pure.
 */
import type { IDataObject } from 'n8n-workflow';

import type { RecordSource } from '../../core/records';

export interface RecordEntry {
	/** Input item the record came from (output items are paired to it). */
	itemIndex: number;
	/** The record as given, before mapping and validation. */
	raw: unknown;
}

export interface InputGroup {
	itemIndex: number;
	/** A batch item gives one output item with every result; a row item one item per record. */
	batch: boolean;
	fileSet?: string;
	/** Positions of its records in the flat record list. */
	first: number;
	count: number;
}

export interface FlatInput {
	groups: InputGroup[];
	entries: RecordEntry[];
}

export function isBatchItem(json: IDataObject): boolean {
	return Array.isArray(json.records);
}

/**
 * `asRows` treats every item as one record whatever its shape: manual mapping reads one record per
 * item from the node's fields, so a `records` key has no special meaning there.
 */
export function flattenInput(
	items: ReadonlyArray<{ json: IDataObject }>,
	asRows = false,
): FlatInput {
	const groups: InputGroup[] = [];
	const entries: RecordEntry[] = [];
	items.forEach(({ json }, itemIndex) => {
		const first = entries.length;
		if (!asRows && isBatchItem(json)) {
			for (const raw of json.records as unknown[]) entries.push({ itemIndex, raw });
			const fileSet = typeof json.fileSet === 'string' ? json.fileSet : undefined;
			groups.push({ itemIndex, batch: true, fileSet, first, count: entries.length - first });
			return;
		}
		entries.push({ itemIndex, raw: json });
		groups.push({ itemIndex, batch: false, first, count: 1 });
	});
	return { groups, entries };
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Blank in a spreadsheet sense: the field was not provided. */
function isBlank(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

/** The `_source` Parse put on a record, when it has that shape. */
export function sourceOf(raw: unknown): RecordSource | undefined {
	if (!isObject(raw) || !isObject(raw._source)) return undefined;
	const { fileSet, file, lines } = raw._source;
	if (typeof file !== 'string' || !Array.isArray(lines)) return undefined;
	return {
		fileSet: typeof fileSet === 'string' ? fileSet : '',
		file,
		lines: lines.filter((line): line is number => typeof line === 'number'),
	};
}

/**
 * The input of the record check in auto mapping: the item's own fields, with the node's
 * `updateIfExists` where the record gives none. Unknown keys (such as `_source`) are dropped by
 * the record schemas, so they never reach Spaaza.
 */
export function autoRecordInput(raw: unknown, updateIfExists: boolean): unknown {
	if (!isObject(raw)) return raw;
	return isBlank(raw.update_if_exists) ? { ...raw, update_if_exists: updateIfExists } : raw;
}

/** The owner code to report for a record, even an invalid one (as the user wrote it). */
export function ownerCodeOf(raw: unknown, keys: readonly string[]): string | undefined {
	if (!isObject(raw)) return undefined;
	for (const key of keys) {
		const value = raw[key];
		if (typeof value === 'string' && value.trim() !== '') return value;
		if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	}
	return undefined;
}
