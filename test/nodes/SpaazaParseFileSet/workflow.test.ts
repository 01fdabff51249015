import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { INodeParameters } from 'n8n-workflow';

import { cleanupHarness, runWorkflow, workflowFromNodes } from '../../harness';

afterAll(async () => await cleanupHarness());

const SAMPLES = join(__dirname, '../../../samples');
const PARSE = 'Parse Spaaza File Set';
const SAMPLE_FILES = ['variantlist_20251024_100000.csv', 'productlist_20251024_100000.csv']
	.map((name) => join(SAMPLES, name))
	.join(',');
const MALFORMED_FILES = ['productlist_20251025_090000.csv', 'variantlist_20251025_090000.csv']
	.map((name) => join(SAMPLES, 'malformed', name))
	.join(',');

function workflow(
	filePaths: string,
	layout: 'itemPerFile' | 'oneItem',
	parse: INodeParameters = {},
) {
	return workflowFromNodes(
		{ type: 'test.manualTrigger', name: 'Start' },
		{
			type: 'test.readFiles',
			name: 'Read Files',
			parameters: { filePaths, layout },
		},
		{ type: 'n8n-nodes-spaaza.spaazaParseFileSet', name: PARSE, parameters: parse },
	);
}

describe('Parse Spaaza File Set in a workflow', () => {
	it.each(['filesystem', 'default'] as const)(
		'parses the sample set delivered one file per item (%s binary mode)',
		async (binaryMode) => {
			const result = await runWorkflow(workflow(SAMPLE_FILES, 'itemPerFile'), { binaryMode });
			expect(result.error).toBeUndefined();
			const products = result.output(PARSE, 0);
			const variants = result.output(PARSE, 1);
			expect(result.json(PARSE, 2)).toEqual([]);
			expect(products).toHaveLength(64);
			expect(products[0].pairedItem).toEqual({ item: 1 });
			expect(variants[0].pairedItem).toEqual({ item: 0 });
			expect(variants[0].json).toMatchObject({
				owner_code: 'TOP-1001-S-NAV',
				barcodes: ['2000042436018', '2000042436025'],
				_source: { fileSet: '20251024_100000', file: 'variantlist_20251024_100000.csv' },
			});
		},
	);

	it('reads every attachment of one item and batches the records', async () => {
		const result = await runWorkflow(
			workflow(SAMPLE_FILES, 'oneItem', { outputMode: 'batches', batchSize: 50 }),
		);
		expect(result.error).toBeUndefined();
		const products = result.output(PARSE, 0);
		expect(products.map((item) => (item.json.records as unknown[]).length)).toEqual([50, 14]);
		expect(products[0].json.fileSet).toBe('20251024_100000');
		expect(products[0].pairedItem).toEqual({ item: 0 });
	});

	it('sends the rejected rows of the malformed set to Errors with their reasons', async () => {
		const result = await runWorkflow(workflow(MALFORMED_FILES, 'itemPerFile'));
		expect(result.error).toBeUndefined();
		expect(result.json(PARSE, 0).map((p) => p.owner_code)).toEqual([
			'BAD-P01',
			'BAD-P06',
			'BAD-P08',
		]);
		expect(result.json(PARSE, 1).map((v) => v.owner_code)).toEqual(['BAD-V07', 'BAD-V08']);
		const errors = result.output(PARSE, 2);
		expect(errors).toHaveLength(11);
		expect(errors[0]).toEqual({
			json: {
				severity: 'error',
				code: 'SPAAZA_INVALID_VALUE',
				message: expect.stringContaining('no thousands separator'),
				fileSet: '20251025_090000',
				file: 'productlist_20251025_090000.csv',
				line: 3,
				column: 'price',
				value: '1,501.23',
			},
			pairedItem: { item: 0 },
		});
	});

	it('stops with an error naming file, line and column when asked to fail', async () => {
		const result = await runWorkflow(
			workflow(MALFORMED_FILES, 'itemPerFile', { onInvalidRow: 'fail' }),
		);
		expect(result.error).toMatchObject({ nodeName: PARSE, itemIndex: 0 });
		expect(result.error?.description).toContain(
			'productlist_20251025_090000.csv, line 3, column price',
		);
	});

	describe('rows mode has a record limit (Max Records)', () => {
		const codeOf = (result: Awaited<ReturnType<typeof runWorkflow>>) =>
			(result.run.data.resultData.error as { context?: { code?: string } } | undefined)?.context
				?.code;

		it('stops with SPAAZA_TOO_MANY_RECORDS naming Batches mode above the limit', async () => {
			const result = await runWorkflow(workflow(SAMPLE_FILES, 'itemPerFile', { maxRecords: 10 }));
			expect(codeOf(result)).toBe('SPAAZA_TOO_MANY_RECORDS');
			expect(result.error?.message).toMatch(
				/more than 10 rows .*Set Output to "Batches of Records"/,
			);
		});

		it('has no limit in batches mode, and a raised limit lets the set through', async () => {
			for (const parameters of [{ outputMode: 'batches', maxRecords: 10 }, { maxRecords: 1_000 }]) {
				const result = await runWorkflow(workflow(SAMPLE_FILES, 'itemPerFile', parameters));
				expect(result.error).toBeUndefined();
			}
		});

		it('defaults to 100,000: a 100,001-row product list stops at its last row', async () => {
			const dir = mkdtempSync(join(tmpdir(), 'spaaza-rows-'));
			const path = join(dir, 'productlist_20260101_120000.csv');
			const rows = Array.from({ length: 100_001 }, (_, i) => `P${i},Product ${i}`);
			writeFileSync(path, `owner_code,name\n${rows.join('\n')}\n`);
			try {
				const result = await runWorkflow(
					workflow(path, 'itemPerFile', { requireCompleteSets: false }),
				);
				expect(codeOf(result)).toBe('SPAAZA_TOO_MANY_RECORDS');
				expect(result.error?.message).toContain('more than 100,000 rows (reached at line 100002)');
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		});
	});
});
