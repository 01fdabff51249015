/**
 * The one file that reaches into csv-parse's private parts (hence the exact pin of csv-parse in
 * package.json). Measured with `npm run bench -- --only=parse --quick` and an alternating
 * same-process comparison: Parse reads about 1.45× as many rows per second this way as through
 * csv-parse's public `on_record` and `info` options, which hand out a fresh info object per
 * record, decode every cell through a throwaway Buffer view and check every byte against CRLF
 * as well as LF. test/nodes/core/fileset/csvParseCore.test.ts fails first when csv-parse
 * changes, and `createCsvCore` refuses to run on a csv-parse without these parts.
 */
import { Parser, type Info, type Options } from 'csv-parse';

/** csv-parse's incremental core (`Parser#api`). */
interface CsvCoreApi {
	parse(
		buf: Buffer | undefined,
		end: boolean,
		push: (record: string[]) => void,
		close: () => void,
	): Error | undefined;
}

/** The buffer csv-parse collects a field's bytes in (`Parser#state.field`). */
interface FieldBuffer {
	buf: Buffer;
	length: number;
	toString(encoding?: BufferEncoding): string | Uint8Array;
}

interface Internals {
	api?: Partial<CsvCoreApi>;
	state?: { field?: Partial<FieldBuffer>; record?: unknown; recordDelimiterMaxLength?: unknown };
	options?: { record_delimiter?: unknown };
}

/** What of csv-parse's private parts is missing from `parser` (empty when all is there). */
export function csvParseInternals(parser: Parser): string[] {
	const { api, state, options } = parser as unknown as Internals;
	const missing: string[] = [];
	if (typeof api?.parse !== 'function') missing.push('Parser#api.parse');
	if (!Buffer.isBuffer(state?.field?.buf)) missing.push('Parser#state.field.buf');
	if (typeof state?.field?.length !== 'number') missing.push('Parser#state.field.length');
	if (typeof state?.field?.toString !== 'function') missing.push('Parser#state.field.toString');
	if (!Array.isArray(state?.record)) missing.push('Parser#state.record');
	if (typeof state?.recordDelimiterMaxLength !== 'number')
		missing.push('Parser#state.recordDelimiterMaxLength');
	if (!Array.isArray(options?.record_delimiter)) missing.push('Parser#options.record_delimiter');
	return missing;
}

export interface CsvCore {
	/** Feeds bytes (or the end); records come out through `push` before it returns. */
	parse(buf: Buffer | undefined, end: boolean, push: (record: string[]) => void): void;
	/** csv-parse's live counters, read inside `push`: lines and empty lines so far. */
	readonly info: Info;
	/** The fields read so far of the record csv-parse is in the middle of. */
	leadingFields(): string[] | undefined;
	/** The size of the record csv-parse is in the middle of: its fields so far. */
	pendingRecordSize(): number;
	/**
	 * Makes CRLF a record delimiter next to LF. csv-parse checks every byte against every record
	 * delimiter, so files without a CR (most) parse about 5% faster with LF alone; call this
	 * before the first chunk that holds a CR, and every record comes out as with both from the
	 * start (a CRLF can only match where there is a CR).
	 */
	acceptCrlf(): void;
}

export type CsvCoreOptions = Omit<Options, 'record_delimiter'>;

/** csv-parse's core with LF as the record delimiter (see `acceptCrlf`). */
export function createCsvCore(options: CsvCoreOptions): CsvCore {
	const parser = new Parser({ ...options, record_delimiter: ['\n'] });
	const missing = csvParseInternals(parser);
	if (missing.length > 0) {
		throw new Error(
			`This csv-parse is not the version n8n-nodes-spaaza was built for: ${missing.join(', ')} missing. Reinstall the package so npm installs the csv-parse version it pins.`,
		);
	}
	const internals = parser as unknown as {
		api: CsvCoreApi;
		state: { field: FieldBuffer; record: string[]; recordDelimiterMaxLength: number };
		options: { record_delimiter: Buffer[] };
	};
	const { api, state } = internals;
	// csv-parse turns every field into text with `buf.slice(0, length).toString(encoding)`, which
	// allocates a Buffer view per cell only to drop it: about a tenth of parsing time went to
	// making and collecting those. Decoding the range directly gives the same string.
	const field = state.field;
	const original = field.toString;
	field.toString = function (this: FieldBuffer, encoding) {
		// Without an encoding csv-parse wants bytes (it compares them with BOMs).
		return encoding ? this.buf.toString(encoding, 0, this.length) : original.call(this);
	};
	const close = () => undefined;
	return {
		parse(buf, end, push) {
			const error = api.parse(buf, end, push, close);
			if (error) throw error;
		},
		info: parser.info,
		leadingFields: () => (Array.isArray(state.record) ? state.record.map(String) : undefined),
		pendingRecordSize() {
			let size = state.field.length;
			for (const cell of state.record) size += cell.length;
			return size;
		},
		acceptCrlf() {
			internals.options.record_delimiter.unshift(Buffer.from('\r\n'));
			state.recordDelimiterMaxLength = 2;
		},
	};
}
