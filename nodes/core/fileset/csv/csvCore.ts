/**
 * The general CSV reader: every record the well-formed reader (wellFormedCsv.ts) does not take —
 * quote problems, a CR that does not end a line, invalid UTF-8, long records — is read here.
 *
 * It reads exactly as csv-parse 6 does with the options Parse uses (comma, `"` quotes doubled
 * inside quotes, LF or CRLF line ends, relax_column_count, skip_empty_lines,
 * skip_records_with_empty_values, skip_records_with_error, no BOM handling): the same records, the
 * same problems at the same places, byte for byte the same state machine, written out for these
 * options only. Two differences, both on purpose: a CR counts as a line only where it ends one
 * (with its LF), so line numbers are the lines an editor shows without a correction afterwards;
 * and the record in progress can be read (`leadingFields`, `pendingRecordSize`), which csv-parse
 * keeps private. csv-parse stays the oracle: test/reliability/csvCoreOracle.test.ts and the CSV
 * fuzz compare the two on damaged files. Having its own reader keeps the package free of runtime
 * dependencies and of any library's private parts (bench/README.md has the measurements).
 */

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

/** A problem csv-parse would report (its error codes), found in the record being read. */
export interface CsvSyntaxError {
	code: 'INVALID_OPENING_QUOTE' | 'CSV_INVALID_CLOSING_QUOTE' | 'CSV_QUOTE_NOT_CLOSED';
	message: string;
}

/** Counters read while records come out (csv-parse's `info`). */
export interface CsvCoreInfo {
	/** The line the reader is on (1-based): LFs seen so far, counted at the byte after each. */
	lines: number;
	/** Empty lines skipped. */
	empty_lines: number;
}

export interface CsvCore {
	/** Feeds bytes (or the end); records come out through `push` before it returns. */
	parse(buf: Buffer | undefined, end: boolean, push: (record: string[]) => void): void;
	/** Live counters, read inside `push` and `onSkip`. */
	readonly info: CsvCoreInfo;
	/** The fields read so far of the record in progress. */
	leadingFields(): string[];
	/** The size of the record in progress: its fields so far. */
	pendingRecordSize(): number;
	/**
	 * Makes CRLF a record delimiter next to LF, as from the start: call it before the first chunk
	 * that holds a CR (a CRLF can only match where there is a CR).
	 */
	acceptCrlf(): void;
}

export interface CsvCoreOptions {
	/** A record with a problem is skipped; this is told first, while the record is being read. */
	onSkip(error: CsvSyntaxError): void;
}

/** The bytes of the field being read; grows by doubling. */
class FieldBytes {
	buf = Buffer.allocUnsafe(256);
	length = 0;

	append(byte: number): void {
		if (this.length === this.buf.length) {
			const grown = Buffer.allocUnsafe(this.buf.length * 2);
			this.buf.copy(grown, 0, 0, this.length);
			this.buf = grown;
		}
		this.buf[this.length++] = byte;
	}

	text(): string {
		return this.length === 0 ? '' : this.buf.toString('utf8', 0, this.length);
	}
}

function isRecordEmpty(record: string[]): boolean {
	for (const field of record) if (field.trim() !== '') return false;
	return true;
}

export function createCsvCore({ onSkip }: CsvCoreOptions): CsvCore {
	const info: CsvCoreInfo = { lines: 1, empty_lines: 0 };
	const field = new FieldBytes();
	let record: string[] = [];
	let crlf = false;
	let quoting = false;
	let wasQuoting = false;
	let escaping = false;
	let wasRowDelimiter = false;
	let recordHasError = false;
	let previous: Buffer | undefined;

	const error = (code: CsvSyntaxError['code'], message: string) => {
		recordHasError = true;
		onSkip({ code, message });
	};

	const onField = () => {
		record.push(field.text());
		field.length = 0;
		wasQuoting = false;
	};

	const onRecord = (push: (record: string[]) => void) => {
		const done = record;
		record = [];
		// With relax_column_count a record of another length is kept (csv-parse only counts it).
		if (isRecordEmpty(done)) return;
		if (recordHasError) {
			recordHasError = false;
			return;
		}
		push(done);
	};

	/** Length of the record delimiter at `pos` (0: none). */
	const recordDelimiter = (buf: Buffer, pos: number): number => {
		const byte = buf[pos];
		if (byte === LF) return 1;
		if (crlf && byte === CR && buf[pos + 1] === LF) return 2;
		return 0;
	};

	function parse(next: Buffer | undefined, end: boolean, push: (record: string[]) => void): void {
		let buf: Buffer;
		if (previous === undefined) {
			if (next === undefined) return;
			buf = next;
		} else buf = next === undefined ? previous : Buffer.concat([previous, next]);
		const length = buf.length;
		const delimiterMax = crlf ? 2 : 1;
		let pos: number;
		for (pos = 0; pos < length; pos++) {
			// Bytes held back until the next chunk shows what they are (csv-parse's __needMoreData):
			// a possible CRLF, or inside quotes a doubled quote or a quote before a line end.
			if (!end && length - pos - 1 < (quoting ? 1 + delimiterMax : delimiterMax)) break;
			if (wasRowDelimiter) {
				info.lines++;
				wasRowDelimiter = false;
			}
			const byte = buf[pos];
			// Only an LF starts a line (csv-parse also counts a CR).
			if (byte === LF) wasRowDelimiter = true;
			if (escaping) {
				escaping = false;
			} else {
				if (quoting && byte === QUOTE && pos + 1 < length && buf[pos + 1] === QUOTE) {
					escaping = true;
					continue;
				}
				if (byte === QUOTE) {
					if (quoting) {
						const next = buf[pos + 1];
						// csv-parse tests `!nextChr`, so a NUL after a quote closes it too.
						if (!next || next === COMMA || recordDelimiter(buf, pos + 1) !== 0) {
							quoting = false;
							wasQuoting = true;
							continue;
						}
						error(
							'CSV_INVALID_CLOSING_QUOTE',
							`Invalid Closing Quote: got "${String.fromCharCode(next)}" at line ${info.lines} instead of delimiter, record delimiter, trimable character (if activated) or comment`,
						);
					} else if (field.length !== 0) {
						error(
							'INVALID_OPENING_QUOTE',
							`Invalid Opening Quote: a quote is found on field ${record.length} at line ${info.lines}`,
						);
					} else {
						quoting = true;
						continue;
					}
				}
				if (!quoting) {
					const delimiter = recordDelimiter(buf, pos);
					if (delimiter !== 0) {
						if (!wasQuoting && record.length === 0 && field.length === 0) {
							info.empty_lines++;
						} else {
							onField();
							onRecord(push);
						}
						// A CRLF's LF is skipped here, so the line it ends is counted now.
						if (delimiter === 2) wasRowDelimiter = true;
						pos += delimiter - 1;
						continue;
					}
					if (byte === COMMA) {
						onField();
						continue;
					}
				}
			}
			field.append(byte);
		}
		if (end) {
			if (quoting) {
				error(
					'CSV_QUOTE_NOT_CLOSED',
					`Quote Not Closed: the parsing is finished with an opening quote at line ${info.lines}`,
				);
			} else if (wasQuoting || record.length !== 0 || field.length !== 0) {
				onField();
				onRecord(push);
			} else if (wasRowDelimiter) {
				info.empty_lines++;
			}
			previous = undefined;
		} else {
			previous = buf.subarray(pos);
		}
		if (wasRowDelimiter) {
			info.lines++;
			wasRowDelimiter = false;
		}
	}

	return {
		parse,
		info,
		leadingFields: () => record.slice(),
		pendingRecordSize() {
			let size = field.length;
			for (const cell of record) size += cell.length;
			return size;
		},
		acceptCrlf() {
			crlf = true;
		},
	};
}
