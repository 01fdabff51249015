import { parse } from 'csv-parse/sync';
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { PRODUCT_EXPORT_COLUMNS } from '../../../sandbox/exports';
import { cleanupHarness, type WorkflowRunResult } from '../../harness';
import {
	CREATE,
	CREATE_AND_DOWNLOAD,
	DOWNLOAD,
	errorCode,
	EXPORT_AND_DOWNLOAD,
	run,
	secretsOf,
	seedCatalogue,
	startExportSandbox,
	visibleText,
	type Credential,
} from '../SpaazaCreateExportTask/support';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startExportSandbox();
	await seedCatalogue(sandbox);
});
afterEach(async () => {
	sandbox.reset();
	await seedCatalogue(sandbox);
});
afterAll(async () => {
	await sandbox.close();
	await cleanupHarness();
});

/** The catalogue as the export file should show it: one row of strings per product, by id. */
function expectedRows(ownerCodes?: string[]): Array<Record<string, string>> {
	return sandbox
		.catalogue()
		.filter((product) => !ownerCodes || ownerCodes.includes(product.owner_code))
		.sort((a, b) => a.id - b.id)
		.map((product) =>
			Object.fromEntries(
				PRODUCT_EXPORT_COLUMNS.map((column) => [
					column,
					product[column] === null || product[column] === undefined ? '' : String(product[column]),
				]),
			),
		);
}

async function downloadedCsv(result: WorkflowRunResult): Promise<Array<Record<string, string>>> {
	const [item] = result.output(DOWNLOAD);
	const text = (await result.binaryBuffer(item, 'data')).toString('utf8');
	return parse(text, { columns: true }) as Array<Record<string, string>>;
}

function expectNoCredentialsSentToStorage(): void {
	const requests = sandbox.storageRequests();
	expect(requests.length).toBeGreaterThan(0);
	for (const request of requests) {
		expect(request.authorization).toBe(false);
		expect(request.spaazaHeaders).toEqual([]);
		expect(request.headerNames.filter((name) => /auth|cookie|session|token/.test(name))).toEqual([]);
	}
}

describe('Spaaza Get Download URL', () => {
	it.each<Credential>(['token', 'admin'])(
		'downloads a CSV whose rows equal the catalogue (%s credential)',
		async (credential) => {
			const before = Date.now();
			const result = await run(EXPORT_AND_DOWNLOAD, sandbox, { credential });

			expect(result.error).toBeUndefined();
			expect(await downloadedCsv(result)).toEqual(expectedRows());
			const [item] = result.output(DOWNLOAD);
			const taskId = result.json(CREATE)[0].id as number;
			expect(item.json).toEqual({
				taskId,
				url: expect.stringMatching(new RegExp(`/Product_Export-${taskId}\\.csv\\?expires=\\d+&signature=`)),
				expiresAt: expect.any(String),
				fileName: `Product_Export-${taskId}.csv`,
				fileSize: (await result.binaryBuffer(item, 'data')).length,
			});
			const expiresAt = Date.parse(item.json.expiresAt as string);
			expect(expiresAt).toBeGreaterThan(before + 3590_000);
			expect(expiresAt).toBeLessThan(Date.now() + 3601_000);
			expect(item.binary?.data).toMatchObject({ fileName: `Product_Export-${taskId}.csv`, mimeType: 'text/csv' });
			expect(item.pairedItem).toEqual({ item: 0 });
			expectNoCredentialsSentToStorage();
			for (const secret of secretsOf(sandbox)) expect(visibleText(result)).not.toContain(secret);
		},
	);

	it('downloads only the products of a "category is X" rule', async () => {
		const result = await run(EXPORT_AND_DOWNLOAD, sandbox, {
			parameters: {
				[CREATE]: {
					filter: 'rules',
					join: 'all',
					rules: { rule: [{ field_name: 'category', field_type: 'keyword', operator: 'is', value: 'Electronics' }] },
				},
			},
		});
		expect(result.error).toBeUndefined();
		expect(await downloadedCsv(result)).toEqual(expectedRows(['P-001', 'P-003']));
	});

	it('downloads the products matching any of two rules', async () => {
		const rule = [
			{ field_name: 'category', field_type: 'keyword', operator: 'is', value: 'Shoes' },
			{ field_name: 'brand', field_type: 'keyword', operator: 'is', value: 'Acme' },
		];
		const result = await run(EXPORT_AND_DOWNLOAD, sandbox, {
			parameters: { [CREATE]: { filter: 'rules', join: 'any', rules: { rule } } },
		});
		expect(result.error).toBeUndefined();
		expect(await downloadedCsv(result)).toEqual(expectedRows(['P-001', 'P-002', 'P-003', 'P-005']));
	});

	it('downloads a JSON export into a chosen binary property', async () => {
		const result = await run(EXPORT_AND_DOWNLOAD, sandbox, {
			parameters: { [CREATE]: { exportFormat: 'json' }, [DOWNLOAD]: { binaryPropertyName: 'export' } },
		});
		expect(result.error).toBeUndefined();
		const [item] = result.output(DOWNLOAD);
		expect(item.binary?.export).toMatchObject({ mimeType: 'application/json' });
		expect(item.json.fileName).toMatch(/^Product_Export-\d+\.json$/);
		const records = JSON.parse((await result.binaryBuffer(item, 'export')).toString('utf8')) as IDataObject[];
		expect(records.map((record) => record.owner_code)).toEqual(expectedRows().map((row) => row.owner_code));
	});

	it('keeps the file in the item when n8n holds binary data in memory', async () => {
		const result = await run(EXPORT_AND_DOWNLOAD, sandbox, { options: { binaryMode: 'default' } });
		expect(result.error).toBeUndefined();
		expect(await downloadedCsv(result)).toEqual(expectedRows());
		const [item] = result.output(DOWNLOAD);
		expect(item.json.fileSize).toBe((await result.binaryBuffer(item, 'data')).length);
	});

	it('refuses a file larger than Max File Size, as told by its Content-Length', async () => {
		const result = await run(EXPORT_AND_DOWNLOAD, sandbox, {
			parameters: { [DOWNLOAD]: { download: true, options: { maxFileSize: 0.0001 } } },
		});
		expect(result.error?.nodeName).toBe(DOWNLOAD);
		expect(errorCode(result)).toBe('SPAAZA_DOWNLOAD_FAILED');
		expect(result.error?.message).toMatch(/bytes, larger than the limit of 104 bytes \(Max File Size\); it was not downloaded$/);
	});

	it('only outputs the link when Download File is off', async () => {
		const result = await run(EXPORT_AND_DOWNLOAD, sandbox, { parameters: { [DOWNLOAD]: { download: false } } });
		expect(result.error).toBeUndefined();
		const [item] = result.output(DOWNLOAD);
		expect(item.binary).toBeUndefined();
		expect(item.json).toMatchObject({ url: expect.stringContaining('/storage/'), fileSize: null });
		expect(sandbox.storageRequests()).toEqual([]);
	});

	it('says to add Wait For Task when the export is not finished', async () => {
		const result = await run(CREATE_AND_DOWNLOAD, sandbox, {
			parameters: { [CREATE]: { runAt: 'scheduled', scheduledTime: '2099-01-01T00:00:00Z' } },
		});
		expect(result.error?.nodeName).toBe(DOWNLOAD);
		expect(errorCode(result)).toBe('SPAAZA_TASK_NOT_READY');
		expect(result.error?.message).toMatch(/^Spaaza task \d+ has no file yet \(state: READY\)$/);
		expect(result.error?.description).toContain('Add Spaaza Wait For Task before this node');
	});

	it('says the task failed when it ended in ERROR', async () => {
		sandbox.failNextTasks(1);
		const result = await run(CREATE_AND_DOWNLOAD, sandbox, { parameters: { [CREATE]: { options: { executeNow: true } } } });
		expect(errorCode(result)).toBe('SPAAZA_TASK_NOT_READY');
		expect(result.error?.message).toContain('(state: ERROR)');
	});

	it('reports an expired link as SPAAZA_URL_EXPIRED', async () => {
		const expiring = await startExportSandbox({ downloadUrlTtlSeconds: -60 });
		try {
			await seedCatalogue(expiring);
			const result = await run(EXPORT_AND_DOWNLOAD, expiring);
			expect(result.error?.nodeName).toBe(DOWNLOAD);
			expect(errorCode(result)).toBe('SPAAZA_URL_EXPIRED');
			expect(result.error?.message).toContain('Get Download URL');
			expect(result.error?.message).not.toContain('signature=');
			expect(expiring.storageRequests().map((request) => request.status)).toEqual([403]);
		} finally {
			await expiring.close();
		}
	});
});
