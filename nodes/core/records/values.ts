import type { FieldRule, FieldType } from './fields';

/**
 * Cell readers compiled from the field table. The CSV parser calls one per cell, so they avoid
 * allocation on the happy path and build an explanation only when a value is rejected.
 *
 * A reader returns the value, `null` for a blank cell ("not provided"), or `undefined` when the
 * text is not a valid value of the field's type (ask `explainInvalid` why).
 */
export type CellValue = string | number | boolean;
export type CellReader = (text: string) => CellValue | null | undefined;

// Spaaza wants `.` as the decimal separator and no thousands separator (D-varfile, docs/spaaza-api.md §7.1).
const DECIMAL = /^\d+(?:\.\d+)?$/;
const INTEGER = /^\d+$/;
const URL_PATTERN = /^https?:\/\/[^\s/?#]+(?:[/?#]\S*)?$/i;
// NUL and other C0 control characters are never catalogue text: a cell holding one comes from a
// damaged or binary file, so it is rejected rather than sent (tab, CR and LF are ordinary text).
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * The longest cell any reader looks at, in UTF-16 units. Spaaza's longest documented field holds
 * 1,024 characters; this is 64 times that, so only a damaged file or a pasted blob reaches it. It
 * is checked on the raw string before any per-character work: counting the characters of a
 * 100 MB cell took 2.4 GB, and 140 MB crashed Parse.
 */
export const MAX_CELL_LENGTH = 65_536;

/** Why a cell over MAX_CELL_LENGTH is refused; undefined for a cell within it. */
export function explainOversized(text: string): string | undefined {
	if (text.length <= MAX_CELL_LENGTH) return undefined;
	return `is ${text.length.toLocaleString('en-US')} characters long; no cell may be longer than ${MAX_CELL_LENGTH.toLocaleString('en-US')}, so the file is probably damaged (an unclosed quote or a pasted document). Check that cell`;
}

/** True when the text holds a control character that is never catalogue text (see above). */
export const hasControlCharacter = (text: string): boolean => CONTROL.test(text);
export const CONTROL_CHARACTER_PROBLEM =
	'contains a control character (such as NUL) that is not text, so the file may be damaged. Remove it';

function hasEdgeSpace(text: string): boolean {
	return text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32;
}

function trimmed(text: string): string {
	return hasEdgeSpace(text) ? text.trim() : text;
}

/** Length in characters as a person counts them (code points), so 日本 is 2, not more. */
function tooLong(text: string, max: number | undefined): boolean {
	if (max === undefined || text.length <= max) return false;
	let count = 0;
	for (let i = 0; i < text.length; i++) {
		const unit = text.charCodeAt(i);
		// The second half of a surrogate pair (e.g. an emoji) is not a character of its own.
		if ((unit < 0xdc00 || unit > 0xdfff) && ++count > max) return true;
	}
	return false;
}

/** Code points without building an array of them (Array.from took 24 bytes per character). */
function codePoints(text: string): number {
	let count = 0;
	for (let i = 0; i < text.length; i++) {
		const unit = text.charCodeAt(i);
		if (unit < 0xdc00 || unit > 0xdfff) count++;
	}
	return count;
}

function readBoolean(text: string): boolean | null | undefined {
	if (text.length > MAX_CELL_LENGTH) return undefined;
	const t = trimmed(text);
	if (t === '') return null;
	if (t === '1') return true;
	if (t === '0') return false;
	if (t.length > 5) return undefined;
	const lower = t.toLowerCase();
	if (lower === 'true') return true;
	if (lower === 'false') return false;
	return undefined;
}

function readInteger(text: string): number | null | undefined {
	if (text.length > MAX_CELL_LENGTH) return undefined;
	const t = trimmed(text);
	if (t === '') return null;
	if (!INTEGER.test(t)) return undefined;
	const n = Number(t);
	return n >= 1 && n <= Number.MAX_SAFE_INTEGER ? n : undefined;
}

const READERS: Record<FieldType, (rule: FieldRule) => CellReader> = {
	// Each reader checks MAX_CELL_LENGTH first, inline: a wrapper would cost a call per cell.
	string: (rule) => (text) => {
		if (text.length > MAX_CELL_LENGTH) return undefined;
		if (hasEdgeSpace(text) && text.trim() === '') return null;
		return tooLong(text, rule.maxLength) || CONTROL.test(text) ? undefined : text;
	},
	// Barcodes stay exactly as written: leading zeros and 20-digit runs are part of the code.
	barcode: (rule) => (text) => {
		if (text.length > MAX_CELL_LENGTH) return undefined;
		if (hasEdgeSpace(text) && text.trim() === '') return null;
		return tooLong(text, rule.maxLength) || CONTROL.test(text) ? undefined : text;
	},
	// Amounts keep the text the user wrote ("25.00"): no float rounding, and Build writes it back.
	decimal: () => (text) => {
		if (text.length > MAX_CELL_LENGTH) return undefined;
		const t = trimmed(text);
		if (t === '') return null;
		return DECIMAL.test(t) ? t : undefined;
	},
	integer: () => readInteger,
	boolean: () => readBoolean,
	url: (rule) => (text) => {
		if (text.length > MAX_CELL_LENGTH) return undefined;
		const t = trimmed(text);
		if (t === '') return null;
		return URL_PATTERN.test(t) && !tooLong(t, rule.maxLength) && !CONTROL.test(t) ? t : undefined;
	},
};

export function readerFor(rule: FieldRule): CellReader {
	return READERS[rule.type](rule);
}

/** Why `text` was rejected, in words a shop's catalogue manager can act on. */
export function explainInvalid(rule: FieldRule, text: string): string {
	const oversized = explainOversized(text);
	if (oversized !== undefined) return oversized;
	const t = text.trim();
	if (CONTROL.test(text)) return CONTROL_CHARACTER_PROBLEM;
	const limit = rule.maxLength;
	if (limit !== undefined && tooLong(t, limit)) {
		return `is ${codePoints(t)} characters long; the most Spaaza accepts is ${limit}. Shorten it`;
	}
	switch (rule.type) {
		case 'decimal':
			return explainDecimal(t);
		case 'integer':
			// Digits only but past 2^53 - 1: JavaScript (and so n8n) cannot hold it exactly.
			if (INTEGER.test(t) && Number(t) > Number.MAX_SAFE_INTEGER)
				return `is too large: the largest whole number this node can pass on exactly is ${Number.MAX_SAFE_INTEGER} (larger ones lose digits). Check the value, or use the owner code instead`;
			return 'must be a whole number of 1 or more, digits only (e.g. 456)';
		case 'boolean':
			return 'must be true or false (1 and 0 are also accepted)';
		case 'url':
			return 'must be a full web address starting with http:// or https://, without spaces';
		default:
			return 'is not a valid value';
	}
}

function explainDecimal(t: string): string {
	if (t.startsWith('-')) return 'must not be negative';
	if (/[^\d.,\s]/.test(t.replace(/^-/, ''))) {
		return 'must be a plain number such as 25.00, without a currency symbol, code or letters';
	}
	if (t.includes(',') || (t.match(/\./g) ?? []).length > 1) {
		return 'must use a dot as the decimal separator and no thousands separator: write 1501.23, not 1,501.23 or 1.501,23';
	}
	if (/\s/.test(t)) return 'must not contain spaces: write 1501.23';
	return 'must be a number such as 25 or 25.00 (digits, optionally a dot and more digits)';
}

/**
 * Whether two values of one field say the same thing: amounts written differently but equal
 * ("25" and "25.00") agree. Used where rows of one record are merged (Parse) or deduplicated (Build).
 */
export function valuesAgree(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	return (
		typeof a === 'string' &&
		typeof b === 'string' &&
		/^[\d.]+$/.test(a) &&
		/^[\d.]+$/.test(b) &&
		Number(a) === Number(b)
	);
}

function sameValue(a: unknown, b: unknown): boolean {
	if (Array.isArray(a) && Array.isArray(b))
		return a.length === b.length && a.every((item, i) => item === b[i]);
	return a === b;
}

/**
 * Whether two records are exact repeats (the same fields, the same values; lists item by item):
 * Parse and Build keep one of them with a warning. `_source` (where a row came from) is not part
 * of the record, and a row may hold it unset (fileset/rows/rows.ts).
 */
export function sameRecord(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
	const keys = Object.keys(a).filter((key) => key !== '_source');
	const other = Object.keys(b).filter((key) => key !== '_source');
	return keys.length === other.length && keys.every((key) => sameValue(a[key], b[key]));
}
