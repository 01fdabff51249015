/**
 * What the upsert nodes keep of Spaaza's answer to a write: a small projection, never the body.
 * An output item lives until the run ends (n8n keeps and saves every node's items), so a server
 * that answers each write with megabytes would otherwise grow the run by megabytes per record.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SpaazaWarning } from '../transport/envelope';
import type { UpsertKind } from '../../shell/mapping/kinds';

/** Longer strings are cut: the longest documented field (`category`) is 1,024 characters. */
export const MAX_ANSWER_TEXT = 1_024;
/** A variant's barcodes kept from the answer; the rest are counted in `barcodes_not_shown`. */
export const MAX_ANSWER_BARCODES = 20;
/** Warnings shown on one record's result; the rest are counted in `moreWarnings`. */
export const SHOWN_WARNINGS = 5;
/** A warning's words are cut to this on the result. */
export const WARNING_TEXT_LENGTH = 300;

/** Fields of the answer kept besides the record's own documented fields (docs/spaaza-api.md §2, §3). */
const ANSWER_FIELDS = ['id', 'owner_code', 'product_id', 'product_owner_code'];

function cut(text: string, length: number): string {
	return text.length > length ? `${text.slice(0, length)}…` : text;
}

function scalar(value: unknown): string | number | boolean | null | undefined {
	if (typeof value === 'string') return cut(value, MAX_ANSWER_TEXT);
	if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
	return undefined;
}

/** A barcode as Spaaza answers it: a string, or an object with `barcode` (and its `id`). */
function barcodeOf(entry: unknown): IDataObject | string | undefined {
	if (typeof entry === 'string') return cut(entry, MAX_ANSWER_TEXT);
	if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
	const { id, barcode } = entry as IDataObject;
	const kept: IDataObject = {};
	if (typeof id === 'number' || typeof id === 'string') kept.id = scalar(id) as string | number;
	if (typeof barcode === 'string') kept.barcode = cut(barcode, MAX_ANSWER_TEXT);
	return Object.keys(kept).length > 0 ? kept : undefined;
}

/**
 * The product or variant Spaaza answered, reduced to its id, owner codes and the documented fields
 * of the record that have a value (strings cut at MAX_ANSWER_TEXT, at most MAX_ANSWER_BARCODES barcodes). Nested
 * objects and undocumented fields are dropped, so the result is a few KB at most, whatever came.
 */
export function projectAnswer(kind: UpsertKind, written: unknown): IDataObject | undefined {
	if (typeof written !== 'object' || written === null || Array.isArray(written)) return undefined;
	const source = written as IDataObject;
	const projection: IDataObject = {};
	const names = new Set([...ANSWER_FIELDS, ...kind.fields.map((field) => field.name)]);
	names.delete('update_if_exists');
	for (const name of names) {
		if (!(name in source)) continue;
		if (name === 'barcodes') {
			const list = source.barcodes;
			if (!Array.isArray(list)) continue;
			const barcodes: Array<IDataObject | string> = [];
			for (const entry of list.slice(0, MAX_ANSWER_BARCODES)) {
				const barcode = barcodeOf(entry);
				if (barcode !== undefined) barcodes.push(barcode);
			}
			projection.barcodes = barcodes as IDataObject[];
			if (list.length > MAX_ANSWER_BARCODES)
				projection.barcodes_not_shown = list.length - MAX_ANSWER_BARCODES;
			continue;
		}
		// An empty field (null) says nothing the record did not: left out, as it costs memory per item.
		const value = scalar(source[name]);
		if (value !== undefined && value !== null) projection[name] = value;
	}
	return projection;
}

/** The warnings a record's result shows: at most SHOWN_WARNINGS, each cut, and how many more. */
export function shownWarnings(
	warnings: readonly SpaazaWarning[],
	count: number,
): { warnings: IDataObject[]; more: number } {
	const shown = warnings.slice(0, SHOWN_WARNINGS).map((warning) => {
		const json: IDataObject = {};
		if (warning.code !== undefined) json.code = warning.code;
		if (warning.name !== undefined) json.name = cut(warning.name, WARNING_TEXT_LENGTH);
		if (warning.description !== undefined)
			json.description = cut(warning.description, WARNING_TEXT_LENGTH);
		return json;
	});
	return { warnings: shown, more: Math.max(0, count - shown.length) };
}
