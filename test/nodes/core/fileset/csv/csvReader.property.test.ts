import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';

import { readCsv } from '../../../../../nodes/core/fileset/csv/csvReader';
import { chunks } from '../helpers';

// Any text a cell can hold: commas, quotes, CR/LF, multi-byte and astral characters.
const cellText = fc.string({
	unit: fc.constantFrom('a', 'Z', '0', ',', '"', '\n', '\r\n', ' ', 'é', 'ß', '日', '😀', ';'),
	maxLength: 12,
});

describe('readCsv round trip', () => {
	test('what csv-stringify writes comes back field for field, on the right lines, in any chunking', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 1, max: 4 }).chain((width) =>
					fc.array(fc.array(cellText, { minLength: width, maxLength: width }), {
						minLength: 1,
						maxLength: 8,
					}),
				),
				fc.integer({ min: 1, max: 40 }),
				fc.boolean(),
				async (rows, size, crlf) => {
					// A row of empty cells is skipped by design, so give every row some text.
					const records = rows.map((row) => row.map((cell, i) => (i === 0 ? `r${cell}` : cell)));
					const text = stringify(records, {
						record_delimiter: crlf ? '\r\n' : '\n',
						quoted_match: /[\r\n]/,
					});
					const got: Array<{ fields: string[]; line: number }> = [];
					await readCsv(
						chunks(text, size),
						(fields, line) => {
							got.push({ fields, line });
						},
						() => {
							throw new Error('unexpected problem');
						},
					);
					let line = 1;
					const want = records.map((fields) => {
						const at = line;
						line += 1 + fields.join(',').split('\n').length - 1;
						return { fields, line: at };
					});
					expect(got).toEqual(want);
				},
			),
			{ numRuns: 300 },
		);
	});
});
