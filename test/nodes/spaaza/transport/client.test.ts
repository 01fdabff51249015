/**
 * The transport's HTTP client on its own: which proxy the environment names, and HTTPS to the
 * sandbox's throwaway certificate over kept-alive connections, directly and through a CONNECT
 * proxy. The HTTPS cases run in a child process, because Node reads NODE_EXTRA_CA_CERTS (how n8n
 * is told to trust a certificate) only at start-up.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { proxyForUrl } from '../../../../nodes/spaaza/transport/client';
import { startSandbox, type Sandbox } from '../../../../sandbox';
import { startProxy, type TestProxy } from '../../../fixtures/proxyServer';

describe('proxyForUrl', () => {
	const target = new URL('https://api0.spaaza.com/internal/add-product');

	it('takes the scheme’s variable, lower case first, then ALL_PROXY', () => {
		expect(proxyForUrl(target, { HTTPS_PROXY: 'http://proxy:3128' })?.href).toBe(
			'http://proxy:3128/',
		);
		expect(
			proxyForUrl(target, { https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:2' })?.host,
		).toBe('a:1');
		expect(proxyForUrl(target, { HTTP_PROXY: 'http://proxy:3128' })).toBeUndefined();
		expect(proxyForUrl(target, { ALL_PROXY: 'http://all:8080' })?.host).toBe('all:8080');
		expect(
			proxyForUrl(new URL('http://127.0.0.1:4010/api'), { HTTP_PROXY: 'proxy:3128' })?.href,
		).toBe('http://proxy:3128/');
	});

	it('goes direct for hosts NO_PROXY names', () => {
		const env = { HTTPS_PROXY: 'http://proxy:3128' };
		expect(proxyForUrl(target, { ...env, NO_PROXY: 'spaaza.com' })).toBeDefined();
		expect(proxyForUrl(target, { ...env, NO_PROXY: '.spaaza.com' })).toBeUndefined();
		expect(proxyForUrl(target, { ...env, NO_PROXY: 'localhost, *.spaaza.com' })).toBeUndefined();
		expect(proxyForUrl(target, { ...env, no_proxy: 'api0.spaaza.com:443' })).toBeUndefined();
		expect(proxyForUrl(target, { ...env, NO_PROXY: 'api0.spaaza.com:8443' })).toBeDefined();
		expect(proxyForUrl(target, { ...env, NO_PROXY: '*' })).toBeUndefined();
	});

	it('ignores a proxy that is not http(s)', () => {
		expect(proxyForUrl(target, { HTTPS_PROXY: 'socks5://proxy:1080' })).toBeUndefined();
	});
});

const CLIENT = path.resolve(__dirname, '../../../../dist/nodes/spaaza/transport/client.js');

/** Three requests in a row from a fresh process; resolves with their statuses or the error code. */
function childRequests(url: string, env: Record<string, string>): Promise<string> {
	const script = `
		const { SpaazaHttpClient } = require(${JSON.stringify(CLIENT)});
		const client = new SpaazaHttpClient();
		(async () => {
			const statuses = [];
			for (let i = 0; i < 3; i++) {
				const answer = await client.send({ method: 'GET', url: new URL(${JSON.stringify(url)}), headers: {} });
				statuses.push(answer.status);
			}
			client.close();
			process.stdout.write(statuses.join(','));
		})().catch((error) => process.stdout.write('error ' + (error.code ?? error.message)));
	`;
	return new Promise((resolve, reject) => {
		const clean = { ...process.env };
		for (const name of [
			'HTTP_PROXY',
			'HTTPS_PROXY',
			'http_proxy',
			'https_proxy',
			'ALL_PROXY',
			'all_proxy',
			'NO_PROXY',
			'no_proxy',
			'NODE_EXTRA_CA_CERTS',
		])
			delete clean[name];
		execFile(
			process.execPath,
			['-e', script],
			{ env: { ...clean, ...env }, timeout: 30_000 },
			(error, stdout) => (error ? reject(error) : resolve(stdout)),
		);
	});
}

describe('HTTPS to the sandbox’s throwaway certificate', () => {
	let sandbox: Sandbox;
	let proxy: TestProxy;
	let folder: string;
	let caFile: string;

	beforeAll(async () => {
		sandbox = await startSandbox({ https: true, network: { rttMs: 5 } });
		proxy = await startProxy();
		folder = mkdtempSync(path.join(tmpdir(), 'spaaza-ca-'));
		caFile = path.join(folder, 'sandbox-ca.pem');
		writeFileSync(caFile, sandbox.ca ?? '');
	});
	afterEach(() => sandbox.reset());
	afterAll(async () => {
		await proxy.close();
		await sandbox.close();
		rmSync(folder, { recursive: true, force: true });
	});

	it('serves https with a certificate nobody trusts by default', async () => {
		expect(sandbox.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
		expect(sandbox.ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
		await expect(childRequests(`${sandbox.apiUrl}/internal/get-product`, {})).resolves.toBe(
			'error DEPTH_ZERO_SELF_SIGNED_CERT',
		);
	});

	it('reuses one connection when the certificate is trusted through NODE_EXTRA_CA_CERTS', async () => {
		const statuses = await childRequests(`${sandbox.apiUrl}/internal/get-product`, {
			NODE_EXTRA_CA_CERTS: caFile,
		});
		// Answered by Spaaza's logic (no session), three times, over one connection.
		expect(statuses).toBe('401,401,401');
		expect(sandbox.stats().connections.opened).toBe(1);
	});

	it('tunnels through HTTPS_PROXY with CONNECT, one tunnel for all three requests', async () => {
		const statuses = await childRequests(`${sandbox.apiUrl}/internal/get-product`, {
			NODE_EXTRA_CA_CERTS: caFile,
			HTTPS_PROXY: proxy.url,
		});
		expect(statuses).toBe('401,401,401');
		expect(proxy.tunnels).toEqual([`127.0.0.1:${sandbox.port}`]);
		// The proxy saw a host name only: no request passed it in the clear.
		expect(proxy.requests).toEqual([]);
		expect(sandbox.stats().connections.opened).toBe(1);
	});
});
