import { isUtf8 } from './utf8';

import { SPAAZA_CODES, type SpaazaCode } from '../../errors';
import { createCsvCore, type CsvSyntaxError } from './csvCore';
import { createWellFormedReader, type WellFormedReader } from './wellFormedCsv';

export type ByteSource = AsyncIterable<Buffer | Uint8Array | string>;

export interface CsvProblem {
	code: SpaazaCode;
	line: number;
	message: string;
	/** Index of the field concerned, when known. */
	fieldIndex?: number;
	/** The record's fields, when it could be split into fields. */
	fields?: string[];
	/** Rows from this line on were swallowed by a misplaced quote: which records they held is unknown. */
	swallowedFrom?: number;
	/** For a row that could not be split, the fields read before the problem. */
	leadingFields?: string[];
	/** Reading stopped here: the rest of the file was not read. */
	rest?: 'unread';
	/** The file's lines end in a CR alone: it was not read at all. */
	crOnly?: true;
}

/**
 * The most bytes one record (one row, with any line breaks inside quotes) may take. csv-parse
 * walks a field byte by byte and holds all of it, so a 100 MB cell took a minute and a copy of
 * the cell before any cell check could see it. No real row comes near this: 2 MiB is 32 cells of
 * the longest cell a reader accepts (MAX_CELL_LENGTH) in plain ASCII.
 */
export const MAX_RECORD_BYTES = 2 * 1024 * 1024;
/** Bytes handed to the general reader at once, so the record size is checked often enough. */
const FEED_BYTES = 256 * 1024;

/**
 * Where a rejected row is, for its message: `Line 5`, or, for a row whose quoted value runs over a
 * line break, every line it took. A misplaced quote can swallow the rows after it into one value,
 * and a message naming only the first line would leave those rows missing without a word.
 */
export function rowPlace(first: number, last: number): string {
	return last > first
		? `Lines ${first} to ${last} were read as one row (a quoted value runs over a line break), so none of them was imported; that row`
		: `Line ${first}`;
}

/**
 * Called once per record (the header too) with its fields and its first and last physical line.
 * Returning `false` stops reading the file.
 */
export type CsvRecordHandler = (fields: string[], line: number, lastLine: number) => boolean | void;

const CR = 0x0d;
const LF = 0x0a;
const QUOTE = 0x22;
const UTF8_BOM = [0xef, 0xbb, 0xbf];
const REPLACEMENT = '\uFFFD';

/** Bytes at the end of `buf` that start a multi-byte character the next chunk completes. */
function incompleteTail(buf: Buffer): number {
	const stop = Math.max(0, buf.length - 3);
	for (let i = buf.length - 1; i >= stop; i--) {
		const byte = buf[i];
		if ((byte & 0xc0) === 0x80) continue;
		const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
		return buf.length - i < need ? buf.length - i : 0;
	}
	return 0;
}

function countChar(fields: string[], char: string): number {
	let count = 0;
	for (const field of fields) {
		for (let at = field.indexOf(char); at !== -1; at = field.indexOf(char, at + 1)) count++;
	}
	return count;
}

function quoteProblem(error: CsvSyntaxError, line: number): CsvProblem {
	const code = SPAAZA_CODES.CSV_SYNTAX;
	if (error.code === 'INVALID_OPENING_QUOTE') {
		return {
			code,
			line,
			message: `Line ${line} has a double quote (") inside a value that does not start with one. Put the whole value in double quotes and double the quote inside it, e.g. "12"" screen"`,
		};
	}
	if (error.code === 'CSV_INVALID_CLOSING_QUOTE') {
		return {
			code,
			line,
			message: `Line ${line} has a quoted value followed by more text before the next comma. Put the whole value in double quotes and double every quote inside it`,
		};
	}
	return {
		code,
		line,
		message: `Line ${line} could not be read as CSV: ${error.message}`,
	};
}

/**
 * Finds how the file's first line ends: `scan` (each chunk in turn) and `atEnd` say `true` once
 * it ends in a CR that is not followed by an LF, outside quotes. Only the first line is looked at.
 */
function firstLineBreak() {
	let known = false;
	let quoted = false;
	let cr = false;
	return {
		scan(body: Buffer): boolean {
			for (let i = 0; i < body.length && !known; i++) {
				const byte = body[i];
				if (cr) {
					known = true;
					return byte !== LF;
				}
				if (byte === QUOTE) quoted = !quoted;
				else if (!quoted && byte === LF) known = true;
				else if (!quoted && byte === CR) cr = true;
			}
			return false;
		},
		atEnd: () => !known && cr,
	};
}

/** What the two readers share: where the last record ended, and whether reading stopped. */
interface RecordSink {
	/** The last physical line of the last record passed on. */
	lastEnd: number;
	/** A handler returned `false`: nothing more is passed on. */
	stopped: boolean;
	/** Passes a record on; `false` once reading stopped. */
	emit(fields: string[], first: number, last: number): boolean;
	/** Passes a problem on, unless reading stopped. */
	problem(problem: CsvProblem): void;
}

/**
 * The general reader (csvCore.ts), created when the first record that is not well formed is
 * reached, with its line counters continued from there: its first line is the physical line
 * `line`, after `emptyLines` empty lines since the last record. Records get their physical start
 * line from the reader's live `info`, read inside its push callback.
 */
function startGeneralReader(sink: RecordSink, line: number, emptyLines: number, crlf: boolean) {
	// Its counters start at line 1 and 0 empty lines; these offsets make every difference
	// computed below the one a reader that had read the file from the start gives.
	const lineOffset = 1 - line;
	let rawPrev = 1 - (line - sink.lastEnd);
	let emptyPrev = -emptyLines;
	let unsure = false;
	let lastProblemLine = 0;
	/** The line and empty-line count of the last record the general reader skipped for a quote problem. */
	let skipped: { line: number; emptyLines: number } | undefined;

	// The record delimiter is LF, fixed rather than guessed from the first line break, so a
	// stray CR inside a value cannot split the whole file on CRs. CRLF joins in at the first CR
	// (see readCsv).
	// Rows of blank cells are skipped (spreadsheets often export trailing rows of bare commas;
	// they hold no data), and so are rows with a quote problem, after `onSkip`.
	const core = createCsvCore({
		onSkip: (error) => {
			unsure = true;
			const line =
				error.code === 'CSV_QUOTE_NOT_CLOSED'
					? sink.lastEnd + 1 + (info.empty_lines - emptyPrev)
					: Math.max(sink.lastEnd + 1, info.lines - lineOffset);
			// One report per line, except that an unclosed quote is always said: it tells that every
			// later row was swallowed, which an earlier problem on the same line does not.
			if (line === lastProblemLine && error.code !== 'CSV_QUOTE_NOT_CLOSED') return;
			lastProblemLine = line;
			if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
				// This message already says that every line from here on went.
				skipped = undefined;
				sink.problem({
					code: SPAAZA_CODES.CSV_SYNTAX,
					line,
					message: `Line ${line} opens a double quote (") that is never closed, so everything from line ${line} to the end of the file was read as one value and none of those rows was imported. Close the quote or double it ("") if it is part of the text`,
					swallowedFrom: line,
				});
			} else {
				const problem = quoteProblem(error, line);
				skipped = { line, emptyLines: info.empty_lines };
				const leading = core.leadingFields();
				if (leading) problem.leadingFields = leading;
				// A misplaced quote can join the lines after it into one value: say which rows went.
				const start = sink.lastEnd + 1 + (info.empty_lines - emptyPrev);
				if (start < line) {
					problem.message += `. Lines ${start} to ${line} were read as one row because of it, so none of them was imported`;
					problem.swallowedFrom = start;
				}
				sink.problem(problem);
			}
		},
	});
	const info = core.info;
	if (crlf) core.acceptCrlf();

	const push = (fields: string[]) => {
		if (sink.stopped) return;
		const raw = info.lines;
		const empty = info.empty_lines;
		let breaks = 0;
		if (unsure || raw !== rawPrev + 1 + (empty - emptyPrev)) {
			breaks = countChar(fields, '\n');
			unsure = false;
		}
		rawPrev = raw;
		emptyPrev = empty;
		const last = raw - lineOffset;
		if (skipped) reportSkippedAfter(last - breaks - 1 - (empty - skipped.emptyLines));
		skipped = undefined;
		if (!sink.stopped) sink.emit(fields, last - breaks, last);
	};
	/**
	 * The general reader finds a quote problem where it is, but skips the whole record, which a quote
	 * can carry on over the lines after it: those lines are said too (the record ended at
	 * `end`), or their rows would be missing without a word.
	 */
	const reportSkippedAfter = (end: number) => {
		const from = (skipped as { line: number }).line + 1;
		skipped = undefined;
		if (end < from) return;
		const lines = end > from ? `Lines ${from} to ${end} were` : `Line ${from} was`;
		sink.problem({
			code: SPAAZA_CODES.CSV_SYNTAX,
			line: from,
			message: `${lines} read as part of the row at line ${from - 1} (a quoted value there runs over the line break), so ${end > from ? 'none of them was' : 'it was not'} imported. Fix the quotes on line ${from - 1}`,
			swallowedFrom: from,
		});
	};
	return {
		feed: (buf: Buffer | undefined, end: boolean) => core.parse(buf, end, push),
		core,
	};
}

type GeneralReader = ReturnType<typeof startGeneralReader>;

/**
 * The source's bytes as Buffers, without a leading UTF-8 BOM, each ending on a whole character:
 * the bytes of a character split between chunks wait for the next one. `partial` marks the bytes
 * of a character a file ends in the middle of.
 */
async function* wholeCharacters(
	source: ByteSource,
): AsyncGenerator<{ body: Buffer; partial: boolean }> {
	let carry: Buffer | undefined;
	let started = false;
	for await (const chunk of source) {
		let buf =
			typeof chunk === 'string'
				? Buffer.from(chunk)
				: Buffer.isBuffer(chunk)
					? chunk
					: Buffer.from(chunk);
		if (carry) buf = Buffer.concat([carry, buf]);
		if (!started) {
			if (
				buf.length < UTF8_BOM.length &&
				UTF8_BOM.slice(0, buf.length).every((b, i) => buf[i] === b)
			) {
				carry = buf;
				continue;
			}
			started = true;
			if (UTF8_BOM.every((b, i) => buf[i] === b)) buf = buf.subarray(UTF8_BOM.length);
		}
		const tail = incompleteTail(buf);
		const body = tail === 0 ? buf : buf.subarray(0, buf.length - tail);
		carry = tail === 0 ? undefined : Buffer.from(buf.subarray(buf.length - tail));
		yield { body, partial: false };
	}
	if (carry && started) yield { body: carry, partial: true };
}

/**
 * Only LF (or CRLF) ends a line: a file whose lines end in a CR alone would read as one long
 * header of garbled column names, which says nothing useful.
 */
function crOnlyProblem(): CsvProblem {
	return {
		code: SPAAZA_CODES.CSV_SYNTAX,
		line: 1,
		crOnly: true,
		rest: 'unread',
		message:
			'The lines of this file end in a carriage return (CR) alone, without a line feed: the file uses CR-only line endings (old Mac format), so it cannot be split into rows and was not imported. Save it again as "CSV UTF-8" (or with Windows or Unix line endings) and try again',
	};
}

function recordTooLongProblem(line: number): CsvProblem {
	return {
		code: SPAAZA_CODES.INVALID_VALUE,
		line,
		rest: 'unread',
		message: `Line ${line} is more than ${MAX_RECORD_BYTES / 1024 / 1024} MB long, so the file is damaged (a huge cell, a quote that is never closed, or not a CSV file at all). Reading stopped there: nothing from line ${line} to the end of the file was imported`,
	};
}

/**
 * Streams CSV records out of a byte source without ever holding the file as one string.
 *
 * Well-formed records are split by wellFormedCsv.ts; from the first record that is not, the
 * general reader (csvCore.ts, which reads as csv-parse does) takes over. Two things it does not
 * do are done here: invalid UTF-8 is detected (it decodes it as U+FFFD, as csv-parse does; a
 * file with any goes to the general reader from there on) and records get their physical start
 * line (see `startGeneralReader`).
 *
 * `wellFormed: false` leaves every record to the general reader (the tests compare both).
 */
export async function readCsv(
	source: ByteSource,
	onRecord: CsvRecordHandler,
	onProblem: (problem: CsvProblem) => boolean | void,
	{ wellFormed = true, lfUntilCr = true }: { wellFormed?: boolean; lfUntilCr?: boolean } = {},
): Promise<void> {
	let invalidUtf8 = false;
	// Without the LF-only start (fastPaths.ts) CRLF ends lines from the first byte.
	let crlf = !lfUntilCr;

	const sink: RecordSink = {
		lastEnd: 0,
		stopped: false,
		emit: (fields, first, last) => {
			sink.lastEnd = last;
			if (invalidUtf8) {
				for (let i = 0; i < fields.length; i++) {
					if (fields[i].includes(REPLACEMENT)) {
						sink.problem({
							code: SPAAZA_CODES.ENCODING,
							line: first,
							fieldIndex: i,
							fields,
							message: `${rowPlace(first, last)} contains bytes that are not valid UTF-8 (shown as �). Save the file as "CSV UTF-8" and try again`,
						});
						return !sink.stopped;
					}
				}
			}
			if (onRecord(fields, first, last) === false) sink.stopped = true;
			return !sink.stopped;
		},
		problem: (problem) => {
			sink.stopped ||= onProblem(problem) === false;
		},
	};

	// A record of FEED_BYTES or more goes to the general reader: that is below MAX_RECORD_BYTES, so the size
	// check below would not have fired on any record the well-formed reader takes.
	const quick = wellFormed ? createWellFormedReader(FEED_BYTES) : undefined;
	if (quick) quick.crlf = crlf;
	let general: GeneralReader | undefined = quick ? undefined : startGeneralReader(sink, 1, 0, crlf);

	/** From here on the general reader reads the file, starting with the bytes the well-formed reader left. */
	const switchToGeneral = (reader: WellFormedReader, rest: Buffer) => {
		general = startGeneralReader(sink, reader.line, reader.emptyLines, crlf);
		if (rest.length > 0) general.feed(rest, false);
	};

	const readWellFormed = (reader: WellFormedReader, part: Buffer, end: boolean) => {
		const rest = reader.read(part, end, sink.emit);
		if (rest) switchToGeneral(reader, rest);
	};

	const firstBreak = firstLineBreak();
	let partialCharacter: Buffer | undefined;
	for await (const { body, partial } of wholeCharacters(source)) {
		if (partial) {
			partialCharacter = body;
			break;
		}
		if (firstBreak.scan(body)) return void onProblem(crOnlyProblem());
		if (!crlf && body.indexOf(CR) !== -1) {
			crlf = true;
			if (quick) quick.crlf = true;
			general?.core.acceptCrlf();
		}
		if (!invalidUtf8 && !isUtf8(body)) {
			invalidUtf8 = true;
			// Cells with invalid UTF-8 are found in the general reader's records (see `emit`).
			if (quick && !general) switchToGeneral(quick, quick.handOver());
		}
		for (let at = 0; at < body.length; at += FEED_BYTES) {
			const part = body.subarray(at, at + FEED_BYTES);
			if (general) general.feed(part, false);
			else if (quick) readWellFormed(quick, part, false);
			if (sink.stopped) return;
			if (general && general.core.pendingRecordSize() > MAX_RECORD_BYTES) {
				onProblem(recordTooLongProblem(sink.lastEnd + 1));
				return;
			}
		}
	}
	if (firstBreak.atEnd()) return void onProblem(crOnlyProblem());
	if (partialCharacter) {
		// A file that ends in the middle of a multi-byte character.
		invalidUtf8 = true;
		if (quick && !general) switchToGeneral(quick, quick.handOver());
		general?.feed(partialCharacter, false);
	}
	if (quick && !general) readWellFormed(quick, Buffer.alloc(0), true);
	general?.feed(undefined, true);
}
