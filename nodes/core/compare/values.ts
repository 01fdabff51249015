/**
 * Values as Spaaza stores them, so a feed value and a read value can be compared
 * (docs/nodes/spaaza-compare-catalogue.md "How values are compared"):
 * - amounts are decimals (docs/spaaza-api.md §2 `price`, `cost_price`; §9 sends them as decimal
 *   strings): "25", "25.00" and 25 are one value, so they compare by their digits without trailing
 *   zeros;
 * - booleans (§2 `is_promotional`, `private_label`): true/false, also spelled "true", "1", 1;
 * - ids are integers (§2–§4);
 * - barcodes are strings, leading zeros kept, a variant holds a set of them (§3: `barcodes`
 *   replaces the variant's barcodes) — compared as a sorted set of exact strings;
 * - every other field is text compared exactly (no trimming, no case folding).
 * A value that fits none of these is not comparable, and the record is Changed.
 */
import type { FieldType } from '../records';

export type Canonical = { ok: true; value: string } | { ok: false; reason: string };

const DECIMAL = /^-?\d+(\.\d+)?$/;

function decimal(value: unknown): Canonical {
	const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
	if (typeof text !== 'string' || !DECIMAL.test(text.trim()))
		return { ok: false, reason: 'not a decimal number' };
	const negative = text.trim().startsWith('-');
	const [whole, fraction = ''] = text.trim().replace(/^-/, '').split('.');
	const digits = whole.replace(/^0+(?=\d)/, '');
	const decimals = fraction.replace(/0+$/, '');
	const joined = decimals ? `${digits}.${decimals}` : digits;
	return { ok: true, value: negative && joined !== '0' ? `-${joined}` : joined };
}

function boolean(value: unknown): Canonical {
	if (value === true || value === 1) return { ok: true, value: 'true' };
	if (value === false || value === 0) return { ok: true, value: 'false' };
	if (typeof value === 'string') {
		const text = value.trim().toLowerCase();
		if (text === 'true' || text === '1') return { ok: true, value: 'true' };
		if (text === 'false' || text === '0') return { ok: true, value: 'false' };
	}
	return { ok: false, reason: 'not a boolean' };
}

function integer(value: unknown): Canonical {
	const text = typeof value === 'number' ? String(value) : value;
	if (typeof text !== 'string' || !/^\d{1,15}$/.test(text.trim()))
		return { ok: false, reason: 'not a whole number' };
	return { ok: true, value: String(Number(text.trim())) };
}

/** One barcode as a string; Spaaza's read gives barcode objects `{ barcode }` (D-delpv sample). */
function barcodeText(entry: unknown): string | undefined {
	if (typeof entry === 'string') return entry;
	if (typeof entry === 'number' && Number.isSafeInteger(entry)) return String(entry);
	if (typeof entry === 'object' && entry !== null) {
		const code = (entry as { barcode?: unknown }).barcode;
		if (typeof code === 'string') return code;
	}
	return undefined;
}

/** Separates barcodes in the canonical form; a barcode cannot hold it (a control character). */
export const LIST_SEPARATOR = '\u0001';

function barcodes(value: unknown): Canonical {
	const list = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split('|').filter((code) => code !== '')
			: undefined;
	if (!list) return { ok: false, reason: 'not a list of barcodes' };
	const codes: string[] = [];
	for (const entry of list) {
		const code = barcodeText(entry);
		if (code === undefined || code.includes(LIST_SEPARATOR))
			return { ok: false, reason: 'a barcode that is not text' };
		codes.push(code);
	}
	return { ok: true, value: [...new Set(codes)].sort().join(LIST_SEPARATOR) };
}

/** The value in Spaaza's terms, or why it cannot be compared. `null` / `undefined` are handled by the caller. */
export function canonical(type: FieldType, value: unknown): Canonical {
	switch (type) {
		case 'decimal':
			return decimal(value);
		case 'boolean':
			return boolean(value);
		case 'integer':
			return integer(value);
		case 'barcode':
			return barcodes(value);
		default:
			if (typeof value === 'string') return { ok: true, value };
			if (typeof value === 'number' && Number.isFinite(value))
				return { ok: true, value: String(value) };
			return { ok: false, reason: 'not text' };
	}
}

/** A canonical value back in a form a person reads in `changes` (barcodes as a list again). */
export function displayValue(type: FieldType, value: string): unknown {
	if (type === 'barcode') return value === '' ? [] : value.split(LIST_SEPARATOR);
	if (type === 'boolean') return value === 'true';
	return value;
}
