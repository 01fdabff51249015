/**
 * The export pipeline end to end, through n8n's engine against the sandbox: Create Export Task →
 * Wait For Task → Get Download URL with the file downloaded into the item. What comes out must be
 * the sandbox catalogue, row for row, fetched from storage without any credential.
 */
import type { IDataObject } from 'n8n-workflow';

import { cleanupHarness } from '../../harness';
import { expectNoSecrets } from '../../support/secrets';
import {
	CREATE,
	DOWNLOAD,
	EXPORT_AND_DOWNLOAD,
	downloadedCsv,
	expectedRows as catalogueRows,
	run,
	seedCatalogue,
	useExportSandbox,
	type Credential,
} from './support';

const sandbox = useExportSandbox({ prepare: seedCatalogue });
afterAll(async () => await cleanupHarness());

const expectedRows = (ownerCodes?: string[]) => catalogueRows(sandbox, ownerCodes);

function expectNoCredentialsSentToStorage(): void {
	const requests = sandbox.storageRequests();
	expect(requests.length).toBeGreaterThan(0);
	for (const request of requests) {
		expect(request.authorization).toBe(false);
		expect(request.spaazaHeaders).toEqual([]);
		expect(request.headerNames.filter((name) => /auth|cookie|session|token/.test(name))).toEqual(
			[],
		);
	}
}

describe('export and download', () => {
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
				url: expect.stringMatching(
					new RegExp(`/Product_Export-${taskId}\\.csv\\?expires=\\d+&signature=`),
				),
				expiresAt: expect.any(String),
				fileName: `Product_Export-${taskId}.csv`,
				fileSize: (await result.binaryBuffer(item, 'data')).length,
			});
			const expiresAt = Date.parse(item.json.expiresAt as string);
			expect(expiresAt).toBeGreaterThan(before + 3590_000);
			expect(expiresAt).toBeLessThan(Date.now() + 3601_000);
			expect(item.binary?.data).toMatchObject({
				fileName: `Product_Export-${taskId}.csv`,
				mimeType: 'text/csv',
			});
			expect(item.pairedItem).toEqual({ item: 0 });
			expectNoCredentialsSentToStorage();
			expectNoSecrets(sandbox, result);
		},
	);

	it('downloads only the products of a "category is X" rule', async () => {
		const result = await run(EXPORT_AND_DOWNLOAD, sandbox, {
			parameters: {
				[CREATE]: {
					filter: 'rules',
					join: 'all',
					rules: {
						rule: [
							{
								field_name: 'category',
								field_type: 'keyword',
								operator: 'is',
								value: 'Electronics',
							},
						],
					},
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
			parameters: {
				[CREATE]: { exportFormat: 'json' },
				[DOWNLOAD]: { binaryPropertyName: 'export' },
			},
		});
		expect(result.error).toBeUndefined();
		const [item] = result.output(DOWNLOAD);
		expect(item.binary?.export).toMatchObject({ mimeType: 'application/json' });
		expect(item.json.fileName).toMatch(/^Product_Export-\d+\.json$/);
		const records = JSON.parse(
			(await result.binaryBuffer(item, 'export')).toString('utf8'),
		) as IDataObject[];
		expect(records.map((record) => record.owner_code)).toEqual(
			expectedRows().map((row) => row.owner_code),
		);
	});

	it('keeps the file in the item when n8n holds binary data in memory', async () => {
		const result = await run(EXPORT_AND_DOWNLOAD, sandbox, { options: { binaryMode: 'default' } });
		expect(result.error).toBeUndefined();
		expect(await downloadedCsv(result)).toEqual(expectedRows());
		const [item] = result.output(DOWNLOAD);
		expect(item.json.fileSize).toBe((await result.binaryBuffer(item, 'data')).length);
	});
});
