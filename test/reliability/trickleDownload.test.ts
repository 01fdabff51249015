/**
 * Storage downloads against a server that trickles (README "Guarantees", bounded failure): a
 * storage host that never sends its headers fails within the timeout; one that sends headers and
 * then a byte now and then is stopped at once by the execution's cancel signal.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { downloadPresignedFile } from '../../nodes/spaaza/transport/request';
import { storageDownloadContext as ctx } from '../support/executeContext';
import { failureOf } from '../support/failure';

/** Time to build the error on a slow, shared CI machine. */
const MARGIN_MS = 3_000;

let server: Server;
let baseUrl: string;
const open = new Set<ServerResponse>();
const timers = new Set<NodeJS.Timeout>();

beforeAll(async () => {
	server = createServer((req, res) => {
		open.add(res);
		if (req.url?.startsWith('/no-headers')) return;
		res.writeHead(200, { 'content-type': 'text/csv' });
		const timer = setInterval(() => res.write('x'), 100);
		timers.add(timer);
		res.on('close', () => clearInterval(timer));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	for (const timer of timers) clearInterval(timer);
	for (const res of open) res.destroy();
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

it('a storage host that never answers fails with SPAAZA_DOWNLOAD_FAILED within the timeout', async () => {
	const started = Date.now();
	const error = await failureOf(
		downloadPresignedFile(ctx(), `${baseUrl}/no-headers/f.csv?X-Amz-Signature=SECRET`, {
			timeoutMs: 500,
			maxRetries: 0,
			allowHttpAndPrivateHosts: true,
		}),
	);

	expect(error).toBeInstanceOf(Error);
	expect(error.context?.code).toBe('SPAAZA_DOWNLOAD_FAILED');
	expect(error.message).toMatch(/timedout|time/i);
	expect(Date.now() - started).toBeLessThan(500 + MARGIN_MS);
	expect(error.message).not.toContain('SECRET');
});

it('a body that trickles stops within a second of the execution being cancelled', async () => {
	const controller = new AbortController();
	const download = await downloadPresignedFile(ctx(), `${baseUrl}/trickle/f.csv`, {
		timeoutMs: 2_000,
		abortSignal: controller.signal,
		maxRetries: 0,
		allowHttpAndPrivateHosts: true,
	});
	let received = 0;
	const reading = (async () => {
		for await (const chunk of download.stream) received += (chunk as Buffer).length;
	})().catch((e: unknown) => e);
	await new Promise((resolve) => setTimeout(resolve, 600));
	const cancelledAt = Date.now();
	controller.abort();
	await reading;

	expect(Date.now() - cancelledAt).toBeLessThan(1_000);
	expect(received).toBeGreaterThan(0);
});
