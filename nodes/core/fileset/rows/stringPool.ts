/**
 * Makes repeated cell values (a brand, a category path, a price, a size) share one string.
 * Product files repeat most columns on every row, and records stay in memory for the whole
 * execution, so this takes about a third off their footprint. A column whose values mostly
 * change (names, codes, barcodes, or a variant's own values on its few rows) stops being pooled
 * after one window of lookups, so it costs next to nothing.
 */
const WINDOW = 1024;
const MAX_ENTRIES = 4096;
const LONGEST = 256;

export type StringPool = (text: string) => string;

export function createStringPool(): StringPool {
	let pool: Map<string, string> | undefined = new Map();
	let lookups = 0;
	let hits = 0;
	// The pooled value of the previous lookup: rows of one product or variant come together and
	// repeat it, and comparing with it costs less than hashing the new text for the map.
	let latest: string | undefined;
	return (text) => {
		if (pool === undefined || text.length > LONGEST) return text;
		let found = text === latest ? latest : pool.get(text);
		if (found !== undefined) hits++;
		else if (pool.size < MAX_ENTRIES) pool.set(text, (found = text));
		latest = found;
		if (++lookups === WINDOW) {
			// Worth it only when most values repeat.
			if (hits * 4 < WINDOW * 3) pool = undefined;
			lookups = 0;
			hits = 0;
		}
		return found ?? text;
	};
}
