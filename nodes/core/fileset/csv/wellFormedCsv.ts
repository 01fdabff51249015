/**
 * Reads the records of well-formed CSV (comma separated, `"` quotes with `""` inside them, LF or
 * CRLF line ends) and hands everything else to the general reader (csvCore.ts, which reads as
 * csv-parse does). Splitting a row this way takes about a fifth of the time a byte-by-byte state
 * machine takes, which was over half of Parse's time (bench/README.md, "parse"); the general reader
 * stays the parser of every file that is not well formed.
 *
 * The records must be exactly the ones csv-parse gives (csvReader.ts's options), so this reader
 * takes only what it is sure of and stops, for good, at the start of the first record with
 * anything else: a quote inside an unquoted value or text after a closing quote (csv-parse
 * reports those), a quote never closed, a CR that is not part of a CRLF line end (csv-parse counts
 * it as a line), or a record of `maxRecordBytes` or more. the general reader reads on from that
 * record's first byte and gives what it would have given reading from the start: before a
 * record, it holds nothing of the records before it but its line counters, which the
 * caller carries over (see `WellFormedReader.line` and `emptyLines`).
 * test/nodes/core/fileset/csv/wellFormedCsv.test.ts compares both readers on damaged files.
 *
 * Cells are decoded one by one from the bytes, as csv-parse does: a cell cut out of a decoded
 * line would keep the whole line in memory for as long as the record lives.
 */

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

/** What a byte means inside an unquoted value (`BYTE_KIND`); any other byte is plain ASCII text. */
const ENDS_VALUE = 1;
const NOT_ASCII = 2;
const BYTE_KIND = new Uint8Array(256);
BYTE_KIND.fill(NOT_ASCII, 0x80);
for (const byte of [COMMA, LF, CR, QUOTE]) BYTE_KIND[byte] = ENDS_VALUE;

/**
 * A value's text, as csv-parse decodes it. Latin-1 decoding gives the same string for ASCII bytes
 * and skips UTF-8's checks; most cells of a catalogue are ASCII, and decoding is a tenth of
 * Parse's time. An empty value needs no decoding at all.
 */
function decode(buf: Buffer, start: number, stop: number, ascii: boolean): string {
	if (start === stop) return '';
	return buf.toString(ascii ? 'latin1' : 'utf8', start, stop);
}

/** What `readRecord` found. */
const RECORD = 0;
const EMPTY_LINE = 1;
const NEED_MORE = 2;
const HAND_OVER = 3;
type Outcome = typeof RECORD | typeof EMPTY_LINE | typeof NEED_MORE | typeof HAND_OVER;

interface RecordFound {
	fields: string[];
	/** Where the next record starts. */
	next: number;
	/** Line breaks inside quoted values. */
	breaks: number;
}

/** csv-parse's `skip_records_with_empty_values`: a row of blank cells holds no data. */
function isBlankRecord(fields: string[]): boolean {
	for (let i = 0; i < fields.length; i++) if (fields[i].trim() !== '') return false;
	return true;
}

/**
 * A quoted value starting at `start` (its opening quote). Returns where the value ends (its
 * closing quote) or an outcome when that is not known; `found.fields` gets the value.
 */
function readQuoted(buf: Buffer, start: number, end: boolean, found: RecordFound): number {
	let text = '';
	let from = start + 1;
	for (;;) {
		const close = buf.indexOf(QUOTE, from);
		for (let i = from, stop = close === -1 ? buf.length : close; i < stop; i++) {
			const byte = buf[i];
			if (byte === LF) found.breaks++;
			else if (byte === CR) return -HAND_OVER;
		}
		if (close === -1) return end ? -HAND_OVER : -NEED_MORE;
		// A quote at the end of what has arrived may be the first of a doubled one.
		if (close + 1 === buf.length && !end) return -NEED_MORE;
		if (buf[close + 1] !== QUOTE) {
			found.fields.push(text + buf.toString('utf8', from, close));
			return close;
		}
		text += buf.toString('utf8', from, close + 1);
		from = close + 2;
	}
}

/**
 * Reads the record starting at `start`, or tells why it cannot: the record goes on past what has
 * arrived (NEED_MORE), or it is not well formed (HAND_OVER).
 */
function readRecord(
	buf: Buffer,
	start: number,
	end: boolean,
	crlf: boolean,
	found: RecordFound,
): Outcome {
	const length = buf.length;
	found.fields = [];
	found.breaks = 0;
	let pos = start;
	for (;;) {
		// `pos` is at the start of a value.
		let stop: number;
		if (pos < length && buf[pos] === QUOTE) {
			const close = readQuoted(buf, pos, end, found);
			if (close < 0) return -close as Outcome;
			stop = close + 1;
		} else {
			// One pass finds the end of the value, anything that makes the record not well formed,
			// and whether the value is plain ASCII.
			stop = pos;
			let ascii = true;
			while (stop < length) {
				const kind = BYTE_KIND[buf[stop]];
				if (kind === ENDS_VALUE) break;
				if (kind === NOT_ASCII) ascii = false;
				stop++;
			}
			if (stop < length && buf[stop] === QUOTE) return HAND_OVER;
			if (stop === pos && found.fields.length === 0 && isLineEnd(buf, stop, crlf)) {
				found.next = stop + (buf[stop] === CR ? 2 : 1);
				return EMPTY_LINE;
			}
			found.fields.push(decode(buf, pos, stop, ascii));
		}
		if (stop === length) {
			if (!end) return NEED_MORE;
			found.next = length;
			return RECORD;
		}
		const byte = buf[stop];
		if (byte === COMMA) {
			pos = stop + 1;
			continue;
		}
		if (byte === LF) {
			found.next = stop + 1;
			return RECORD;
		}
		if (byte === CR && crlf) {
			if (stop + 1 === length) return end ? HAND_OVER : NEED_MORE;
			if (buf[stop + 1] === LF) {
				found.next = stop + 2;
				return RECORD;
			}
		}
		// A lone CR, or text after a closing quote.
		return HAND_OVER;
	}
}

/** An LF, or a CRLF once CRLF line ends are on, at `at`. */
function isLineEnd(buf: Buffer, at: number, crlf: boolean): boolean {
	if (at >= buf.length) return false;
	if (buf[at] === LF) return true;
	return crlf && buf[at] === CR && at + 1 < buf.length && buf[at + 1] === LF;
}

export interface WellFormedReader {
	/** The physical line the next unread byte is on. */
	line: number;
	/** Empty lines skipped since the last record handed out (csv-parse counts them apart). */
	emptyLines: number;
	/** CRLF ends lines too, besides LF (csvCore.ts `acceptCrlf`). */
	crlf: boolean;
	/**
	 * Reads the whole records of `part` (after what is left of the parts before), giving each with
	 * its first and last line; `onRecord` returning `false` stops. Returns the bytes the general reader must
	 * read from here on when this reader hands over, else `undefined`.
	 */
	read(
		part: Buffer,
		end: boolean,
		onRecord: (fields: string[], first: number, last: number) => boolean,
	): Buffer | undefined;
	/** Hands over at once (the file turned out not to be UTF-8): the bytes not read yet. */
	handOver(): Buffer;
}

type Scan = 'read' | 'stopped' | 'hand over';

/**
 * @param maxRecordBytes records this long or longer go to the general reader, which measures them
 *   (csvReader.ts `MAX_RECORD_BYTES`): its check can then never have fired on a
 *   record this reader took.
 */
export function createWellFormedReader(maxRecordBytes: number): WellFormedReader {
	const found: RecordFound = { fields: [], next: 0, breaks: 0 };
	// The bytes from the start of the record that could not be finished yet. They are read again
	// only once they have doubled, so a long record arriving in tiny chunks is scanned and copied
	// a few times per byte rather than once per chunk.
	let pending: Buffer[] = [];
	let pendingBytes = 0;
	let triedBytes = 0;

	// Made before the functions below, which read and update it on every record.
	const reader: WellFormedReader = {
		line: 1,
		emptyLines: 0,
		crlf: false,
		read: (part, end, onRecord) => read(part, end, onRecord),
		handOver: () => takePending(),
	};

	/** The pending bytes followed by `tail`, as one buffer; nothing is pending afterwards. */
	function takePending(tail?: Buffer): Buffer {
		const all = Buffer.concat(tail ? [...pending, tail] : pending);
		pending = [];
		pendingBytes = 0;
		return all;
	}

	/** Reads the whole records of `buf`; the unfinished rest becomes pending. */
	function scan(
		buf: Buffer,
		end: boolean,
		onRecord: (fields: string[], first: number, last: number) => boolean,
	): Scan {
		let pos = 0;
		let result: Scan = 'read';
		while (pos < buf.length) {
			const outcome = readRecord(buf, pos, end, reader.crlf, found);
			if (outcome === HAND_OVER || (outcome === NEED_MORE && buf.length - pos >= maxRecordBytes))
				result = 'hand over';
			if (outcome === HAND_OVER || outcome === NEED_MORE) break;
			if (found.next - pos >= maxRecordBytes) {
				result = 'hand over';
				break;
			}
			pos = found.next;
			if (outcome === EMPTY_LINE) {
				reader.line++;
				reader.emptyLines++;
				continue;
			}
			const first = reader.line;
			const last = first + found.breaks;
			reader.line = last + 1;
			if (isBlankRecord(found.fields)) continue;
			reader.emptyLines = 0;
			if (!onRecord(found.fields, first, last)) {
				result = 'stopped';
				break;
			}
		}
		if (pos < buf.length) {
			pending = [buf.subarray(pos)];
			pendingBytes = triedBytes = buf.length - pos;
		}
		return result;
	}

	function read(
		part: Buffer,
		end: boolean,
		onRecord: (fields: string[], first: number, last: number) => boolean,
	): Buffer | undefined {
		if (pendingBytes > 0 && !end && pendingBytes + part.length < 2 * triedBytes) {
			pending.push(part);
			pendingBytes += part.length;
			return undefined;
		}
		let rest = part;
		const lineEnd = pendingBytes > 0 ? part.indexOf(LF) : -1;
		if (lineEnd !== -1 && lineEnd + 1 < part.length) {
			// The record the previous part cut off is finished in a buffer of its own: copying
			// each part onto the end of it made a second copy of the whole file.
			const result = scan(takePending(part.subarray(0, lineEnd + 1)), false, onRecord);
			rest = part.subarray(lineEnd + 1);
			if (result === 'stopped') return undefined;
			if (result === 'hand over') return takePending(rest);
		}
		const result = scan(pendingBytes > 0 ? takePending(rest) : rest, end, onRecord);
		return result === 'hand over' ? takePending() : undefined;
	}

	return reader;
}
