/**
 * Spaaza Get Download URL on its own terms: its limits and settings, and what it says when the
 * task has no file. The whole export pipeline is in test/workflows/export.
 */
import { cleanupHarness } from '../../harness';
import {
	CREATE,
	CREATE_AND_DOWNLOAD,
	DOWNLOAD,
	errorCode,
	EXPORT_AND_DOWNLOAD,
	run,
	seedCatalogue,
	useExportSandbox,
} from '../../workflows/export/support';

afterAll(async () => await cleanupHarness());

describe('Spaaza Get Download URL', () => {
	const sandbox = useExportSandbox({ prepare: seedCatalogue });

	it('refuses a file larger than Max File Size, as told by its Content-Length', async () => {
		const result = await run(EXPORT_AND_DOWNLOAD, sandbox, {
			parameters: { [DOWNLOAD]: { download: true, options: { maxFileSize: 0.0001 } } },
		});
		expect(result.error?.nodeName).toBe(DOWNLOAD);
		expect(errorCode(result)).toBe('SPAAZA_DOWNLOAD_FAILED');
		expect(result.error?.message).toMatch(
			/bytes, larger than the limit of 104 bytes \(Max File Size\); it was not downloaded$/,
		);
	});

	it('only outputs the link when Download File is off', async () => {
		const result = await run(EXPORT_AND_DOWNLOAD, sandbox, {
			parameters: { [DOWNLOAD]: { download: false } },
		});
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
		const result = await run(CREATE_AND_DOWNLOAD, sandbox, {
			parameters: { [CREATE]: { options: { executeNow: true } } },
		});
		expect(errorCode(result)).toBe('SPAAZA_TASK_NOT_READY');
		expect(result.error?.message).toContain('(state: ERROR)');
	});
});

describe('Spaaza Get Download URL with links that have expired', () => {
	const expiring = useExportSandbox({ downloadUrlTtlSeconds: -60, prepare: seedCatalogue });

	it('reports an expired link as SPAAZA_URL_EXPIRED', async () => {
		const result = await run(EXPORT_AND_DOWNLOAD, expiring);
		expect(result.error?.nodeName).toBe(DOWNLOAD);
		expect(errorCode(result)).toBe('SPAAZA_URL_EXPIRED');
		expect(result.error?.message).toContain('Get Download URL');
		expect(result.error?.message).not.toContain('signature=');
		expect(expiring.storageRequests().map((request) => request.status)).toEqual([403]);
	});
});

describe('Spaaza Get Download URL with links that carry no file name', () => {
	// Spaaza does not document the download URL's path; when it ends in an opaque key, the file is
	// named after the task, with the extension of the format the task exported.
	const unnamed = useExportSandbox({ namedDownloadUrls: false, prepare: seedCatalogue });

	it.each([
		{ format: 'csv', mimeType: 'text/csv' },
		{ format: 'json', mimeType: 'application/json' },
	])('names a $format export Export-<task id>.$format', async ({ format, mimeType }) => {
		const result = await run(EXPORT_AND_DOWNLOAD, unnamed, {
			parameters: { [CREATE]: { exportFormat: format } },
		});
		expect(result.error).toBeUndefined();
		const [item] = result.output(DOWNLOAD);
		const taskId = item.json.taskId as number;
		expect(item.json.url).not.toMatch(/\.(csv|json)\?/);
		expect(item.json.fileName).toBe(`Export-${taskId}.${format}`);
		expect(item.binary?.data).toMatchObject({ fileName: `Export-${taskId}.${format}`, mimeType });
	});
});
