/**
 * What the upsert nodes keep of Spaaza's answers: the warnings a successful write carries
 * (docs/spaaza-api.md §8.1), bounded, on the record's result and counted in the batch summary;
 * and a small projection of the written record, never the answer itself.
 */
import type { IDataObject } from 'n8n-workflow';

import { useSandbox } from '../../support/sandbox';
import { expectNoSecrets } from '../../support/secrets';
import { cleanupHarness } from '../../harness';
import { PRODUCTS, VARIANTS, inBatches } from './records';
import { UPSERT_PRODUCT, UPSERT_VARIANT, runImport } from './support';

const sandbox = useSandbox();
afterAll(async () => await cleanupHarness());

const BARCODE_IGNORED = {
	code: 401,
	name: 'barcode_ignored',
	description: 'Barcode 5012345678900 was ignored: it is in use',
};

function manyWarnings(count: number, echo = ''): IDataObject[] {
	return [
		BARCODE_IGNORED,
		...Array.from({ length: count - 1 }, (_, i) => ({
			code: 402 + i,
			name: `warning_${i}`,
			description: `${echo}${'long words '.repeat(600)}`,
		})),
	];
}

describe("Spaaza's warnings on a successful write", () => {
	it('are on the record\'s result: status "upserted" with the first 5 warnings, each cut, and how many more', async () => {
		sandbox.setFaults({
			writeWarnings: { warnings: manyWarnings(12, sandbox.logins.admin.password) },
		});

		const result = await runImport(sandbox, { products: PRODUCTS, variants: VARIANTS });

		expect(result.error).toBeUndefined();
		for (const json of [...result.json(UPSERT_PRODUCT), ...result.json(UPSERT_VARIANT)]) {
			expect(json.status).toBe('upserted');
			const warnings = json.warnings as IDataObject[];
			expect(warnings).toHaveLength(5);
			expect(warnings[0]).toEqual(BARCODE_IGNORED);
			expect(json.moreWarnings).toBe(7);
			for (const warning of warnings) expect(String(warning.description).length).toBeLessThan(302);
		}
		// A warning that echoes the credential's password shows [hidden] instead.
		expect(
			String((result.json(UPSERT_PRODUCT)[0].warnings as IDataObject[])[1].description),
		).toMatch(/^\[hidden\]long words/);
		expectNoSecrets(sandbox, result);
	});

	it('are counted in the batch summary (withWarnings) and shown on the records that had them', async () => {
		sandbox.setFaults({ writeWarnings: { warnings: [BARCODE_IGNORED], rate: 0.5 } });

		const result = await runImport(sandbox, {
			products: PRODUCTS,
			variants: inBatches(VARIANTS, 4),
		});

		expect(result.error).toBeUndefined();
		const [batch] = result.json(UPSERT_VARIANT);
		const results = batch.results as IDataObject[];
		const warned = results.filter((json) => json.warnings !== undefined);
		expect(warned.length).toBeGreaterThan(0);
		expect(warned.length).toBeLessThan(4);
		expect(batch).toMatchObject({ total: 4, upserted: 4, withWarnings: warned.length });
		for (const json of warned) {
			expect(json).toMatchObject({ status: 'upserted', warnings: [BARCODE_IGNORED] });
			expect(json).not.toHaveProperty('moreWarnings');
		}
	});

	it('are absent when Spaaza sent none', async () => {
		const result = await runImport(sandbox, { products: inBatches(PRODUCTS, 3) });

		const [batch] = result.json(UPSERT_PRODUCT);
		expect(batch).toMatchObject({ upserted: 3, withWarnings: 0 });
		for (const json of batch.results as IDataObject[]) expect(json).not.toHaveProperty('warnings');
	});
});

describe("Spaaza's answer to a write", () => {
	it("is kept as the written record's documented fields only, a few KB whatever Spaaza sent", async () => {
		sandbox.setFaults({ writeAnswerBytes: 2 * 1024 * 1024 });

		const result = await runImport(sandbox, { products: PRODUCTS, variants: VARIANTS });

		expect(result.error).toBeUndefined();
		const [product] = result.json(UPSERT_PRODUCT);
		expect(product.product).toMatchObject({ owner_code: 'JUMPER-ARAN', price: 99.95 });
		expect(typeof (product.product as IDataObject).id).toBe('number');
		// The sandbox's answer also holds its chain (`entity`), dates and 2 MB of padding.
		expect(product.product).not.toHaveProperty('sandbox_padding');
		expect(product.product).not.toHaveProperty('entity');
		const [variant] = result.json(UPSERT_VARIANT);
		expect(variant.product_variant).toMatchObject({ owner_code: 'JUMPER-ARAN-M', size: 'M' });
		expect((variant.product_variant as IDataObject).barcodes).toEqual([
			{ id: expect.any(Number), barcode: '0012345678905' },
			{ id: expect.any(Number), barcode: '2000042436019' },
		]);
		for (const json of [...result.json(UPSERT_PRODUCT), ...result.json(UPSERT_VARIANT)])
			expect(JSON.stringify(json).length).toBeLessThan(4_096);
	});
});
