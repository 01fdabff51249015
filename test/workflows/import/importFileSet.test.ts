import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { sandboxCredentials, useSandbox } from '../../support/sandbox';
import { expectNoSecrets } from '../../support/secrets';
import { cleanupHarness, runWorkflow, type WorkflowRunResult } from '../../harness';
import { PRODUCTS } from './records';
import { sampleProducts, sampleVariants, VARIANT_FILE } from './sampleSet';
import {
	UPSERT_PRODUCT,
	UPSERT_VARIANT,
	catalogueContent,
	expectCatalogueToMatch,
	loadWorkflow,
	runImport,
	type OnError,
} from './support';

const IMPORT_FILE_SET = path.join(__dirname, '../../fixtures/workflows/parse-and-upsert.json');
const PARSE = 'Parse Spaaza File Set';

const sandbox = useSandbox();
afterAll(async () => await cleanupHarness());

const products = sampleProducts();
const variants = sampleVariants();

async function importSampleSet(
	spec: {
		parameters?: Record<string, INodeParameters>;
		onError?: OnError;
		credential?: 'admin' | 'token';
	} = {},
): Promise<WorkflowRunResult> {
	return await runWorkflow(loadWorkflow(IMPORT_FILE_SET, spec.onError), {
		credentials: { spaazaApi: sandboxCredentials(sandbox, spec.credential) },
		parameters: spec.parameters,
		timeoutMs: 60_000,
	});
}

function statuses(result: WorkflowRunResult, node: string): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const json of result.json(node)) {
		const records = Array.isArray(json.results) ? (json.results as IDataObject[]) : [json];
		for (const record of records)
			counts[String(record.status)] = (counts[String(record.status)] ?? 0) + 1;
	}
	return counts;
}

describe('the sample file set through Parse → Upsert Product → Upsert Variant', () => {
	it('leaves the sandbox catalogue equal to the file set', async () => {
		const result = await importSampleSet();

		expect(result.error).toBeUndefined();
		expect(result.json(PARSE, 2)).toEqual([]);
		expect(result.executedNodes.indexOf(UPSERT_PRODUCT)).toBeLessThan(
			result.executedNodes.indexOf(UPSERT_VARIANT),
		);
		expect(statuses(result, UPSERT_PRODUCT)).toEqual({ upserted: products.length });
		expect(statuses(result, UPSERT_VARIANT)).toEqual({ upserted: variants.length });
		expectCatalogueToMatch(sandbox.catalogue(), products, variants);
		const [first] = result.output(UPSERT_VARIANT);
		expect(first.pairedItem).toEqual({ item: 0 });
		expect(first.json._source).toMatchObject({
			file: VARIANT_FILE,
			lines: expect.arrayContaining([2]),
		});
		expectNoSecrets(sandbox, result);
	});

	it('changes nothing and reports no failures the second time', async () => {
		expect((await importSampleSet()).error).toBeUndefined();
		const before = catalogueContent(sandbox);

		const again = await importSampleSet();

		expect(again.error).toBeUndefined();
		expect(statuses(again, UPSERT_PRODUCT)).toEqual({ upserted: products.length });
		expect(statuses(again, UPSERT_VARIANT)).toEqual({ upserted: variants.length });
		expect(catalogueContent(sandbox)).toEqual(before);
		expectNoSecrets(sandbox, again);
	});

	it('gives the same catalogue in batches mode, one summary per batch', async () => {
		const result = await importSampleSet({
			parameters: { [PARSE]: { outputMode: 'batches', batchSize: 50 } },
		});

		expect(result.error).toBeUndefined();
		expectCatalogueToMatch(sandbox.catalogue(), products, variants);
		const batches = result.json(UPSERT_VARIANT);
		expect(batches).toHaveLength(Math.ceil(variants.length / 50));
		expect(batches.reduce((sum, json) => sum + Number(json.upserted), 0)).toBe(variants.length);
		expect(batches.every((json) => json.failed === 0 && json.invalid === 0)).toBe(true);
		expectNoSecrets(sandbox, result);
	});

	it('lands every record exactly once with 5% injected 429 and 503 answers', async () => {
		sandbox.setFaults({ rates: { '429': 0.05, '503': 0.05 } });

		const result = await importSampleSet();

		expect(result.error).toBeUndefined();
		expect(statuses(result, UPSERT_PRODUCT)).toEqual({ upserted: products.length });
		expect(statuses(result, UPSERT_VARIANT)).toEqual({ upserted: variants.length });
		const stats = sandbox.stats();
		expect(stats.faults['429'] + stats.faults['503']).toBeGreaterThan(0);
		for (const counts of [
			...Object.values(stats.writes.products),
			...Object.values(stats.writes.variants),
		]) {
			expect(counts).toEqual({ created: 1, updated: 0 });
		}
		expectCatalogueToMatch(sandbox.catalogue(), products, variants);
		expectNoSecrets(sandbox, result);
	}, 90_000);

	it('reports a variant Spaaza rejects with its file line while the rest land', async () => {
		// Another variant in Spaaza already owns one of the file's barcodes.
		const taken = variants[5];
		const squatter = {
			owner_code: 'SQUATTER',
			product_owner_code: PRODUCTS[1].owner_code,
			barcodes: [(taken.barcodes as string[])[0]],
		};
		expect(
			(await runImport(sandbox, { products: [PRODUCTS[1]], variants: [squatter] })).error,
		).toBeUndefined();

		const result = await importSampleSet({ onError: 'continueRegularOutput' });

		expect(result.error).toBeUndefined();
		const failed = result.json(UPSERT_VARIANT).filter((json) => json.status !== 'upserted');
		expect(failed).toHaveLength(1);
		expect(failed[0]).toMatchObject({
			status: 'failed',
			owner_code: taken.owner_code,
			error: { code: 'SPAAZA_API_ERROR' },
		});
		const message = (failed[0].error as IDataObject).message as string;
		expect(message).toMatch(
			new RegExp(`variant "${String(taken.owner_code)}" \\(${VARIANT_FILE} lines? \\d+`),
		);
		expect(message).toContain((taken.barcodes as string[])[0]);
		const landed = variants.filter((variant) => variant !== taken);
		expectCatalogueToMatch(sandbox.catalogue(), [...products, PRODUCTS[1]], [...landed, squatter]);
		expectNoSecrets(sandbox, result);
	});

	it('sends nothing on a dry run', async () => {
		const dryRun = { options: { dryRun: true } };
		const result = await importSampleSet({
			parameters: { [UPSERT_PRODUCT]: dryRun, [UPSERT_VARIANT]: dryRun },
		});

		expect(result.error).toBeUndefined();
		expect(statuses(result, UPSERT_PRODUCT)).toEqual({ 'dry-run': products.length });
		expect(statuses(result, UPSERT_VARIANT)).toEqual({ 'dry-run': variants.length });
		expect(sandbox.stats().requests).toEqual({});
		expect(sandbox.catalogue()).toEqual([]);
	});

	it('fails at once with the admin-auth message for a token credential', async () => {
		const result = await importSampleSet({ credential: 'token' });

		expect(result.error).toMatchObject({ nodeName: UPSERT_PRODUCT });
		expect(result.error?.message).toMatch(/Spaaza accepts only admin authentication/);
		expect(result.error?.description).toMatch(/Admin Login/);
		expect(sandbox.stats().requests).toEqual({});
		expectNoSecrets(sandbox, result);
	});
});

describe('a product file that names products by id', () => {
	let dir: string;
	beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'spaaza-id-rows-'))));
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it("lands known ids by owner code after a get-product look-up, and fails an unknown id with Spaaza's code and its line", async () => {
		expect((await importSampleSet()).error).toBeUndefined();
		const known = sandbox.catalogue().find((product) => product.owner_code === 'TOP-1001')!;
		const productFile = path.join(dir, 'productlist_20251026_080000.csv');
		const variantFile = path.join(dir, 'variantlist_20251026_080000.csv');
		writeFileSync(
			productFile,
			`id,owner_code,name,price,update_if_exists\n${known.id},,,35.00,true\n999999,,,1.00,true\n`,
		);
		writeFileSync(
			variantFile,
			'product_owner_code,product_variant_owner_code,barcode,size,update_if_exists\nTOP-1001,TOP-1001-S-NAV,2000042436018,S,true\n',
		);

		const result = await runWorkflow(loadWorkflow(IMPORT_FILE_SET, 'continueRegularOutput'), {
			credentials: { spaazaApi: sandboxCredentials(sandbox) },
			parameters: { 'Read Files': { filePaths: `${productFile}\n${variantFile}` } },
			timeoutMs: 60_000,
		});

		const [byId, unknown] = result.json(UPSERT_PRODUCT);
		expect(byId).toMatchObject({
			status: 'upserted',
			owner_code: 'TOP-1001',
			product: { id: known.id, name: known.name, price: 35 },
		});
		expect(unknown).toMatchObject({ status: 'failed', error: { spaazaCode: 68, httpCode: 403 } });
		expect((unknown.error as IDataObject).message).toContain(
			'product with id 999999 (productlist_20251026_080000.csv line 3)',
		);
		expect(sandbox.catalogue()).toHaveLength(products.length);
		expect(sandbox.stats().undocumentedParams).toEqual({});
	});
});

describe('a file set with columns Spaaza does not document', () => {
	let dir: string;
	beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'spaaza-extra-columns-'))));
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('warns that they stay on the records but are never sent, and lands the documented fields', async () => {
		const productFile = path.join(dir, 'productlist_20251027_080000.csv');
		const variantFile = path.join(dir, 'variantlist_20251027_080000.csv');
		writeFileSync(
			productFile,
			'owner_code,name,price,supplier\nX-1,Extra column product,9.99,ACME\n',
		);
		writeFileSync(
			variantFile,
			'product_owner_code,product_variant_owner_code,barcode,size,condition\nX-1,X-1-S,2000042499011,S,new\n',
		);

		const result = await runWorkflow(loadWorkflow(IMPORT_FILE_SET), {
			credentials: { spaazaApi: sandboxCredentials(sandbox) },
			parameters: { 'Read Files': { filePaths: `${productFile}\n${variantFile}` } },
			timeoutMs: 60_000,
		});

		expect(result.error).toBeUndefined();
		const warnings = result.json(PARSE, 2);
		expect(warnings.map((issue) => [issue.code, issue.file, issue.column])).toEqual([
			['SPAAZA_UNKNOWN_COLUMN', 'productlist_20251027_080000.csv', 'supplier'],
			['SPAAZA_UNKNOWN_COLUMN', 'variantlist_20251027_080000.csv', 'condition'],
		]);
		for (const warning of warnings)
			expect(warning.message).toMatch(
				/kept on each record as text for later nodes, but the Upsert nodes do not send it to Spaaza/,
			);
		expect(result.json(PARSE, 0)[0]).toMatchObject({ owner_code: 'X-1', supplier: 'ACME' });
		expect(statuses(result, UPSERT_PRODUCT)).toEqual({ upserted: 1 });
		expect(statuses(result, UPSERT_VARIANT)).toEqual({ upserted: 1 });
		expect(sandbox.stats().undocumentedParams).toEqual({});
		expect(sandbox.catalogue().find((product) => product.owner_code === 'X-1')).toMatchObject({
			name: 'Extra column product',
		});
	});
});
