import { NAMED_IN_MESSAGE, clip } from '../bounded';
import { PRODUCT_FIELDS, VARIANT_FIELDS, type FieldRule, type RecordKind } from './fields';
import { missingRequired } from './required';
import type { ProductRecord, VariantRecord } from './types';
import { explainInvalid, readerFor, type CellReader } from './values';

/**
 * Validation of records arriving from any node (Parse, a Google Sheet row, a Set node): the same
 * field table and cell readers as the CSV parser, plus coercion of what spreadsheets and JSON give
 * us (numbers for codes and prices, "TRUE", 1). Unknown keys such as `_source` are dropped.
 *
 * Plain code, one pass over the field table: a zod object of per-field transforms allocates
 * closures for every effect it runs, which made a record cost tens of microseconds and would
 * dominate building a file of a million rows.
 */
export interface RecordProblem {
	/** Record key the problem concerns ('' for the record as a whole). */
	field: string;
	message: string;
}

export type RecordCheck<T> = { ok: true; record: T } | { ok: false; problems: RecordProblem[] };

type Problem = RecordProblem;

function toText(rule: FieldRule, value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'boolean') return rule.type === 'boolean' ? String(value) : undefined;
	if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
	// A barcode or code that arrives as a number has already lost any leading zeros; beyond 2^53
	// it has lost digits too, so refuse rather than send a different code.
	if (rule.type === 'barcode' || rule.type === 'string') {
		return Number.isSafeInteger(value) ? String(value) : undefined;
	}
	const text = String(value);
	return /e/i.test(text) ? undefined : text;
}

/** The value as a message shows it: cut short, as a cell may hold megabytes. */
function shown(value: unknown): string {
	return clip(typeof value === 'object' ? JSON.stringify(value) : String(value), 80);
}

/** The value for `rule`, `undefined` when not provided; pushes a problem when invalid. */
function readValue(rule: FieldRule, read: CellReader, value: unknown, problems: Problem[]) {
	if (value === undefined || value === null || value === '') return undefined;
	const text = toText(rule, value);
	const result = text === undefined ? undefined : read(text);
	if (result === undefined) {
		const message = `${rule.name} "${shown(value)}" ${explainInvalid(rule, text ?? shown(value))}`;
		problems.push({ field: rule.name, message });
	}
	return result ?? undefined;
}

function readBarcodes(rule: FieldRule, read: CellReader, value: unknown, problems: Problem[]) {
	if (value === undefined || value === null || value === '') return undefined;
	// Postman's form-encoded examples send barcodes as one comma-separated string.
	const list = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(',').map((part) => part.trim())
			: [value];
	const out: string[] = [];
	// A Set beside the list: `includes` per barcode was quadratic (80k barcodes took 10 s).
	const seen = new Set<string>();
	const bad: Problem[] = [];
	for (const [index, item] of list.entries()) {
		const text = item === undefined || item === null ? '' : toText(rule, item);
		// Blank as the barcode reader sees it (an empty cell or one of spaces).
		if (text === '' || (text !== undefined && read(text) === null)) {
			// The list replaces the variant's barcodes in Spaaza: leaving the empty one out would
			// send the others alone and delete a barcode there, so the record is not sent.
			bad.push({
				field: rule.name,
				message: `barcode ${index + 1} of ${list.length} is empty; the barcodes sent replace the variant's barcodes in Spaaza, so leaving it out could delete a barcode there. Fill it in or remove it from the list`,
			});
			continue;
		}
		const barcode = readValue(rule, read, item, bad);
		if (typeof barcode === 'string' && !seen.has(barcode)) {
			seen.add(barcode);
			out.push(barcode);
		}
	}
	// One record with thousands of bad barcodes gives a few problems and a count, not thousands.
	problems.push(...bad.slice(0, NAMED_IN_MESSAGE));
	if (bad.length > NAMED_IN_MESSAGE) {
		const rest = (bad.length - NAMED_IN_MESSAGE).toLocaleString('en-US');
		problems.push({ field: rule.name, message: `and ${rest} more invalid barcodes` });
	}
	return out.length > 0 ? out : undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function recordChecker<T>(
	kind: RecordKind,
	rules: readonly FieldRule[],
	aliases: Readonly<Record<string, string>>,
	extraCheck: (record: Record<string, unknown>, problems: Problem[]) => void,
): (input: unknown) => RecordCheck<T> {
	const fields = rules.map((rule) => ({ rule, read: readerFor(rule) }));
	return (input) => {
		if (!isObject(input))
			return { ok: false, problems: [{ field: '', message: 'A record must be a JSON object' }] };
		const record: Record<string, unknown> = {};
		const problems: Problem[] = [];
		for (const { rule, read } of fields) {
			const raw = input[rule.name] ?? (aliases[rule.name] ? input[aliases[rule.name]] : undefined);
			const value =
				rule.type === 'barcode'
					? readBarcodes(rule, read, raw, problems)
					: readValue(rule, read, raw, problems);
			if (value !== undefined) record[rule.name] = value;
		}
		// A field given with a bad value is reported as bad, not as missing as well.
		const given = new Set(problems.map((problem) => problem.field));
		const missing: Problem[] = missingRequired(kind, record);
		extraCheck(record, missing);
		for (const { field, message } of missing)
			if (!given.has(field)) problems.push({ field, message });
		return problems.length === 0 ? { ok: true, record: record as T } : { ok: false, problems };
	};
}

/** Validates and coerces a product record with the parser's rules; never throws. */
export const checkProductRecord = recordChecker<ProductRecord>(
	'product',
	PRODUCT_FIELDS,
	{},
	() => {},
);

/**
 * Validates and coerces a variant record with the parser's rules; never throws. Also accepts the
 * CSV names (`product_variant_owner_code`, `barcode`), as a sheet row may use them.
 */
export const checkVariantRecord = recordChecker<VariantRecord>(
	'variant',
	VARIANT_FIELDS,
	{ owner_code: 'product_variant_owner_code', barcodes: 'barcode' },
	(record, problems) => {
		// add-product-variant needs barcodes unless it updates an existing variant (docs/spaaza-api.md §3).
		if (record.barcodes === undefined && record.update_if_exists !== true) {
			problems.push({ field: 'barcodes', message: 'A new variant needs at least one barcode' });
		}
	},
);
