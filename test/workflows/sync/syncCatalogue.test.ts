/**
 * Plan → apply → verify against the sandbox: Spaaza Compare Catalogue's four outputs, the Upsert
 * nodes sending only New + Changed, Spaaza Delete Record removing only what is missing from a
 * complete feed (and nothing above Max Deletions), and a second Compare finding nothing to do.
 */
import { cleanupHarness } from '../../harness';
import { useSandbox } from '../../support/sandbox';
import {
	CHANGED,
	COMPARE,
	DELETE,
	MISSING,
	NEW,
	UPSERT,
	catalogue,
	feed,
	ownerCodes,
	requests,
	runSync,
} from './support';

const sandbox = useSandbox({ taskRunMs: 0, prepare: (s) => s.load(catalogue()) });
afterAll(async () => await cleanupHarness());

const NEW_OUT = 0;
const CHANGED_OUT = 1;
const UNCHANGED_OUT = 2;
const MISSING_OUT = 3;

describe('Sync a product file set: Compare → Upsert / Delete Record → Compare again', () => {
	it('plans exactly the changed, new and missing records, applies them with 25 writes per kind and 7 deletes, and the verify Compare finds nothing', async () => {
		const wanted = feed();
		// Products first (batch items, as Parse's batches mode gives them), then variants (rows).
		const products = await runSync(sandbox, {
			recordType: 'products',
			records: wanted.products,
			batch: true,
			apply: true,
		});
		expect(products.error).toBeUndefined();
		expect(ownerCodes(products, NEW_OUT)).toEqual(wanted.newProducts);
		expect(ownerCodes(products, CHANGED_OUT)).toEqual(wanted.changedProducts);
		const changed = products.json(COMPARE, CHANGED_OUT);
		for (const json of changed)
			expect(json.changes).toEqual({ price: { spaaza: '10', feed: '12.50' } });
		expect(products.json(COMPARE, UNCHANGED_OUT)).toEqual([
			expect.objectContaining({
				summary: true,
				records: wanted.products.length,
				new: NEW,
				changed: CHANGED,
				unchanged: 2000 - CHANGED - MISSING,
				missingFromFeed: MISSING,
				readComplete: true,
			}),
		]);
		expect(products.json(COMPARE, MISSING_OUT).map((json) => json.owner_code)).toEqual(
			wanted.missingProducts,
		);
		expect(products.json(COMPARE, MISSING_OUT)[0].note).toMatch(/also deletes all its variants/);
		// One products export: create, a poll or two, download URL; nothing per record.
		expect(requests(sandbox, 'GET /api/internal/get-product')).toBe(0);
		expect(requests(sandbox, 'POST /api/internal/add-product')).toBe(NEW + CHANGED);
		expect(requests(sandbox, 'DELETE /api/internal/delete-product')).toBe(MISSING);
		expect(products.json(UPSERT).every((json) => json.status === 'upserted')).toBe(true);
		expect(products.json(DELETE).map((json) => [json.status, json.owner_code])).toEqual(
			wanted.missingProducts.map((owner) => ['deleted', owner]),
		);

		const variants = await runSync(sandbox, {
			recordType: 'variants',
			records: wanted.variants,
			apply: true,
		});
		expect(variants.error).toBeUndefined();
		expect(ownerCodes(variants, NEW_OUT)).toEqual(wanted.newVariants);
		expect(ownerCodes(variants, CHANGED_OUT)).toEqual(wanted.changedVariants);
		for (const json of variants.json(COMPARE, CHANGED_OUT))
			expect(json.changes).toEqual({ price: { spaaza: '10', feed: '12.50' } });
		expect(variants.json(COMPARE, MISSING_OUT).map((json) => json.owner_code)).toEqual(
			wanted.missingVariants,
		);
		// 4,000 variants in pages of 500: 9 reads (the ninth is empty), plus at most 3 asked while
		// the ninth was out (Concurrency 4, the default), and one products export.
		const pages = requests(sandbox, 'GET /api/internal/get-product-variants');
		expect(pages).toBeGreaterThanOrEqual(9);
		expect(pages).toBeLessThanOrEqual(12);
		expect(requests(sandbox, 'POST /api/internal/add-product-variant')).toBe(NEW + CHANGED);
		expect(requests(sandbox, 'DELETE /api/internal/delete-product-variant')).toBe(MISSING);

		const spaaza = sandbox.catalogue();
		expect(spaaza).toHaveLength(2000 - MISSING + NEW);
		expect(spaaza.flatMap((p) => p.variants)).toHaveLength(4000 - MISSING + NEW);

		// Verify: the same feed compared again holds nothing new or changed.
		for (const [recordType, records] of [
			['products', wanted.products],
			['variants', wanted.variants],
		] as const) {
			const verify = await runSync(sandbox, { recordType, records });
			expect(verify.error).toBeUndefined();
			expect(verify.json(COMPARE, NEW_OUT)).toEqual([]);
			expect(verify.json(COMPARE, CHANGED_OUT)).toEqual([]);
			expect(verify.json(COMPARE, MISSING_OUT)).toEqual([]);
			expect(verify.json(COMPARE, UNCHANGED_OUT)[0]).toMatchObject({
				unchanged: records.length,
				new: 0,
				changed: 0,
			});
		}
	});

	it('deletes nothing when more records are missing than Max Deletions, and says how many', async () => {
		const wanted = feed();
		const result = await runSync(sandbox, {
			recordType: 'products',
			records: wanted.products,
			apply: true,
			delete: { maxDeletions: 5 },
		});
		expect(result.error).toMatchObject({
			nodeName: DELETE,
			message: expect.stringContaining('7 products to delete, more than Max Deletions (5)'),
		});
		expect(result.error?.description).toMatch(/SPAAZA_TOO_MANY_DELETIONS/);
		expect(requests(sandbox, 'DELETE /api/internal/delete-product')).toBe(0);
		const held = new Set(sandbox.catalogue().map((p) => p.owner_code));
		expect(wanted.missingProducts.filter((owner) => held.has(owner))).toEqual(
			wanted.missingProducts,
		);
	});

	it('lists nothing as missing unless Feed Is Complete is on, and says why', async () => {
		const wanted = feed();
		const result = await runSync(sandbox, {
			recordType: 'products',
			records: wanted.products,
			compare: { feedIsComplete: false },
		});
		expect(result.json(COMPARE, MISSING_OUT)).toEqual([]);
		expect(result.json(COMPARE, UNCHANGED_OUT)[0]).toMatchObject({
			missingFromFeed: 0,
			missingFromFeedNote: expect.stringMatching(/Feed Is Complete is off/),
		});
	});
});
