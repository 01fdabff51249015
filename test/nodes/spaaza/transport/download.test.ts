import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { isPrivateAddress } from '../../../../nodes/spaaza/transport/download';
import { downloadPresignedFile } from '../../../../nodes/spaaza/transport/request';
import { storageDownloadContext as ctx } from '../../../support/executeContext';
import { expectNoSecretIn } from '../../../support/secrets';
import { startFakeSpaaza, type FakeSpaaza, type Reply } from './fakeSpaaza';
import { failureOf } from '../../../support/failure';

let server: FakeSpaaza;
const SIGNATURE = 'X-Amz-Signature=deadbeefSECRET';

beforeEach(async () => (server = await startFakeSpaaza()));
afterEach(async () => await server.close());

/** The body as text; a failure as the download explains it (what the node reports). */
async function text(
	stream: AsyncIterable<unknown>,
	explain: (error: unknown) => Error = (error) => error as Error,
): Promise<string> {
	let out = '';
	try {
		for await (const chunk of stream) out += String(chunk);
	} catch (error) {
		throw explain(error);
	}
	return out;
}

describe('downloadPresignedFile', () => {
	it('streams the file and sends no Spaaza credentials or headers', async () => {
		server.on('GET', '/bucket/Product_Export-123.csv', () => ({
			status: 200,
			raw: 'id,name\n1,Shirt\n',
			headers: { 'content-type': 'text/csv', 'content-length': '16' },
		}));
		const download = await downloadPresignedFile(
			ctx(),
			`${server.baseUrl}/bucket/Product_Export-123.csv?${SIGNATURE}`,
			{ timeoutMs: 5000, allowHttpAndPrivateHosts: true },
		);
		expect(await text(download.stream)).toBe('id,name\n1,Shirt\n');
		expect(download).toMatchObject({ statusCode: 200, contentType: 'text/csv', contentLength: 16 });
		const { headers, query } = server.requests[0];
		expect(query.get('X-Amz-Signature')).toBe('deadbeefSECRET');
		expect(headers.authorization).toBeUndefined();
		expect(Object.keys(headers).filter((h) => h.startsWith('x-spaaza'))).toEqual([]);
	});

	it.each<[string, Reply, string, RegExp]>([
		[
			'an expired signature',
			{
				status: 403,
				raw: '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
			},
			'SPAAZA_URL_EXPIRED',
			/has expired/,
		],
		[
			'a missing file',
			{ status: 404, raw: '<Error><Code>NoSuchKey</Code></Error>' },
			'SPAAZA_DOWNLOAD_FAILED',
			/HTTP 404/,
		],
	])('reports %s without the signature', async (_, reply, code, message) => {
		server.on('GET', '/bucket/f.csv', () => reply);
		const error = await failureOf(
			downloadPresignedFile(ctx(), `${server.baseUrl}/bucket/f.csv?${SIGNATURE}`, {
				itemIndex: 2,
				allowHttpAndPrivateHosts: true,
			}),
		);
		expect(error.context).toMatchObject({ code, itemIndex: 2 });
		expect(error.message).toMatch(message);
		expectNoSecretIn(error, ['SECRET']);
	});

	it('retries a 503 from storage', async () => {
		let calls = 0;
		server.on('GET', '/bucket/f.csv', () =>
			++calls === 1 ? { status: 503, raw: 'busy' } : { status: 200, raw: 'ok' },
		);
		const download = await downloadPresignedFile(ctx(), `${server.baseUrl}/bucket/f.csv`, {
			sleep: async () => undefined,
			allowHttpAndPrivateHosts: true,
		});
		expect(await text(download.stream)).toBe('ok');
		expect(calls).toBe(2);
	});
});

/** A storage server whose answer a test writes by hand (trickles, lies about its length...). */
async function startStorage(answer: (req: IncomingMessage, res: ServerResponse) => void) {
	const timers = new Set<NodeJS.Timeout>();
	const seen: string[] = [];
	const server = createServer((req, res) => {
		seen.push(req.url ?? '');
		answer(req, res);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		baseUrl,
		seen,
		timers,
		close: async () => {
			timers.forEach(clearInterval);
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

describe('downloadPresignedFile: where it may go', () => {
	it.each([
		[
			'http outside the Custom environment',
			'http://storage.example.com/f.csv',
			/it is a http address; only https is fetched/,
		],
		['a data: URL', 'data:text/plain,hello', /it is a data address/],
		['a file: URL', 'file:///etc/passwd', /it is a file address/],
		[
			'loopback',
			'https://127.0.0.1/f.csv',
			/loopback, private, link-local or metadata address \(127\.0\.0\.1\)/,
		],
		[
			'the cloud metadata service',
			'https://169.254.169.254/latest/meta-data/',
			/metadata address \(169\.254\.169\.254\)/,
		],
		['a private network', 'https://10.1.2.3/f.csv', /private/],
		['IPv6 loopback', 'https://[::1]/f.csv', /\(::1\)/],
		['IPv4-mapped IPv6', 'https://[::ffff:7f00:1]/f.csv', /private/],
		['a name that resolves to loopback', 'https://localhost/f.csv', /host localhost is a loopback/],
		[
			'credentials in the URL',
			'https://user:pw@storage.example.com/f.csv',
			/user name or password/,
		],
		['not a URL', 'not a url', /not a valid web address/],
	])('refuses %s before any request', async (_, url, reason) => {
		const error = await failureOf(downloadPresignedFile(ctx(), url, { itemIndex: 1 }));
		expect(error.context).toMatchObject({ code: 'SPAAZA_DOWNLOAD_FAILED', itemIndex: 1 });
		expect(error.message).toMatch(/^The download URL was not fetched/);
		expect(error.message).toMatch(reason);
		expect(error.message).not.toContain('pw@');
	});

	it('allows public addresses and names', () => {
		expect(['8.8.8.8', '52.216.0.1', '2a05:d018::1'].map(isPrivateAddress)).toEqual([
			false,
			false,
			false,
		]);
		expect(
			['0.0.0.0', '100.64.0.1', '172.16.0.1', '192.168.1.1', 'fd00::1', 'fe80::1'].map(
				isPrivateAddress,
			),
		).toEqual([true, true, true, true, true, true]);
		// Parsed without node:net: anything that is not a well-formed address is refused.
		expect(
			['storage', '1.2.3', '256.1.1.1', '1::2::3', '1:2:3:4:5:6:7', '::ffff:10.0.0.1'].map(
				isPrivateAddress,
			),
		).toEqual([true, true, true, true, true, true]);
		expect(
			['2001:db8:0:0:0:0:0:1', '::ffff:8.8.8.8', '2a00::8.8.8.8'].map(isPrivateAddress),
		).toEqual([false, false, false]);
	});

	it('follows a few redirects, checking each, and refuses more or a bad target', async () => {
		const storage = await startStorage((req, res) => {
			const hop = Number(/hop(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
			if (req.url?.startsWith('/data'))
				res.writeHead(302, { location: 'data:text/plain,owned' }).end();
			else if (hop < 10) res.writeHead(307, { location: `/hop${hop + 1}` }).end();
			else res.end('never');
		});
		try {
			const viaTwo = await startStorage((req, res) =>
				req.url === '/hop2'
					? res.end('ok')
					: res.writeHead(302, { location: `/hop${Number(req.url?.slice(4) ?? 0) + 1}` }).end(),
			);
			const download = await downloadPresignedFile(ctx(), `${viaTwo.baseUrl}/hop0`, {
				allowHttpAndPrivateHosts: true,
			});
			expect(await text(download.stream)).toBe('ok');
			expect(viaTwo.seen).toEqual(['/hop0', '/hop1', '/hop2']);
			await viaTwo.close();

			const loop = await failureOf(
				downloadPresignedFile(ctx(), `${storage.baseUrl}/hop0`, { allowHttpAndPrivateHosts: true }),
			);
			expect(loop.message).toMatch(/redirected more than 3 times/);
			expect(storage.seen).toHaveLength(4);
			const toData = await failureOf(
				downloadPresignedFile(ctx(), `${storage.baseUrl}/data`, { allowHttpAndPrivateHosts: true }),
			);
			expect(toData.message).toMatch(/data:\/\/.*it is a data address/);
		} finally {
			await storage.close();
		}
	});
});

describe('downloadPresignedFile: bounded in time and size', () => {
	const custom = { allowHttpAndPrivateHosts: true, sleep: async () => undefined };

	it('ends a body that trickles past the whole-download deadline', async () => {
		const storage = await startStorage((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/csv' });
			storage.timers.add(setInterval(() => res.write('x'), 50));
		});
		try {
			const started = Date.now();
			const download = await downloadPresignedFile(ctx(), `${storage.baseUrl}/f.csv`, {
				...custom,
				deadlineMs: 600,
				minBytesPerSecond: 0,
			});
			const error = await failureOf(text(download.stream, download.explain));
			expect(error.message).toMatch(/took longer than the download deadline of 1 s/);
			expect(error.context.code).toBe('SPAAZA_DOWNLOAD_FAILED');
			expect(Date.now() - started).toBeLessThan(600 + 2_000);
		} finally {
			await storage.close();
		}
	});

	it('ends a body slower than the minimum throughput', async () => {
		const storage = await startStorage((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/csv' });
			storage.timers.add(setInterval(() => res.write('x'), 50));
		});
		try {
			const download = await downloadPresignedFile(ctx(), `${storage.baseUrl}/f.csv`, {
				...custom,
				minBytesPerSecond: 1_000,
				throughputWindowMs: 300,
			});
			const error = await failureOf(text(download.stream, download.explain));
			expect(error.message).toMatch(/arrived at \d+ bytes\/s, below the minimum of 1,000 bytes\/s/);
		} finally {
			await storage.close();
		}
	});

	it('refuses a file over Max File Size by its Content-Length, and cuts off one without it', async () => {
		const storage = await startStorage((req, res) => {
			if (req.url === '/declared')
				res.writeHead(200, { 'content-length': '5000' }).end('x'.repeat(5000));
			else {
				res.writeHead(200, { 'content-type': 'text/csv' });
				res.end('x'.repeat(5000));
			}
		});
		try {
			const declared = await failureOf(
				downloadPresignedFile(ctx(), `${storage.baseUrl}/declared`, { ...custom, maxBytes: 1000 }),
			);
			expect(declared.message).toMatch(/is 5,000 bytes, larger than the limit of 1,000 bytes/);
			const chunked = await downloadPresignedFile(ctx(), `${storage.baseUrl}/chunked`, {
				...custom,
				maxBytes: 1000,
			});
			expect((await failureOf(text(chunked.stream, chunked.explain))).message).toMatch(
				/larger than the limit of 1,000 bytes/,
			);
		} finally {
			await storage.close();
		}
	});

	it('reports a body that stops short of its Content-Length', async () => {
		const storage = await startStorage((_req, res) => {
			res.writeHead(200, { 'content-length': '100' });
			res.write('x'.repeat(50));
			setTimeout(() => res.socket?.destroy(), 50);
		});
		try {
			const download = await downloadPresignedFile(ctx(), `${storage.baseUrl}/f.csv`, custom);
			const error = await failureOf(text(download.stream, download.explain));
			expect(error.context.code).toBe('SPAAZA_DOWNLOAD_FAILED');
			expect(error.message).toMatch(/broke off after 50 bytes|ended after 50 of 100 bytes/);
		} finally {
			await storage.close();
		}
	});
});
