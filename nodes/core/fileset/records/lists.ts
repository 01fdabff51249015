// A variant's barcodes and a record's lines are one to three entries long almost always. Up to
// here lists grow with concat(), which allocates the exact size: push() reserves room for 16 more
// entries, which across hundreds of thousands of records is more memory than the entries. Longer
// lists (one product repeated on thousands of rows) grow in place, so growing stays linear.
const EXACT_UP_TO = 16;

/** `list` with `value` added at the end: a new exact-size list while short, else `list` itself. */
export function appended<T extends string | number>(list: T[], value: T): T[] {
	if (list.length < EXACT_UP_TO) return list.concat(value);
	list.push(value);
	return list;
}
