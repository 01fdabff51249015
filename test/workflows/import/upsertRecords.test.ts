import type { IDataObject } from 'n8n-workflow';

import { sandboxCredentials, useSandbox } from '../../support/sandbox';
import { expectNoSecrets } from '../../support/secrets';
import { cleanupHarness, runWorkflow } from '../../harness';
import { PRODUCTS, VARIANTS, inBatches } from './records';
import {
	UPSERT_PRODUCT,
	UPSERT_VARIANT,
	UPSERT_RECORDS,
	VARIANT_RECORDS,
	PRODUCT_RECORDS,
	catalogueContent,
	expectCatalogueToMatch,
	requestCount,
	loadWorkflow,
	runImport,
} from './support';

const sandbox = useSandbox();
afterAll(async () => await cleanupHarness());

function sentFields({ _source, ...fields }: IDataObject): IDataObject {
	void _source;
	return fields;
}

describe('Upsert Product → Upsert Variant with records from another node', () => {
	it('leaves the sandbox catalogue equal to the records, products first', async () => {
		const result = await runImport(sandbox, { products: PRODUCTS, variants: VARIANTS });

		expect(result.error).toBeUndefined();
		expect(result.executedNodes.indexOf(UPSERT_PRODUCT)).toBeLessThan(
			result.executedNodes.indexOf(UPSERT_VARIANT),
		);
		const products = result.output(UPSERT_PRODUCT);
		expect(products.map((item) => item.json.status)).toEqual(['upserted', 'upserted', 'upserted']);
		expect(products.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(products[0].json).toMatchObject({
			owner_code: 'JUMPER-ARAN',
			attempts: 1,
			product: { owner_code: 'JUMPER-ARAN', price: 99.95 },
			_source: PRODUCTS[0]._source,
		});
		expect(products[0].json).not.toHaveProperty('error');
		const variants = result.json(UPSERT_VARIANT);
		expect(variants.map((json) => json.status)).toEqual([
			'upserted',
			'upserted',
			'upserted',
			'upserted',
		]);
		expect(variants[0]).toMatchObject({
			owner_code: 'JUMPER-ARAN-M',
			product_variant: { size: 'M' },
		});
		expectCatalogueToMatch(sandbox.catalogue(), PRODUCTS, VARIANTS);
		expect(requestCount(sandbox, 'add-product')).toBe(3);
		expect(requestCount(sandbox, 'add-product-variant')).toBe(4);
		// The session the login obtained is among the secrets expectNoSecrets looks for.
		expect(result.credentials.spaazaApi.sessionToken).toMatch(/^\d+:.{8,}$/);
		expectNoSecrets(sandbox, result);
	});

	it('changes nothing and reports no failures when run twice', async () => {
		const first = await runImport(sandbox, { products: PRODUCTS, variants: VARIANTS });
		expect(first.error).toBeUndefined();
		const before = catalogueContent(sandbox);

		const second = await runImport(sandbox, { products: PRODUCTS, variants: VARIANTS });

		expect(second.error).toBeUndefined();
		expect(second.json(UPSERT_PRODUCT).every((json) => json.status === 'upserted')).toBe(true);
		expect(second.json(UPSERT_VARIANT).every((json) => json.status === 'upserted')).toBe(true);
		expect(catalogueContent(sandbox)).toEqual(before);
		const { writes } = sandbox.stats();
		for (const counts of [...Object.values(writes.products), ...Object.values(writes.variants)]) {
			expect(counts).toEqual({ created: 1, updated: 1 });
		}
		expectNoSecrets(sandbox, second);
	});

	it('gives the same catalogue from batches as from rows, one summary item per batch', async () => {
		const result = await runImport(sandbox, {
			products: inBatches(PRODUCTS, 2),
			variants: inBatches(VARIANTS, 3),
		});

		expect(result.error).toBeUndefined();
		expectCatalogueToMatch(sandbox.catalogue(), PRODUCTS, VARIANTS);
		const batches = result.output(UPSERT_VARIANT);
		expect(batches.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(
			batches.map(({ json }) => ({ ...json, results: (json.results as IDataObject[]).length })),
		).toEqual([
			{
				fileSet: '20240101_120000',
				total: 3,
				upserted: 3,
				invalid: 0,
				failed: 0,
				dryRun: 0,
				withWarnings: 0,
				results: 3,
			},
			{
				fileSet: '20240101_120000',
				total: 1,
				upserted: 1,
				invalid: 0,
				failed: 0,
				dryRun: 0,
				withWarnings: 0,
				results: 1,
			},
		]);
		expect((batches[0].json.results as IDataObject[])[0]).toMatchObject({
			status: 'upserted',
			owner_code: 'JUMPER-ARAN-M',
			product_variant: { barcodes: [{ barcode: '0012345678905' }, { barcode: '2000042436019' }] },
			_source: VARIANTS[0]._source,
		});
		expect(result.json(UPSERT_PRODUCT).map((json) => json.upserted)).toEqual([2, 1]);
		expectNoSecrets(sandbox, result);
	});

	it('sends nothing on a dry run and reports what it would send', async () => {
		const result = await runImport(sandbox, {
			products: PRODUCTS,
			variants: VARIANTS,
			parameters: {
				[UPSERT_PRODUCT]: { options: { dryRun: true } },
				[UPSERT_VARIANT]: { options: { dryRun: true } },
			},
		});

		expect(result.error).toBeUndefined();
		expect(sandbox.stats().requests).toEqual({});
		expect(result.preAuthentications).toBe(0);
		expect(sandbox.catalogue()).toEqual([]);
		const products = result.json(UPSERT_PRODUCT);
		expect(products.map((json) => json.status)).toEqual(['dry-run', 'dry-run', 'dry-run']);
		expect(products[1]).toEqual({
			status: 'dry-run',
			owner_code: 'TEE-BASIC',
			// The record as it would be sent: the input record without its _source.
			record: sentFields(PRODUCTS[1]),
			attempts: 0,
			_source: PRODUCTS[1]._source,
		});
		expect(result.json(UPSERT_VARIANT)[0].record).toMatchObject({
			barcodes: ['0012345678905', '2000042436019'],
		});
	});

	it('maps sheet rows field by field in manual mode, coercing spreadsheet values', async () => {
		const rows = [
			{
				sku: 'MUG-01',
				title: 'Mug',
				amount: 12.5,
				promo: 'TRUE',
				ean: 8710000000024,
				style: 'MUG-01',
			},
			{
				sku: 'MUG-02',
				title: 'Big mug',
				amount: '14.00',
				promo: 0,
				ean: '0008710000031,0008710000048',
				style: 'MUG-02',
			},
		];
		const result = await runImport(sandbox, {
			products: rows,
			variants: rows,
			parameters: {
				[UPSERT_PRODUCT]: {
					mappingMode: 'manual',
					ownerCode: '={{ $json.sku }}',
					productName: '={{ $json.title }}',
					additionalFields: { price: '={{ $json.amount }}', is_promotional: '={{ $json.promo }}' },
				},
				[UPSERT_VARIANT]: {
					mappingMode: 'manual',
					variantOwnerCode: '={{ $json.sku }}-V',
					productOwnerCode: '={{ $json.style }}',
					barcodes: '={{ $json.ean }}',
				},
			},
		});

		expect(result.error).toBeUndefined();
		expectCatalogueToMatch(
			sandbox.catalogue(),
			[
				{ owner_code: 'MUG-01', name: 'Mug', price: '12.5', is_promotional: true },
				{ owner_code: 'MUG-02', name: 'Big mug', price: '14.00', is_promotional: false },
			],
			[
				{ owner_code: 'MUG-01-V', product_owner_code: 'MUG-01', barcodes: ['8710000000024'] },
				{
					owner_code: 'MUG-02-V',
					product_owner_code: 'MUG-02',
					barcodes: ['0008710000031', '0008710000048'],
				},
			],
		);
		expect(result.json(UPSERT_PRODUCT).map((json) => json.status)).toEqual([
			'upserted',
			'upserted',
		]);
	});

	it('runs the upper branch first: variants placed above their products find no parent', async () => {
		const workflow = loadWorkflow(UPSERT_RECORDS, 'continueRegularOutput');
		for (const node of workflow.nodes) {
			if (node.name === VARIANT_RECORDS || node.name === UPSERT_VARIANT)
				node.position = [node.position[0], -200];
		}
		const result = await runWorkflow(workflow, {
			credentials: { spaazaApi: sandboxCredentials(sandbox) },
			parameters: {
				[PRODUCT_RECORDS]: { items: JSON.stringify(PRODUCTS) },
				[VARIANT_RECORDS]: { items: JSON.stringify(VARIANTS) },
			},
		});

		expect(result.executedNodes.indexOf(UPSERT_VARIANT)).toBeLessThan(
			result.executedNodes.indexOf(UPSERT_PRODUCT),
		);
		expect(
			result
				.json(UPSERT_VARIANT)
				.map((json) => (json.error as IDataObject | undefined)?.spaazaCode),
		).toEqual([68, 68, 68, 68]);
	});
});
