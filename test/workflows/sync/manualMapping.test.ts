/**
 * Spaaza Compare Catalogue with Map Each Field Manually: items from another system (a sheet, a
 * shop) are mapped with expressions, compared, and the mapped records go on to a Create or Update
 * node that maps automatically.
 */
import { cleanupHarness } from '../../harness';
import { useSandbox } from '../../support/sandbox';
import { catalogue, COMPARE, ownerCodes, requests, runSync, UPSERT } from './support';

afterAll(async () => await cleanupHarness());

const NEW_OUT = 0;
const CHANGED_OUT = 1;
const UNCHANGED_OUT = 2;

const sandbox = useSandbox({ taskRunMs: 0, prepare: (s) => s.load(catalogue(50)) });

/** Shop items: other field names, prices as numbers. */
const shop = [
	{ sku: 'P0000', title: 'Product 0', cost: 10, vendor: 'ACME' },
	{ sku: 'P0001', title: 'Product 1', cost: 11.5, vendor: 'ACME' },
	{ sku: 'SHOP-1', title: 'Only in the shop', cost: 3, vendor: 'ACME' },
];

describe('Compare Catalogue with manual mapping', () => {
	it('compares the mapped fields, outputs the mapped records, and the Create or Update node sends only those', async () => {
		const result = await runSync(sandbox, {
			recordType: 'products',
			records: shop,
			apply: true,
			compare: {
				feedIsComplete: false,
				mappingMode: 'manual',
				ownerCode: '={{ $json.sku }}',
				productName: '={{ $json.title }}',
				additionalFields: { price: '={{ $json.cost }}', brand: '={{ $json.vendor }}' },
			},
		});
		expect(result.error).toBeUndefined();
		expect(ownerCodes(result, NEW_OUT)).toEqual(['SHOP-1']);
		expect(result.json(COMPARE, NEW_OUT)[0]).toEqual({
			owner_code: 'SHOP-1',
			name: 'Only in the shop',
			price: 3,
			brand: 'ACME',
		});
		expect(ownerCodes(result, CHANGED_OUT)).toEqual(['P0001']);
		expect(result.json(COMPARE, CHANGED_OUT)[0]).toMatchObject({
			owner_code: 'P0001',
			price: 11.5,
			changes: { price: { spaaza: '10', feed: '11.5' } },
		});
		expect(result.json(COMPARE, CHANGED_OUT)[0]).not.toHaveProperty('sku');
		expect(result.json(COMPARE, UNCHANGED_OUT)[0]).toMatchObject({ unchanged: 1 });
		// Create or Update (automatic mapping) got the mapped records and wrote exactly those two.
		expect(requests(sandbox, 'POST /api/internal/add-product')).toBe(2);
		// It runs once per Compare output it is connected to (New, then Changed).
		const upserted = result
			.runs(UPSERT)
			.flatMap((run) => run.data?.main?.[0] ?? [])
			.map(({ json }) => [json.owner_code, json.status]);
		expect(upserted.sort()).toEqual([
			['P0001', 'upserted'],
			['SHOP-1', 'upserted'],
		]);
		const held = new Map(sandbox.catalogue().map((p) => [p.owner_code, p]));
		expect(held.get('P0001')).toMatchObject({ price: 11.5 });
		expect(held.get('SHOP-1')).toMatchObject({ name: 'Only in the shop', brand: 'ACME' });
	});
});
