/**
 * The export path against a Services server that echoes the Authorization value into what it
 * sends back (the download URL's path and query, a task's log lines), and that sends a task log
 * of any size: every server text on an item or in an error is scrubbed, and the log is bounded.
 */
import type { ServerResponse } from 'node:http';

import { cleanupHarness } from '../harness';
import { runNodeAgainst } from '../support/hostileNode';
import { useHostileServer, type SeenRequest } from '../support/hostileServer';
import { leaksIn, partialLeaksIn, SECRETS } from '../support/secrets';

const server = useHostileServer('custom');
afterAll(async () => await cleanupHarness());

const json = (res: ServerResponse, status: number, body: unknown) => {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
};

/** The Authorization value the node sent, as a server that echoes it would have it. */
const authorization = (request: SeenRequest) => String(request.headers.authorization);

function expectNothingLeaked(value: unknown): void {
	expect(leaksIn(value)).toEqual([]);
	expect(partialLeaksIn(value)).toEqual([]);
}

const errorTask = (logs: unknown[]) => ({
	id: 12345,
	desc: 'products export',
	state: { code: 'ERROR' },
	target: { action: 'export', export_index: 'products', export_format: 'csv' },
	logs,
});

const WAIT = {
	type: 'spaazaWaitForTask',
	parameters: { taskId: '12345', pollInterval: 1, timeout: 1, onTimeout: 'error' },
	authentication: 'accessToken',
} as const;

describe('Get Download URL: a download URL that carries the Authorization value', () => {
	const urlAnswer = (request: SeenRequest) =>
		`${server.baseUrl}/storage/${encodeURIComponent(authorization(request))}/${SECRETS.tokenSecret}.csv` +
		`?auth=${encodeURIComponent(authorization(request))}&expires=4102444800`;

	it('json.url and the file name show [hidden] in its place', async () => {
		server.respond = (request, res) => json(res, 200, { url: urlAnswer(request) });
		const result = await runNodeAgainst(server, {
			type: 'spaazaGetDownloadUrl',
			parameters: { taskId: '12345', download: false },
			authentication: 'accessToken',
		});

		expect(result.error).toBeUndefined();
		const [item] = result.json('Node');
		expect(String(item.url)).toMatch(/\/storage\/.*\[hidden\].*\?auth=.*\[hidden\]/);
		expect(item.expiresAt).toBe('2100-01-01T00:00:00.000Z');
		expectNothingLeaked(result.run.data.resultData);
	});

	it('SPAAZA_DOWNLOAD_FAILED names the storage address without the secret, also when storage echoes it', async () => {
		server.respond = (request, res) => {
			if (request.url.includes('/download_url')) {
				json(res, 200, { url: urlAnswer(request) });
				return;
			}
			// Storage refuses, and its page repeats the address it was asked for.
			res.writeHead(404, { 'content-type': 'text/html' });
			res.end(
				`<html><body><h1>Not found</h1><p>${decodeURIComponent(request.url)}</p></body></html>`,
			);
		};
		const result = await runNodeAgainst(server, {
			type: 'spaazaGetDownloadUrl',
			parameters: { taskId: '12345', download: true },
			authentication: 'accessToken',
		});

		expect((result.executionError?.context as { code?: string }).code).toBe(
			'SPAAZA_DOWNLOAD_FAILED',
		);
		expect(result.error?.message).toMatch(/\/storage\/.*\[hidden\].*HTTP 404.*Not found/);
		// The storage request really went to the address with the secret in it: it was echoed.
		expect(server.seen.some((seen) => seen.url.includes(SECRETS.tokenSecret))).toBe(true);
		expectNothingLeaked(result.run.data.resultData);
	});
});

describe('Wait For Task: a failed task whose log echoes the Authorization value', () => {
	it('SPAAZA_TASK_FAILED shows the log with [hidden] in its place', async () => {
		server.respond = (request, res) =>
			json(
				res,
				200,
				errorTask([
					{ timestamp: '2026-01-01T00:00:00Z', level: 'info', message: 'Export started' },
					{
						timestamp: '2026-01-01T00:00:01Z',
						level: 'error',
						message: `Upload refused for request with Authorization: ${authorization(request)}`,
					},
				]),
			);
		const result = await runNodeAgainst(server, WAIT);

		expect((result.executionError?.context as { code?: string }).code).toBe('SPAAZA_TASK_FAILED');
		expect(String(result.error?.description)).toMatch(
			/ERROR Upload refused for request with Authorization: Bearer \[hidden\]:\[hidden\]/,
		);
		expectNothingLeaked(result.run.data.resultData);
	});
});

describe('Wait For Task: a task log of any size', () => {
	it('5,000 log entries of 2 KB: what is read and shown is capped', async () => {
		const entry = (i: number) => ({
			timestamp: '2026-01-01T00:00:00Z',
			level: 'error',
			message: `line ${i} ${'x'.repeat(2_000)}`,
		});
		const logs = Array.from({ length: 5_000 }, (_, i) => entry(i));
		server.respond = (_request, res) => json(res, 200, errorTask(logs));
		const result = await runNodeAgainst(server, WAIT);

		expect((result.executionError?.context as { code?: string }).code).toBe('SPAAZA_TASK_FAILED');
		const description = String(result.error?.description);
		expect(description.length).toBeLessThan(4_000);
		expect(description).toMatch(/earlier lines not shown/);
		// The lines the error carries: at most the 100 the node asks Spaaza for, each cut.
		const carried = (result.executionError?.context as { logs?: string[] }).logs ?? [];
		expect(carried.length).toBe(100);
		for (const line of carried) expect(line.length).toBeLessThanOrEqual(501);
		// The whole run's data stays small, whatever the server sent (10 MB here).
		expect(JSON.stringify(result.run.data.resultData).length).toBeLessThan(200_000);
	});
});
