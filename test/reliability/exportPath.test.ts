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

describe('Compare Catalogue: its products export against a server that echoes the Authorization value', () => {
	const FEED = [{ owner_code: 'P-1', name: 'Jumper', price: '25.00' }];
	const COMPARE = {
		type: 'spaazaCompareCatalogue',
		parameters: { recordType: 'products', feedIsComplete: true, options: { maxRetries: 0 } },
		authentication: 'accessToken',
		items: FEED,
	} as const;
	const task = (code: string) => ({
		id: 12345,
		desc: 'products read by Spaaza Compare Catalogue',
		state: { code },
		target: { action: 'export', export_index: 'products', export_format: 'csv' },
	});
	/** The Services API answers well; `storage` answers the download of the export file. */
	const services =
		(storage: (request: SeenRequest, res: ServerResponse) => void) =>
		(request: SeenRequest, res: ServerResponse) => {
			if (request.url.includes('/storage/')) return storage(request, res);
			if (request.url.includes('/download_url'))
				return json(res, 200, {
					url: `${server.baseUrl}/storage/${encodeURIComponent(authorization(request))}.csv`,
				});
			json(res, 200, task('DONE'));
		};

	/** Every feed record Changed with the read's reason; nothing New, Unchanged or Missing. */
	function expectNothingProven(result: Awaited<ReturnType<typeof runNodeAgainst>>, why: RegExp) {
		expect(result.error).toBeUndefined();
		expect(result.json('Node', 0)).toEqual([]);
		expect(result.json('Node', 1)).toEqual([
			expect.objectContaining({
				owner_code: 'P-1',
				reason: expect.stringMatching(/could not be read to the end/),
			}),
		]);
		expect(result.json('Node', 3)).toEqual([]);
		const [summary] = result.json('Node', 2);
		expect(summary).toMatchObject({ unchanged: 0, missingFromFeed: 0, readComplete: false });
		expect(String(summary.readProblem)).toMatch(why);
		expectNothingLeaked(result.run.data.resultData);
	}

	it('a storage refusal that repeats the address: Changed, with the reason, nothing leaked', async () => {
		server.respond = services((request, res) => {
			res.writeHead(404, { 'content-type': 'text/html' });
			res.end(
				`<html><body><h1>Not found</h1><p>${decodeURIComponent(request.url)}</p></body></html>`,
			);
		});
		const result = await runNodeAgainst(server, COMPARE);
		expectNothingProven(result, /HTTP 404/);
		// The download went to the address with the secret in it, without any credential.
		const download = server.seen.find((seen) => seen.url.includes('/storage/'));
		expect(download?.headers.authorization).toBeUndefined();
	});

	it('a download cut off half-way through the file: only rows that arrived whole count, nothing is New or Missing', async () => {
		const rows = Array.from({ length: 2000 }, (_, i) => `${i + 1},P-${i},Jumper,25.50`);
		const file = `id,owner_code,name,price\n${rows.join('\n')}\n`;
		// The cut falls inside a price: "25.50" arrives as "25".
		const cut = file.indexOf('25.50', file.indexOf('\n1000,P-999,')) + 2;
		server.respond = services((_request, res) => {
			res.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(file.length) });
			res.write(file.slice(0, cut));
			setTimeout(() => res.socket?.destroy(), 50);
		});
		const result = await runNodeAgainst(server, {
			...COMPARE,
			items: [
				{ owner_code: 'P-1', name: 'Jumper', price: '25.50' },
				{ owner_code: 'P-999', name: 'Jumper', price: '25' },
				{ owner_code: 'P-1999', name: 'Jumper', price: '25.50' },
				{ owner_code: 'P-NEW', name: 'Jumper', price: '1' },
			],
		});
		expect(result.error).toBeUndefined();
		// P-1 arrived whole. P-999's row was cut inside its price: never "unchanged" at 25.
		expect(result.json('Node', 2)[0]).toMatchObject({
			unchanged: 1,
			changed: 3,
			new: 0,
			missingFromFeed: 0,
			readComplete: false,
			readProblem: expect.stringMatching(/broke off after/),
		});
		expect(result.json('Node', 1).map((json) => [json.owner_code, json.reason])).toEqual(
			['P-999', 'P-1999', 'P-NEW'].map((owner) => [
				owner,
				expect.stringMatching(/could not be read to the end/),
			]),
		);
		expect(result.json('Node', 3)).toEqual([]);
		expectNothingLeaked(result.run.data.resultData);
	});

	it('a failed export task whose log repeats the Authorization value: Changed, nothing leaked', async () => {
		server.respond = (request, res) =>
			json(res, 200, {
				...task('ERROR'),
				logs: [
					{
						timestamp: '2026-01-01T00:00:01Z',
						level: 'error',
						message: `Upload refused for request with Authorization: ${authorization(request)}`,
					},
				],
			});
		const result = await runNodeAgainst(server, COMPARE);
		expectNothingProven(result, /export task 12345 failed: .*Upload refused/);
	});
});
