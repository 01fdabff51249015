/**
 * Spaaza Compare Catalogue is fail safe: a record is Unchanged only when Spaaza provably holds
 * every value it would send. A field the read does not return, a read that stops half-way, and a
 * record changed in Spaaza by hand all end in Changed, with the reason.
 */
import type { IDataObject } from 'n8n-workflow';

import { seededRandom } from '../../../sandbox/random';
import { cleanupHarness } from '../../harness';
import { useSandbox } from '../../support/sandbox';
import { catalogue, COMPARE, ownerCodes, requests, runSync } from './support';

afterAll(async () => await cleanupHarness());

const NEW_OUT = 0;
const CHANGED_OUT = 1;
const UNCHANGED_OUT = 2;
const MISSING_OUT = 3;

/** The first 600 products and their 1,200 variants (pages of 500, 500 and 200). */
function small(): { products: IDataObject[]; variants: IDataObject[] } {
	const { products, variants } = catalogue();
	return { products: products.slice(0, 600), variants: variants.slice(0, 1200) };
}

describe('an export without a column the feed sets', () => {
	const sandbox = useSandbox({
		taskRunMs: 0,
		// The products export without `brand` (Spaaza does not document its columns).
		exportColumns: { products: ['id', 'owner_code', 'name', 'price', 'is_promotional'] },
		prepare: (s) => s.load(small()),
	});

	it('sends the records that set that field to Changed, saying the read does not return it', async () => {
		const { products } = small();
		const withoutBrand = products
			.slice(50)
			.map((p) => Object.fromEntries(Object.entries(p).filter(([key]) => key !== 'brand')));
		expect(withoutBrand[0]).not.toHaveProperty('brand');
		const result = await runSync(sandbox, {
			recordType: 'products',
			records: [...products.slice(0, 50), ...withoutBrand],
		});
		expect(result.error).toBeUndefined();
		expect(ownerCodes(result, CHANGED_OUT)).toEqual(products.slice(0, 50).map((p) => p.owner_code));
		expect(result.json(COMPARE, CHANGED_OUT)[0].changes).toEqual({
			brand: {
				spaaza: null,
				feed: 'ACME',
				reason: "Spaaza's read does not return this field, so it cannot be shown to be the same",
			},
		});
		expect(result.json(COMPARE, UNCHANGED_OUT)[0]).toMatchObject({ unchanged: 550, new: 0 });
	});
});

/** A seed whose first roll passes a 50% fault rate and whose second does not. */
const HALF_WAY_SEED = Array.from({ length: 1000 }, (_, i) => i + 1).find((seed) => {
	const roll = seededRandom(seed);
	return roll() >= 0.5 && roll() < 0.5;
})!;

describe('a read that fails half-way', () => {
	const sandbox = useSandbox({
		taskRunMs: 0,
		seed: HALF_WAY_SEED,
		prepare: (s) => s.load(small()),
	});

	it('calls no record Unchanged, New or Missing on the strength of the pages it did not get', async () => {
		// Page 1 of get-product-variants arrives, page 2 gets a 503 (Max Retries 0). One page at a
		// time, so the seeded faults fall on known pages; pagedRead.test.ts has the same with
		// several pages at once.
		sandbox.setFaults({ rates: { '503': 0.5 }, paths: ['/api/internal/get-product-variants'] });
		const { variants } = small();
		const extra = { product_owner_code: 'P0001', owner_code: 'ONLY-IN-FEED', barcodes: ['77'] };
		const result = await runSync(sandbox, {
			recordType: 'variants',
			records: [...variants, extra],
			compare: { options: { maxRetries: 0, concurrency: 1 } },
		});
		expect(result.error).toBeUndefined();
		expect(requests(sandbox, 'GET /api/internal/get-product-variants')).toBe(2);
		// Variants are listed by id, the order they were loaded in: the first 500 were read.
		expect(result.json(COMPARE, UNCHANGED_OUT)[0]).toMatchObject({
			unchanged: 500,
			changed: 701,
			new: 0,
			missingFromFeed: 0,
			readComplete: false,
			readProblem: expect.stringMatching(/503|unavailable/i),
			missingFromFeedNote: expect.stringMatching(/could not be read to the end/),
		});
		expect(result.json(COMPARE, NEW_OUT)).toEqual([]);
		expect(result.json(COMPARE, MISSING_OUT)).toEqual([]);
		const changed = result.json(COMPARE, CHANGED_OUT);
		expect(changed.map((json) => json.owner_code)).toEqual(
			[...variants.slice(500), extra].map((v) => v.owner_code),
		);
		for (const json of changed)
			expect(json.reason).toMatch(
				/could not be read to the end .* cannot be shown to be new or unchanged/,
			);
	});
});

describe('a record edited in Spaaza by hand', () => {
	const sandbox = useSandbox({ taskRunMs: 0, prepare: (s) => s.load(small()) });

	it('is Changed on the next run, with the value Spaaza now holds', async () => {
		const { products, variants } = small();
		const first = await runSync(sandbox, { recordType: 'products', records: products });
		expect(first.json(COMPARE, UNCHANGED_OUT)[0]).toMatchObject({ unchanged: 600, changed: 0 });

		sandbox.load({
			products: [{ ...products[3], price: '99.00', update_if_exists: true }],
			variants: [{ ...variants[7], barcodes: ['123'], update_if_exists: true }],
		});

		const second = await runSync(sandbox, { recordType: 'products', records: products });
		expect(ownerCodes(second, CHANGED_OUT)).toEqual(['P0003']);
		expect(second.json(COMPARE, CHANGED_OUT)[0].changes).toEqual({
			price: { spaaza: '99', feed: '10.00' },
		});
		const byVariant = await runSync(sandbox, { recordType: 'variants', records: variants });
		expect(ownerCodes(byVariant, CHANGED_OUT)).toEqual([variants[7].owner_code]);
		expect(byVariant.json(COMPARE, CHANGED_OUT)[0].changes).toEqual({
			barcodes: { spaaza: ['123'], feed: variants[7].barcodes },
		});
		expect(byVariant.json(COMPARE, NEW_OUT)).toEqual([]);
		expect(byVariant.json(COMPARE, MISSING_OUT)).toEqual([]);
		expect(requests(sandbox, 'POST /api/internal/add-product')).toBe(0);
	});
});

describe('a cancelled run', () => {
	const sandbox = useSandbox({ taskRunMs: 60_000, prepare: (s) => s.load(small()) });

	it('stops waiting for the products export at once, and nothing comes out', async () => {
		const { products } = small();
		const result = await runSync(
			sandbox,
			{ recordType: 'products', records: products },
			{
				cancelAfterMs: 1500,
			},
		);
		expect(result.cancelled).toBe(true);
		expect(result.stopLatencyMs).toBeLessThan(1000);
		expect(result.runs(COMPARE)[0]?.data).toBeUndefined();
	});
});
