import type { IDataObject } from 'n8n-workflow';

import { useSandbox } from '../../support/sandbox';
import { expectNoSecrets } from '../../support/secrets';
import { cleanupHarness } from '../../harness';
import { ORPHAN, PRODUCTS, SQUATTER, VARIANTS, inBatches } from './records';
import {
	UPSERT_PRODUCT,
	UPSERT_VARIANT,
	expectCatalogueToMatch,
	runImport,
	type ImportRun,
	type OnError,
} from './support';

const sandbox = useSandbox();
afterAll(async () => await cleanupHarness());

const FILE_SET = '20240101_120000';
const SUMMARY = { options: { output: 'summary' } };
const summaryOnBoth = { [UPSERT_PRODUCT]: SUMMARY, [UPSERT_VARIANT]: SUMMARY };

/** A variant with a thousands separator in its price: invalid, never sent. */
const BAD_PRICE = {
	owner_code: 'BAD-PRICE',
	product_owner_code: 'TEE-BASIC',
	barcodes: ['5000000000002'],
	price: '1,501.23',
	update_if_exists: true,
	_source: { fileSet: FILE_SET, file: 'variantlist_20240101_120000.csv', lines: [8] },
};

async function importWithProblems(onError: OnError, spec: ImportRun = {}) {
	const seeded = await runImport(sandbox, { products: PRODUCTS, variants: [SQUATTER] });
	expect(seeded.error).toBeUndefined();
	return await runImport(sandbox, {
		products: PRODUCTS,
		variants: [...VARIANTS, ORPHAN, BAD_PRICE],
		onError,
		parameters: summaryOnBoth,
		...spec,
	});
}

const COUNTS = { upserted: 3, invalid: 1, failed: 2, dryRun: 0, withWarnings: 0 };

describe('Output: Summary and Problems Only', () => {
	it('gives one item with the counts when every record goes in, paired to every input item', async () => {
		const result = await runImport(sandbox, {
			products: PRODUCTS,
			variants: VARIANTS,
			parameters: summaryOnBoth,
		});

		expect(result.error).toBeUndefined();
		const products = result.output(UPSERT_PRODUCT);
		expect(products).toHaveLength(1);
		const allIn = { invalid: 0, failed: 0, dryRun: 0, withWarnings: 0 };
		expect(products[0].json).toEqual({ fileSets: [FILE_SET], total: 3, upserted: 3, ...allIn });
		expect(products[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const variants = result.output(UPSERT_VARIANT);
		expect(variants).toHaveLength(1);
		expect(variants[0].json).toMatchObject({ total: 4, upserted: 4, failed: 0, invalid: 0 });
		expectCatalogueToMatch(sandbox.catalogue(), PRODUCTS, VARIANTS);
		expectNoSecrets(sandbox, result);
	});

	it('still outputs every rejected and invalid record as its own item, with file and line', async () => {
		const result = await importWithProblems('continueRegularOutput');

		expect(result.error).toBeUndefined();
		const [summary, ...problems] = result.output(UPSERT_VARIANT);
		expect(summary.json).toEqual({ fileSets: [FILE_SET], total: 6, ...COUNTS });
		expect(problems.map(({ json }) => [json.status, json.owner_code])).toEqual([
			['failed', 'JUMPER-ARAN-L'],
			['failed', 'ORPHAN-1'],
			['invalid', 'BAD-PRICE'],
		]);
		expect(problems.map((item) => item.pairedItem)).toEqual([
			{ item: 1 },
			{ item: 4 },
			{ item: 5 },
		]);
		expect(problems[0].json).toMatchObject({
			_source: { file: 'variantlist_20240101_120000.csv', lines: [4] },
			error: { code: 'SPAAZA_API_ERROR', spaazaCode: expect.any(Number) },
		});
		expect(problems[1].json.error).toMatchObject({ spaazaCode: 68 });
		expect((problems[2].json.error as IDataObject).message).toContain(
			'variantlist_20240101_120000.csv line 8',
		);
		const landed = VARIANTS.filter((variant) => variant.owner_code !== 'JUMPER-ARAN-L');
		expectCatalogueToMatch(sandbox.catalogue(), PRODUCTS, [...landed, SQUATTER]);
		expectNoSecrets(sandbox, result);
	});

	it('sends the problems down the error output and the summary down the regular one', async () => {
		const result = await importWithProblems('continueErrorOutput');

		expect(result.error).toBeUndefined();
		const regular = result.output(UPSERT_VARIANT, 0);
		expect(regular.map(({ json }) => json)).toEqual([
			{ fileSets: [FILE_SET], total: 6, ...COUNTS },
		]);
		const errors = result.output(UPSERT_VARIANT, 1);
		expect(errors.map(({ json }) => (json.details as IDataObject).owner_code)).toEqual([
			'JUMPER-ARAN-L',
			'ORPHAN-1',
			'BAD-PRICE',
		]);
		expect(errors[0].json.error).toMatchObject({ code: 'SPAAZA_API_ERROR' });
	});

	it('counts the records of batches the same way, one summary for all of them', async () => {
		const result = await importWithProblems('continueRegularOutput', {
			products: inBatches(PRODUCTS, 2),
			variants: inBatches([...VARIANTS, ORPHAN, BAD_PRICE], 4),
		});

		const [summary, ...problems] = result.output(UPSERT_VARIANT);
		expect(summary.json).toEqual({ fileSets: [FILE_SET], total: 6, ...COUNTS });
		expect(summary.pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		expect(problems.map(({ json, pairedItem }) => [json.owner_code, pairedItem])).toEqual([
			['JUMPER-ARAN-L', { item: 0 }],
			['ORPHAN-1', { item: 1 }],
			['BAD-PRICE', { item: 1 }],
		]);
		expect(result.output(UPSERT_PRODUCT).map(({ json }) => json.upserted)).toEqual([3]);
	});

	it('still fails the node naming the records when it does not continue on failure', async () => {
		const result = await importWithProblems('stopWorkflow');

		expect(result.error).toMatchObject({ nodeName: UPSERT_VARIANT, itemIndex: 1 });
		expect(result.error?.message).toContain('3 of 6 variants could not be created or updated');
		expect(result.error?.description).toContain('ORPHAN-1');
	});
});
