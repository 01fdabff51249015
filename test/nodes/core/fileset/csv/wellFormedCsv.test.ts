import { readFileSync } from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';

import * as csvCore from '../../../../../nodes/core/fileset/csv/csvCore';
import { readCsv, type CsvProblem } from '../../../../../nodes/core/fileset/csv/csvReader';
import { chunks } from '../helpers';

// wellFormedCsv.ts splits well-formed records itself and leaves the rest of a file to csv-parse
// from the first record that is not. Whatever the file, Parse must see exactly what csv-parse
// alone gives: the same fields, lines and problems, in the same order, stopping at the same place.

type Event = ['record', string[], number, number] | ['problem', CsvProblem];

async function events(
	content: Buffer,
	size: number,
	wellFormed: boolean,
	stopAt: { record?: number; problem?: number },
): Promise<Event[]> {
	const out: Event[] = [];
	let records = 0;
	let problems = 0;
	await readCsv(
		chunks(content, size),
		(fields, first, last) => {
			out.push(['record', [...fields], first, last]);
			return ++records !== stopAt.record;
		},
		(problem) => {
			out.push(['problem', structuredClone(problem)]);
			return ++problems !== stopAt.problem;
		},
		{ wellFormed },
	);
	return out;
}

async function expectSameAsCsvParse(
	content: Buffer,
	size: number,
	stopAt: { record?: number; problem?: number } = {},
): Promise<Event[]> {
	const got = await events(content, size, true, stopAt);
	expect(got).toEqual(await events(content, size, false, stopAt));
	return got;
}

const SAMPLES = path.resolve(__dirname, '../../../../../samples');
const samples = [
	readFileSync(path.join(SAMPLES, 'productlist_20251024_100000.csv')),
	readFileSync(path.join(SAMPLES, 'variantlist_20251024_100000.csv')),
];

// Pieces that make a record well formed or not, and the bytes csv-parse treats specially.
const piece = fc.constantFrom(
	'a',
	'Zé',
	'日本',
	'😀',
	' ',
	'',
	',',
	'"',
	'""',
	'"q"',
	'"a,b"',
	'"x""y"',
	'"two\nlines"',
	'"cr\r\nlf"',
	'\n',
	'\r\n',
	'\r',
	'\n\n',
	',,\n',
	' , \n',
	'""\n',
	'\u0000',
	'\uFFFD',
	'\u00a0',
);
const bytes = fc.constantFrom(
	[0xff],
	[0xc3],
	[0x80],
	[0xe2, 0x82],
	[0xef, 0xbb, 0xbf],
	[0x22],
	[0x0d],
	[0x0a],
);

const content = fc.oneof(
	fc
		.array(fc.oneof({ weight: 12, arbitrary: piece }, { weight: 1, arbitrary: bytes }), {
			maxLength: 60,
		})
		.map((parts) =>
			Buffer.concat(
				parts.map((part) =>
					typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part),
				),
			),
		),
	fc
		.record({
			sample: fc.constantFrom(...samples),
			at: fc.nat(),
			insert: fc.oneof(
				piece.map((text) => [...Buffer.from(text, 'utf8')]),
				bytes,
			),
			cut: fc.nat({ max: 3 }),
		})
		.map(({ sample, at, insert, cut }) => {
			const where = at % (sample.length + 1);
			return Buffer.concat([
				sample.subarray(0, where),
				Buffer.from(insert),
				sample.subarray(Math.min(sample.length, where + cut)),
			]);
		}),
);

describe('the well-formed reader and csv-parse', () => {
	test('give the same records, lines and problems on any file, in any chunking', async () => {
		await fc.assert(
			fc.asyncProperty(
				content,
				fc.oneof(fc.integer({ min: 1, max: 70 }), fc.constant(Infinity)),
				async (file, size) => {
					await expectSameAsCsvParse(file, size);
				},
			),
			{ numRuns: 1000, seed: 20261127 },
		);
	});

	test('stop at the same place when the caller stops them', async () => {
		await fc.assert(
			fc.asyncProperty(
				content,
				fc.oneof(fc.integer({ min: 1, max: 70 }), fc.constant(Infinity)),
				fc.integer({ min: 1, max: 6 }),
				fc.integer({ min: 1, max: 3 }),
				async (file, size, record, problem) => {
					await expectSameAsCsvParse(file, size, { record, problem });
				},
			),
			{ numRuns: 500, seed: 20261128 },
		);
	});

	test('the sample files are read by the well-formed reader alone, with the same result', async () => {
		for (const sample of samples) {
			const got = await expectSameAsCsvParse(sample, 4096);
			expect(got.filter(([kind]) => kind === 'problem')).toEqual([]);
			expect(got.length).toBeGreaterThan(3);
			// Parse's speed rests on this: csv-parse is not even started for a well-formed file.
			const started = jest.spyOn(csvCore, 'createCsvCore');
			try {
				await events(sample, 4096, true, {});
				expect(started).not.toHaveBeenCalled();
			} finally {
				started.mockRestore();
			}
		}
	});

	test('a long record arriving a byte at a time is not copied again for every byte', async () => {
		// Copying (and reading) the unfinished record again on every chunk is quadratic: 200 MB for
		// this 20 kB record, minutes of CPU for one of 200 kB. The well-formed reader tries again
		// only once the record's bytes have doubled.
		const record = `1,"${'x\n'.repeat(10 * 1024)}"\n`;
		const file = Buffer.from(`a,b\n${record}2,c\n`);
		const concat = Buffer.concat;
		let copied = 0;
		const spy = jest.spyOn(Buffer, 'concat').mockImplementation((list, length) => {
			const joined = concat(list, length);
			copied += joined.length;
			return joined;
		});
		try {
			await events(file, 1, true, {});
		} finally {
			spy.mockRestore();
		}
		expect(copied).toBeLessThan(8 * record.length);
		const got = await expectSameAsCsvParse(file, 1);
		expect(got.map((event) => (event[0] === 'record' ? event[2] : event[1].code))).toEqual([
			1,
			2,
			10 * 1024 + 3,
		]);
	});

	test('a record too long for the well-formed reader is measured by csv-parse', async () => {
		const long = 'x'.repeat(300 * 1024);
		const file = Buffer.from(`a,b\n1,"${long}"\n2,"${'y'.repeat(3 * 1024 * 1024)}"\n3,c\n`);
		const got = await expectSameAsCsvParse(file, 64 * 1024);
		expect(got.map((event) => (event[0] === 'record' ? event[2] : event[1].code))).toEqual([
			1,
			2,
			'SPAAZA_INVALID_VALUE',
		]);
	});
});
