import fc from 'fast-check';

import { parseFileSet } from '../../../../nodes/core/fileset';
import type { RecordKind } from '../../../../nodes/core/records';
import { chunks } from '../fileset/helpers';
import { products, variants } from './arbitraries';
import { buildFile, withoutSource } from './support';

/**
 * README "Build Spaaza File Set": Build → Parse round-trips every valid record exactly. The generators make valid
 * records in normal form (what the shared record check returns), so the parser must give back
 * the very same records. The one documented difference: Parse fills in update_if_exists for
 * records without one (its `updateIfExists` option), which the check below passes as false.
 * The records' `_source` lines are checked too, so the parser's line numbers are known to match
 * what an editor shows even with CR, LF and CRLF inside values.
 */
const RUNS = 1000;
const SEEDS: Record<RecordKind, number> = { product: 20251024, variant: 20260114 };
const FILE = {
	product: 'productlist_20251024_100000.csv',
	variant: 'variantlist_20251024_100000.csv',
};

/**
 * A variant given one item per barcode, as a sheet in the file's layout gives it. The barcode is
 * a one-element list: the record check reads a barcode *string* as a comma-separated list and
 * trims it (the API's form-encoded style), which generated barcodes with commas would not survive.
 */
function perBarcode(record: Record<string, unknown>): Array<Record<string, unknown>> {
	const { owner_code: ownerCode, barcodes, ...fields } = record;
	return (barcodes as string[]).map((barcode) => ({
		...fields,
		product_variant_owner_code: ownerCode,
		barcodes: [barcode],
	}));
}

async function roundTrip(
	kind: RecordKind,
	records: Array<Record<string, unknown>>,
	chunkSize: number,
	split = false,
) {
	const input = split ? records.flatMap(perBarcode) : records;
	const { collected, bytes } = await buildFile(kind, input);
	expect(collected.issues).toEqual([]);
	expect(collected.records).toHaveLength(records.length);

	const text = bytes.toString('utf8');
	expect(Buffer.from(text, 'utf8').equals(bytes)).toBe(true);
	const header = text.slice(0, text.indexOf('\n'));
	expect(header).toBe(header.toLowerCase());

	const parsed = await parseFileSet([{ name: FILE[kind], stream: chunks(bytes, chunkSize) }], {
		requireCompleteSets: false,
		updateIfExists: false,
	});
	const errors = parsed.issues.filter((issue) => issue.severity === 'error');
	expect(errors).toEqual([]);
	const back = kind === 'product' ? parsed.sets[0].products : parsed.sets[0].variants;
	const expected = records.map((record) => ({ update_if_exists: false, ...record }));
	expect(back.map((record) => withoutSource(record))).toEqual(expected);
	expect(back.map((record) => record._source?.lines)).toEqual(expectedLines(kind, records));
}

const breaks = (text: string) => text.split('\n').length - 1;

/**
 * The lines an editor shows each record on: the header (whose extra column names may hold line
 * breaks) comes first, and each row takes one line plus one per LF inside its values (a CR
 * alone or in CRLF adds none, as the parser counts).
 */
function expectedLines(kind: RecordKind, records: Array<Record<string, unknown>>): number[][] {
	const keys = new Set(records.flatMap((record) => Object.keys(record)));
	let line = 2 + breaks([...keys].join(''));
	return records.map((record) => {
		const shared = breaks(
			Object.entries(record)
				.filter(([key]) => key !== 'barcodes')
				.map(([, value]) => String(value))
				.join(''),
		);
		const rows = kind === 'product' ? [''] : (record.barcodes as string[]);
		return rows.map((barcode) => {
			const start = line;
			line += 1 + shared + breaks(barcode);
			return start;
		});
	});
}

describe('Build → Parse round trip (property)', () => {
	it(`gives back every product exactly (${RUNS} cases, seed ${SEEDS.product})`, async () => {
		await fc.assert(
			fc.asyncProperty(products, fc.integer({ min: 1, max: 64 }), async (records, chunkSize) => {
				await roundTrip('product', records, chunkSize);
			}),
			{ seed: SEEDS.product, numRuns: RUNS },
		);
	});

	it(`gives back every variant exactly, barcodes in order, also when given one item per barcode (${RUNS} cases, seed ${SEEDS.variant})`, async () => {
		await fc.assert(
			fc.asyncProperty(
				variants,
				fc.integer({ min: 1, max: 64 }),
				fc.boolean(),
				async (records, chunkSize, split) => {
					await roundTrip('variant', records, chunkSize, split);
				},
			),
			{ seed: SEEDS.variant, numRuns: RUNS },
		);
	});
});
