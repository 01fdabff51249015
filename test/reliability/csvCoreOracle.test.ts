/**
 * csvCore.ts (Parse's general CSV reader) against csv-parse, its oracle: on the CSV fuzz corpus
 * (test/reliability/csvCorpus.ts: seeded mutations of the sample set, as LF and as CRLF files) and
 * on hand-made damage, fed in chunks of several sizes, both must give the same records and the
 * same problems in the same order, and — for files without a CR, where both count lines alike —
 * the same line counters at every record. csv-parse gets the whole file through its public
 * `csv-parse/sync` API with Parse's options.
 *
 * SPAAZA_FUZZ_CASES sets the number of cases (default 400 per line ending), SPAAZA_FUZZ_SEED the seed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parse } from 'csv-parse/sync';
import fc from 'fast-check';

import { createCsvCore } from '../../nodes/core/fileset/csv/csvCore';
import { mutate, opsArbitrary } from './csvCorpus';

const CASES = Math.max(100, Math.round(Number(process.env.SPAAZA_FUZZ_CASES ?? 2_000) / 5));
const SEED = Number(process.env.SPAAZA_FUZZ_SEED ?? 20251024);
const SAMPLES = path.resolve(__dirname, '../../samples');
const SET = '20251024_100000';
const lf = [
	readFileSync(path.join(SAMPLES, `productlist_${SET}.csv`)),
	readFileSync(path.join(SAMPLES, `variantlist_${SET}.csv`)),
];
const crlf = lf.map((bytes) =>
	Buffer.from(bytes.toString('latin1').replace(/\n/g, '\r\n'), 'latin1'),
);

type Event = string;

/** What csv-parse gives: each record (with its line counters when `lines`) or problem, in order. */
function oracle(bytes: Buffer, withCrlf: boolean, lines: boolean): Event[] {
	const events: Event[] = [];
	parse(bytes, {
		bom: false,
		record_delimiter: withCrlf ? ['\r\n', '\n'] : ['\n'],
		relax_column_count: true,
		skip_empty_lines: true,
		skip_records_with_empty_values: true,
		skip_records_with_error: true,
		on_skip: (error) => {
			if (error) events.push(`problem ${error.code}`);
			return undefined;
		},
		on_record: (record: string[], info) => {
			events.push(JSON.stringify(lines ? [record, info.lines, info.empty_lines] : record) as Event);
			return null;
		},
	});
	return events;
}

function ours(bytes: Buffer, withCrlf: boolean, lines: boolean, chunkSize: number): Event[] {
	const events: Event[] = [];
	const core = createCsvCore({ onSkip: (error) => events.push(`problem ${error.code}`) });
	if (withCrlf) core.acceptCrlf();
	const push = (record: string[]) =>
		events.push(
			JSON.stringify(lines ? [record, core.info.lines, core.info.empty_lines] : record) as Event,
		);
	for (let at = 0; at < bytes.length; at += chunkSize)
		core.parse(bytes.subarray(at, at + chunkSize), false, push);
	core.parse(undefined, true, push);
	return events;
}

function compare(bytes: Buffer, chunkSize: number): void {
	// csv-parse also counts a CR as a line, on purpose csvCore.ts does not: lines are compared
	// where there is no CR.
	const lines = !bytes.includes(0x0d);
	for (const withCrlf of [false, true]) {
		expect(ours(bytes, withCrlf, lines, chunkSize)).toEqual(oracle(bytes, withCrlf, lines));
	}
}

const caseArbitrary = fc.record({
	which: fc.constantFrom(0, 1),
	ops: opsArbitrary,
	chunkSize: fc.constantFrom(1, 2, 3, 7, 64, 64 * 1024),
});

describe.each([
	['LF', lf],
	['CRLF', crlf],
])('%s files: the same records and problems as csv-parse', (_name, pristine) => {
	test('on the undamaged sample set', () => {
		for (const bytes of pristine) compare(bytes, 64 * 1024);
	});

	test(`on ${CASES} seeded mutations of the sample set`, () => {
		fc.assert(
			fc.property(caseArbitrary, ({ which, ops, chunkSize }) => {
				compare(mutate(pristine[which], ops).bytes, chunkSize);
			}),
			{ numRuns: CASES, seed: SEED, endOnFailure: true },
		);
	});
});

describe('hand-made damage', () => {
	const files: Array<[string, string]> = [
		['a quote inside an unquoted value', 'a,b\nx,1"2,3\ny,4\n'],
		['text after a closing quote', 'a,b\n"x"y,1\nz,2\n'],
		['a quote never closed', 'a,b\nx,"1\ny,2\n'],
		['a quote closed by a NUL', 'a,b\n"x"\u0000,1\n'],
		['a doubled quote at a chunk edge', 'a,b\n"x""y",1\n"""",2\n'],
		['a lone CR and CRLF', 'a,b\r\nx,1\ry\r\n"q\r\n",2\r\n\r\n'],
		['blank records after a problem', 'a,b\nx"y,1\n , \nz,2\n'],
		['empty lines and a last line without a break', '\n\na,b\n\nx,1\n\ny,2'],
		['only a quote', '"'],
		['nothing', ''],
	];
	test.each(files)('%s', (_name, content) => {
		for (const size of [1, 2, 3, 5, 1024]) compare(Buffer.from(content, 'utf8'), size);
	});
});
