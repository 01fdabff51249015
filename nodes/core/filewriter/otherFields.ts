import { FIELDS, columnOf, type RecordKind } from '../records/fields';
import { hasControlCharacter } from '../records/values';

const knownNames = new Map<RecordKind, Set<string>>();

function known(kind: RecordKind): Set<string> {
	let names = knownNames.get(kind);
	if (!names) {
		names = new Set(FIELDS[kind].flatMap((rule) => [rule.name, columnOf(rule)]));
		knownNames.set(kind, names);
	}
	return names;
}

/**
 * Whether a key may become an extra column. It is the mirror image of what the parser passes
 * through (fileset/rows/header.ts): a lowercase, trimmed, non-empty name that is neither a Spaaza field
 * nor internal (`_source`), without `;` or tab, which would make the parser take the file for
 * a semicolon- or tab-separated one, and without control characters, which make it reject the file.
 */
export function isOtherFieldName(kind: RecordKind, key: string): boolean {
	return (
		key !== '' &&
		key === key.trim() &&
		key === key.toLowerCase() &&
		!key.startsWith('_') &&
		!key.includes(';') &&
		!key.includes('\t') &&
		!hasControlCharacter(key) &&
		!known(kind).has(key)
	);
}

/**
 * Fields of an input record that are not Spaaza fields but are written as extra columns (the
 * parser passes unknown columns through as text, so records it produced keep them). Only plain
 * values qualify: a Shopify item's nested objects and lists have no place in a CSV cell. A blank
 * value is left out, as the parser leaves out a blank cell.
 */
export function otherFields(kind: RecordKind, input: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (typeof input !== 'object' || input === null || Array.isArray(input)) return out;
	for (const [key, value] of Object.entries(input)) {
		if (!isOtherFieldName(kind, key)) continue;
		let text: string;
		if (typeof value === 'string') text = value;
		else if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))
			text = String(value);
		else continue;
		if (text.trim() !== '') out[key] = text;
	}
	return out;
}
