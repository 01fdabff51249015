/**
 * How Upsert Product uses the network, seen from the sandbox: connections kept alive across
 * records, the environment's proxy honoured, and a cancelled run leaving no socket open.
 */
import { useSandbox } from '../../support/sandbox';
import { expectNoSecrets } from '../../support/secrets';
import { startProxy, type TestProxy } from '../../fixtures/proxyServer';
import { cleanupHarness } from '../../harness';
import { UPSERT_PRODUCT, requestCount, runImport } from './support';

// The size the issue names: a 20k-record run (about 20 s on a busy 2-core machine).
const RECORDS = Number(process.env.SPAAZA_CONNECTION_RECORDS ?? 20_000);
const CONCURRENCY = 16;

function products(count: number, prefix = 'CONN'): Array<Record<string, unknown>> {
	return Array.from({ length: count }, (_, index) => ({
		owner_code: `${prefix}-${index}`,
		name: `Product ${index}`,
		update_if_exists: true,
	}));
}

const concurrency = { [UPSERT_PRODUCT]: { options: { concurrency: CONCURRENCY } } };

const sandbox = useSandbox();
afterAll(async () => await cleanupHarness());

async function untilNoneOpen(limitMs: number): Promise<number> {
	const until = Date.now() + limitMs;
	while (sandbox.stats().connections.open > 0 && Date.now() < until) {
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
	return sandbox.stats().connections.open;
}

describe('Upsert Product connections', () => {
	it(`sends ${RECORDS} records at concurrency ${CONCURRENCY} over a few dozen connections`, async () => {
		const result = await runImport(sandbox, {
			products: products(RECORDS),
			parameters: concurrency,
			options: { timeoutMs: 120_000 },
		});

		expect(result.error).toBeUndefined();
		const statuses = result.json(UPSERT_PRODUCT).map((json) => json.status);
		expect(statuses.filter((status) => status === 'upserted')).toHaveLength(RECORDS);
		expect(requestCount(sandbox, 'add-product')).toBe(RECORDS);
		// One connection per record before; now the pool's 16, the login, and the first requests
		// that waited for the login through n8n's helper.
		expect(sandbox.stats().connections.opened).toBeLessThanOrEqual(3 * CONCURRENCY);
		expect(sandbox.stats().requests['POST /api/auth/login']).toBe(1);
		// The credential is read for the run, by n8n's helper for each request that waited for the
		// first login, and once more after it; not once per record (in real n8n every read is a
		// database query and a decryption).
		expect(result.credentialReads).toBeLessThanOrEqual(3 * CONCURRENCY);
		expectNoSecrets(sandbox, result);
	}, 180_000);

	it('closes its connections when the run is cancelled', async () => {
		// Idle connections of the run before close by themselves within seconds.
		expect(await untilNoneOpen(10_000)).toBe(0);
		sandbox.setFaults({ paths: ['/api/internal/'], latencyMs: 300 });
		const result = await runImport(sandbox, {
			products: products(2000, 'CANCEL'),
			parameters: concurrency,
			options: { cancelAfterMs: 1500, timeoutMs: 60_000 },
		});

		expect(result.cancelled).toBe(true);
		expect(requestCount(sandbox, 'add-product')).toBeGreaterThan(0);
		expect(requestCount(sandbox, 'add-product')).toBeLessThan(2000);
		// Idle keep-alive sockets would otherwise stay open for seconds after the run.
		expect(await untilNoneOpen(1500)).toBe(0);
	}, 120_000);
});

describe('Upsert Product behind a proxy', () => {
	let proxy: TestProxy;
	const saved = { ...process.env };

	beforeEach(async () => {
		proxy = await startProxy();
		for (const name of ['NO_PROXY', 'no_proxy', 'http_proxy', 'all_proxy', 'ALL_PROXY'])
			delete process.env[name];
		process.env.HTTP_PROXY = proxy.url;
	});
	afterEach(async () => {
		process.env = { ...saved };
		await proxy.close();
	});

	it('sends every request through HTTP_PROXY, still over few connections', async () => {
		const result = await runImport(sandbox, {
			products: products(200, 'PROXY'),
			parameters: concurrency,
		});

		expect(result.error).toBeUndefined();
		expect(requestCount(sandbox, 'add-product')).toBe(200);
		const addProduct = proxy.requests.filter(
			(line) => line === `POST ${sandbox.apiUrl}/internal/add-product`,
		);
		expect(addProduct).toHaveLength(200);
		expect(proxy.requests).toContain(`POST ${sandbox.apiUrl}/auth/login`);
		expect(proxy.connections()).toBeLessThanOrEqual(3 * CONCURRENCY);
		expectNoSecrets(sandbox, result);
	}, 120_000);

	it('goes direct for a host NO_PROXY names', async () => {
		process.env.NO_PROXY = '127.0.0.1';
		const result = await runImport(sandbox, {
			products: products(20, 'DIRECT'),
			parameters: concurrency,
		});

		expect(result.error).toBeUndefined();
		expect(requestCount(sandbox, 'add-product')).toBe(20);
		expect(proxy.requests).toEqual([]);
	}, 60_000);
});
