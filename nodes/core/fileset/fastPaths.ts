/**
 * The parser's speed-ups. Each one must give exactly the records and issues of the plain path it
 * short-cuts, with every check of that path; the switches exist so the differential test
 * (test/reliability/fastPathsDifferential.test.ts) can run the parser with and without
 * each one on the CSV fuzz corpus and compare. Users never turn them off.
 */
export interface FastPaths {
	/** Well-formed records are split by wellFormedCsv.ts instead of the general CSV reader. */
	wellFormed: boolean;
	/** Only LF ends a line until the file shows a CR; CRLF is accepted from there on. */
	lfUntilCr: boolean;
	/** A variant row equal to the accepted row above but for its barcode reads only the barcode. */
	repeatedRows: boolean;
	/** A variant row with the owner code of the row above skips the owner-code look-up. */
	adjacentVariants: boolean;
	/** Records are copied from a per-file template of their keys (rows.ts). */
	recordShapes: boolean;
	/** Repeated cell values share one string (stringPool.ts). */
	sharedStrings: boolean;
}

export const ALL_FAST_PATHS: Readonly<FastPaths> = Object.freeze({
	wellFormed: true,
	lfUntilCr: true,
	repeatedRows: true,
	adjacentVariants: true,
	recordShapes: true,
	sharedStrings: true,
});

export function fastPathsOf(given: Partial<FastPaths> | undefined): FastPaths {
	return given === undefined ? ALL_FAST_PATHS : { ...ALL_FAST_PATHS, ...given };
}
