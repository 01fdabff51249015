import type { IDataObject } from 'n8n-workflow';

import { useSandbox } from '../../support/sandbox';
import { expectNoSecrets } from '../../support/secrets';
import { cleanupHarness } from '../../harness';
import { ORPHAN, PRODUCTS, SQUATTER, VARIANTS } from './records';
import {
	UPSERT_PRODUCT,
	UPSERT_VARIANT,
	expectCatalogueToMatch,
	runImport,
	type OnError,
} from './support';

const sandbox = useSandbox();
afterAll(async () => await cleanupHarness());

async function seedSquatter(): Promise<void> {
	const seeded = await runImport(sandbox, { products: PRODUCTS, variants: [SQUATTER] });
	expect(seeded.error).toBeUndefined();
}

async function importWithRejections(onError: OnError) {
	await seedSquatter();
	return await runImport(sandbox, { products: PRODUCTS, variants: [...VARIANTS, ORPHAN], onError });
}

const landed = VARIANTS.filter((variant) => variant.owner_code !== 'JUMPER-ARAN-L');

describe('records Spaaza rejects', () => {
	it('are reported with their file line and Spaaza code while the rest land (continue, regular output)', async () => {
		const result = await importWithRejections('continueRegularOutput');

		expect(result.error).toBeUndefined();
		const outputs = result.json(UPSERT_VARIANT);
		expect(outputs.map((json) => json.status)).toEqual([
			'upserted',
			'failed',
			'upserted',
			'upserted',
			'failed',
		]);
		const [barcodeTaken, orphan] = [outputs[1], outputs[4]];
		expect(barcodeTaken).toMatchObject({
			owner_code: 'JUMPER-ARAN-L',
			attempts: 1,
			_source: { file: 'variantlist_20240101_120000.csv', lines: [4] },
			error: {
				code: 'SPAAZA_API_ERROR',
				httpCode: expect.any(Number),
				spaazaCode: expect.any(Number),
			},
		});
		expect((barcodeTaken.error as IDataObject).message).toContain(
			'variant "JUMPER-ARAN-L" (variantlist_20240101_120000.csv line 4)',
		);
		expect((barcodeTaken.error as IDataObject).message).toContain('0012345678912');
		expect((orphan.error as IDataObject).message).toContain(
			'variant "ORPHAN-1" (variantlist_20240101_120000.csv line 7)',
		);
		expect(orphan.error).toMatchObject({ spaazaCode: 68 });
		expect(barcodeTaken).not.toHaveProperty('product_variant');

		const catalogue = sandbox.catalogue();
		expectCatalogueToMatch(catalogue, PRODUCTS, [...landed, SQUATTER]);
		expectNoSecrets(sandbox, result);
	});

	it('go to the error output when the node continues using the error output', async () => {
		const result = await importWithRejections('continueErrorOutput');

		expect(result.error).toBeUndefined();
		expect(result.json(UPSERT_VARIANT, 0).map((json) => json.owner_code)).toEqual(
			landed.map((v) => v.owner_code),
		);
		const failed = result.output(UPSERT_VARIANT, 1);
		expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 4 }]);
		// n8n's error output: the record as it came in, plus the error and the upsert result.
		const record = { ...VARIANTS[1] };
		delete record._source;
		expect(failed[0].json).toMatchObject({
			...record,
			error: { code: 'SPAAZA_API_ERROR', spaazaCode: expect.any(Number) },
			details: {
				status: 'failed',
				owner_code: 'JUMPER-ARAN-L',
				attempts: 1,
				_source: VARIANTS[1]._source,
			},
		});
		expect((failed[1].json.error as IDataObject).message).toContain('ORPHAN-1');
		expect(result.output(UPSERT_PRODUCT, 1)).toEqual([]);
		expectNoSecrets(sandbox, result);
	});

	it('fail the node once at the end, naming them, when it does not continue on failure', async () => {
		const result = await importWithRejections('stopWorkflow');

		expect(result.error).toMatchObject({
			nodeName: UPSERT_VARIANT,
			name: 'NodeApiError',
			itemIndex: 1,
		});
		expect(result.error?.message).toContain('2 of 5 variants could not be created or updated');
		expect(result.error?.message).toContain(
			'variant "JUMPER-ARAN-L" (variantlist_20240101_120000.csv line 4)',
		);
		expect(result.error?.description).toContain('ORPHAN-1');
		expect(result.error?.description).toContain('line 7');
		expect(result.error?.description).toContain('Spaaza error 68');
		expect((result.executionError?.context as IDataObject).code).toBe('SPAAZA_API_ERROR');
		// Every record was attempted: the others are in Spaaza.
		expectCatalogueToMatch(sandbox.catalogue(), PRODUCTS, [...landed, SQUATTER]);
		expectNoSecrets(sandbox, result);
	});

	it('reports invalid records with file and line and sends only the valid ones', async () => {
		const bad = [
			{ ...PRODUCTS[0], price: '1,501.23' },
			PRODUCTS[1],
			{
				name: 'No code',
				_source: { fileSet: 'x', file: 'productlist_20240101_120000.csv', lines: [9] },
			},
		];
		const result = await runImport(sandbox, { products: bad, onError: 'continueRegularOutput' });

		const outputs = result.json(UPSERT_PRODUCT);
		expect(outputs.map((json) => json.status)).toEqual(['invalid', 'upserted', 'invalid']);
		expect(outputs[0]).toMatchObject({
			owner_code: 'JUMPER-ARAN',
			attempts: 0,
			error: { code: 'SPAAZA_INVALID_VALUE' },
		});
		expect((outputs[0].error as IDataObject).message).toContain(
			'productlist_20240101_120000.csv line 2',
		);
		expect((outputs[0].error as IDataObject).message).toContain('1501.23');
		expect(outputs[2]).toMatchObject({
			error: { code: 'SPAAZA_MISSING_VALUE', problems: [{ field: 'owner_code' }] },
		});
		expect(Object.keys(sandbox.stats().writes.products)).toEqual(['TEE-BASIC']);
	});

	it('a token credential fails at once with the admin-auth message, sending nothing', async () => {
		const result = await runImport(sandbox, {
			products: PRODUCTS,
			variants: VARIANTS,
			credential: 'token',
		});

		expect(result.error).toMatchObject({ nodeName: UPSERT_PRODUCT, name: 'NodeOperationError' });
		expect(result.error?.message).toMatch(/Spaaza accepts only admin authentication/);
		expect((result.executionError?.context as IDataObject).code).toBe('SPAAZA_ADMIN_AUTH_REQUIRED');
		expect(sandbox.stats().requests).toEqual({});
		expectNoSecrets(sandbox, result);
	});

	it('a token credential with continue on failure reports every record as failed, sending nothing', async () => {
		const result = await runImport(sandbox, {
			products: PRODUCTS,
			credential: 'token',
			onError: 'continueRegularOutput',
		});

		const outputs = result.json(UPSERT_PRODUCT);
		expect(outputs.map((json) => json.status)).toEqual(['failed', 'failed', 'failed']);
		expect(
			outputs.every((json) => (json.error as IDataObject).code === 'SPAAZA_ADMIN_AUTH_REQUIRED'),
		).toBe(true);
		expect(outputs.every((json) => json.attempts === 0)).toBe(true);
		expect(sandbox.stats().requests).toEqual({});
		expectNoSecrets(sandbox, result);
	});
});
