/**
 * Messages built from input must stay small whatever the input holds: a variant on 3,000 lines or
 * a barcode shared by 500 variants is named by its first few entries and a count of the rest.
 * Without this, one file of shared barcodes made messages totalling hundreds of megabytes.
 */

/** How many entries of a list a message names before it counts the rest. */
export const NAMED_IN_MESSAGE = 5;

/**
 * `a, b, c, d, e and 2,995 more`: the first `max` entries, then how many were left out. `name`
 * turns an entry into text and runs for the named entries only.
 */
export function nameSome<T>(
	items: readonly T[],
	name: (item: T) => string | number = String,
	max = NAMED_IN_MESSAGE,
): string {
	const shown = items.slice(0, max).map(name).join(', ');
	const rest = items.length - max;
	return rest > 0 ? `${shown} and ${rest.toLocaleString('en-US')} more` : shown;
}

/** `text` cut to at most `max` characters (plus an ellipsis when cut). */
export function clip(text: string, max: number): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * A list of problems that lists the first `limit` and counts the rest: a file where every row is
 * wrong would otherwise make one entry per row. The first entry left out is kept, to say where
 * the unlisted ones start.
 */
export class CappedList<T> {
	leftOut = 0;
	firstLeftOut: T | undefined;
	private listed = 0;

	constructor(
		private readonly out: T[],
		readonly limit: number,
	) {}

	add(entry: T): void {
		if (this.listed < this.limit) {
			this.listed++;
			this.out.push(entry);
			return;
		}
		this.leftOut++;
		this.firstLeftOut ??= entry;
	}
}
