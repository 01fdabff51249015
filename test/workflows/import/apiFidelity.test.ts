// The upsert nodes against the strict sandbox: only what Spaaza documents (docs/spaaza-api.md §2–§4)
// gets a record into the catalogue.
import type { IDataObject } from 'n8n-workflow';

import { sandboxCredentials, useSandbox } from '../../support/sandbox';
import { cleanupHarness } from '../../harness';
import { PRODUCTS, VARIANTS } from './records';
import { UPSERT_PRODUCT, UPSERT_VARIANT, runImport } from './support';

const FILE = 'productlist_20240301_090000.csv';

function source(line: number): IDataObject {
	return { fileSet: '20240301_090000', file: FILE, lines: [line] };
}

const sandbox = useSandbox();

/** The record failed before any request for it, with SPAAZA_INVALID_VALUE and a message saying why. */
function expectRefusedUnsent(output: IDataObject, message: RegExp) {
	expect(output).toMatchObject({
		status: 'failed',
		attempts: 0,
		error: { code: 'SPAAZA_INVALID_VALUE' },
	});
	expect((output.error as IDataObject).message).toMatch(message);
}
afterAll(async () => await cleanupHarness());

/** Imports the shared records and returns the sandbox ids of the products by owner code. */
async function seeded(): Promise<Record<string, number>> {
	const seed = await runImport(sandbox, { products: PRODUCTS, variants: VARIANTS });
	expect(seed.error).toBeUndefined();
	return Object.fromEntries(sandbox.catalogue().map((product) => [product.owner_code, product.id]));
}

describe('only documented parameters reach Spaaza', () => {
	it('sends nothing add-product or add-product-variant does not document', async () => {
		await seeded();
		expect(sandbox.stats().undocumentedParams).toEqual({});
	});
});

describe('variant rows that name their product only by product_id', () => {
	it('land as they are: add-product-variant documents product_id', async () => {
		const ids = await seeded();
		const variant: IDataObject = { ...VARIANTS[2] };
		delete variant.product_owner_code;

		const result = await runImport(sandbox, {
			variants: [{ ...variant, product_id: ids['TEE-BASIC'], price: '9.99' }],
		});

		expect(result.error).toBeUndefined();
		expect(result.json(UPSERT_VARIANT)[0]).toMatchObject({
			status: 'upserted',
			owner_code: VARIANTS[2].owner_code,
		});
		const tee = sandbox.catalogue().find((p) => p.owner_code === 'TEE-BASIC')!;
		expect(tee.variants.find((v) => v.owner_code === VARIANTS[2].owner_code)).toMatchObject({
			price: 9.99,
		});
		expect(sandbox.stats().requests['GET /api/internal/get-product'] ?? 0).toBe(0);
		expect(sandbox.stats().undocumentedParams).toEqual({});
	});
});

describe('product rows keyed only by id', () => {
	it('land by owner code after one get-product look-up per id, keeping the current name', async () => {
		const ids = await seeded();
		const requestsBefore = sandbox.stats().requests['GET /api/internal/get-product'] ?? 0;

		const result = await runImport(sandbox, {
			products: [
				{ id: ids['JUMPER-ARAN'], price: '79.00', _source: source(2) },
				{ id: String(ids['TEE-BASIC']), name: 'Basic tee, organic', _source: source(3) },
				{ id: ids['JUMPER-ARAN'], brand: 'Aran Knit Co.', _source: source(4) },
			],
		});

		expect(result.error).toBeUndefined();
		const outputs = result.json(UPSERT_PRODUCT);
		expect(outputs.map((json) => [json.status, json.owner_code])).toEqual([
			['upserted', 'JUMPER-ARAN'],
			['upserted', 'TEE-BASIC'],
			['upserted', 'JUMPER-ARAN'],
		]);
		const catalogue = sandbox.catalogue();
		expect(catalogue.find((p) => p.owner_code === 'JUMPER-ARAN')).toMatchObject({
			id: ids['JUMPER-ARAN'],
			name: "Men's Merino Aran Jumper",
			price: 79,
			brand: 'Aran Knit Co.',
		});
		expect(catalogue.find((p) => p.owner_code === 'TEE-BASIC')).toMatchObject({
			name: 'Basic tee, organic',
			price: 15,
		});
		expect(catalogue).toHaveLength(PRODUCTS.length);
		const stats = sandbox.stats();
		expect(stats.requests['GET /api/internal/get-product'] - requestsBefore).toBe(2);
		expect(stats.undocumentedParams).toEqual({});
	});

	it('keep input order with rows that name the same product by owner code: the later row wins', async () => {
		const ids = await seeded();

		const result = await runImport(sandbox, {
			products: [
				{ id: ids['TEE-BASIC'], price: '21.00', _source: source(2) },
				{
					owner_code: 'TEE-BASIC',
					name: 'Basic tee',
					price: '20.00',
					update_if_exists: true,
					_source: source(3),
				},
			],
		});

		expect(result.error).toBeUndefined();
		expect(sandbox.catalogue().find((p) => p.owner_code === 'TEE-BASIC')).toMatchObject({
			price: 20,
		});
	});

	it("fail one by one with Spaaza's code and the file line when the id is unknown", async () => {
		const ids = await seeded();

		const result = await runImport(sandbox, {
			products: [
				{ id: 999999, price: '1.00', _source: source(7) },
				{ id: ids['TEE-BASIC'], price: '16.00', _source: source(8) },
			],
			onError: 'continueRegularOutput',
		});

		const [unknown, known] = result.json(UPSERT_PRODUCT);
		expect(unknown).toMatchObject({
			status: 'failed',
			attempts: 0,
			error: { code: 'SPAAZA_API_ERROR', spaazaCode: 68, httpCode: 403 },
		});
		expect((unknown.error as IDataObject).message).toContain(
			`product with id 999999 (${FILE} line 7)`,
		);
		expect(known).toMatchObject({ status: 'upserted', owner_code: 'TEE-BASIC' });
		expect(sandbox.catalogue().find((p) => p.owner_code === 'TEE-BASIC')).toMatchObject({
			price: 16,
		});
		expect(sandbox.stats().writes.products['TEE-BASIC']).toEqual({ created: 1, updated: 1 });
	});

	it('fail when the row gives another owner code than the product has', async () => {
		const ids = await seeded();

		const result = await runImport(sandbox, {
			products: [
				{ id: ids['TEE-BASIC'], owner_code: 'TEE-RENAMED', name: 'Tee', _source: source(5) },
			],
			onError: 'continueRegularOutput',
		});

		const [output] = result.json(UPSERT_PRODUCT);
		expectRefusedUnsent(output, /has owner code "TEE-BASIC" in Spaaza, not "TEE-RENAMED"/);
		expect(sandbox.catalogue().map((p) => p.owner_code)).not.toContain('TEE-RENAMED');
	});
});

describe('a lost answer', () => {
	it('with update_if_exists=false ends upserted, and says why, when the retry finds the record', async () => {
		sandbox.setFaults({ afterProcessing: ['502'], paths: ['/api/internal/add-product'] });
		sandbox.injectNext('502', 1);

		const result = await runImport(sandbox, {
			products: [{ ...PRODUCTS[1], update_if_exists: false }],
		});

		expect(result.error).toBeUndefined();
		const [output] = result.json(UPSERT_PRODUCT);
		expect(output).toMatchObject({ status: 'upserted', owner_code: 'TEE-BASIC', attempts: 2 });
		expect(output.note).toMatch(/answer to an earlier attempt was lost.*already exists/);
		expect(sandbox.stats().writes.products['TEE-BASIC']).toEqual({ created: 1, updated: 0 });
		expect(sandbox.stats().faults['502']).toBe(1);
	});

	it('with update_if_exists=false still fails when the record existed and nothing was lost', async () => {
		await seeded();

		const result = await runImport(sandbox, {
			products: [{ ...PRODUCTS[1], update_if_exists: false }],
			onError: 'continueRegularOutput',
		});

		const [output] = result.json(UPSERT_PRODUCT);
		expect(output).toMatchObject({ status: 'failed', attempts: 1 });
		expect(output).not.toHaveProperty('note');
	});
});

describe('Chain ID override', () => {
	it('writes to the override, not the credential chain', async () => {
		const result = await runImport(sandbox, {
			products: [PRODUCTS[1]],
			variants: [VARIANTS[2]],
			parameters: {
				[UPSERT_PRODUCT]: { chainId: sandbox.chainId },
				[UPSERT_VARIANT]: { chainId: sandbox.chainId },
			},
			options: {
				credentials: { spaazaApi: sandboxCredentials(sandbox, 'admin', { chainId: 999 }) },
			},
		});

		expect(result.error).toBeUndefined();
		expect(sandbox.catalogue().map((p) => p.owner_code)).toEqual(['TEE-BASIC']);
	});

	it('that is not a whole number fails the records without sending them', async () => {
		const result = await runImport(sandbox, {
			products: [PRODUCTS[1]],
			parameters: { [UPSERT_PRODUCT]: { chainId: 1764.5 } },
			onError: 'continueRegularOutput',
		});

		const [output] = result.json(UPSERT_PRODUCT);
		expectRefusedUnsent(output, /Chain ID must be a whole number/);
		expect(sandbox.stats().requests['POST /api/internal/add-product'] ?? 0).toBe(0);
	});
});
