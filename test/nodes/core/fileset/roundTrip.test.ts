import fc from 'fast-check';

import { csvChunks } from '../../../../nodes/core/filewriter/write';
import { parseFileSet } from '../../../../nodes/core/fileset/parseFileSet';
import type { ProductRecord, VariantRecord } from '../../../../nodes/core/records/types';

// README "Build Spaaza File Set": Build → Parse round-trips every valid record exactly. Text with commas, quotes, CR,
// LF and non-ASCII characters; amounts as written; barcodes with leading zeros.
const text = (maxLength: number) =>
	fc
		.string({
			unit: fc.constantFrom('a', 'Z', '7', ' ', ',', '"', '\n', '\r', 'é', '日', '😀', '>'),
			minLength: 1,
			maxLength,
		})
		.filter((s) => s.trim() !== '');
const amount = fc
	.tuple(fc.nat({ max: 99999 }), fc.option(fc.stringMatching(/^\d{1,2}$/), { nil: undefined }))
	.map(([whole, cents]) => (cents === undefined ? String(whole) : `${whole}.${cents}`));

const product = fc.record(
	{
		owner_code: text(64),
		name: text(255),
		description: text(512),
		price: amount,
		cost_price: amount,
		brand: text(64),
		category: text(100),
		web_url: fc
			.webUrl({ validSchemes: ['https', 'http'] })
			.filter((url) => url.length <= 512 && !/\s/.test(url)),
		is_promotional: fc.boolean(),
		private_label: fc.boolean(),
		unit: text(10),
		update_if_exists: fc.boolean(),
	},
	{ requiredKeys: ['owner_code', 'name', 'update_if_exists'] },
);

const variant = fc.record(
	{
		owner_code: text(255),
		barcodes: fc.uniqueArray(fc.stringMatching(/^\d{1,20}$/), { minLength: 1, maxLength: 3 }),
		product_owner_code: text(255),
		name: text(255),
		price: amount,
		colour: text(20),
		size: text(10),
		is_promotional: fc.boolean(),
		update_if_exists: fc.boolean(),
	},
	{ requiredKeys: ['owner_code', 'barcodes', 'product_owner_code', 'update_if_exists'] },
);

async function parse(kind: 'product' | 'variant', records: Array<Record<string, unknown>>) {
	const name = `${kind}list_20251024_100000.csv`;
	const pieces = csvChunks(
		kind,
		records.map((record, itemIndex) => ({ record, origin: { itemIndex } })),
	);
	const stream = (async function* () {
		yield* pieces;
	})();
	const result = await parseFileSet([{ name, stream }], { requireCompleteSets: false });
	const set = result.sets[0];
	const parsed = (kind === 'product' ? set.products : set.variants) as Array<
		ProductRecord | VariantRecord
	>;
	return {
		issues: result.issues.filter((issue) => issue.code !== 'SPAAZA_SET_INCOMPLETE'),
		records: parsed.map((record) => {
			const copy: Record<string, unknown> = { ...record };
			delete copy._source;
			return copy;
		}),
	};
}

describe('Build → Parse round trip', () => {
	test('product records come back exactly', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.uniqueArray(product, { minLength: 1, maxLength: 6, selector: (p) => p.owner_code }),
				async (records) => {
					const { issues, records: back } = await parse('product', records);
					expect(issues).toEqual([]);
					expect(back).toEqual(records);
				},
			),
			{ numRuns: 150 },
		);
	});

	test('variant records come back exactly, barcodes and all', async () => {
		const variants = fc
			.uniqueArray(variant, { minLength: 1, maxLength: 6, selector: (v) => v.owner_code })
			.filter(
				(list) =>
					new Set(list.flatMap((v) => v.barcodes)).size === list.flatMap((v) => v.barcodes).length,
			);
		await fc.assert(
			fc.asyncProperty(variants, async (records) => {
				const { issues, records: back } = await parse('variant', records);
				expect(issues).toEqual([]);
				expect(back).toEqual(records);
			}),
			{ numRuns: 150 },
		);
	});
});
