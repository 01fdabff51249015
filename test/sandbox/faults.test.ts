import { type Sandbox, startSandbox } from '../../sandbox';
import { adminHeaders, call, tokenHeaders } from './sandboxClient';

describe('sandbox fault injection', () => {
	let sandbox: Sandbox;
	let admin: Record<string, string>;
	const addProduct = (ownerCode: string) =>
		call(`${sandbox.apiUrl}/internal/add-product`, {
			headers: admin,
			form: { chain_id: '1764', owner_code: ownerCode, name: 'Faulted', update_if_exists: 'true' },
		});
	const timed = async <T>(work: () => Promise<T>) => {
		const started = performance.now();
		const result = await work();
		return { result, ms: performance.now() - started };
	};

	beforeAll(async () => {
		sandbox = await startSandbox({ seed: 42 });
	});
	afterAll(() => sandbox.close());
	beforeEach(async () => {
		sandbox.reset();
		admin = await adminHeaders(sandbox);
	});

	it('adds fixed latency to every request, or a latency drawn from a range', async () => {
		sandbox.setFaults({ latencyMs: 150 });
		const fixed = await timed(() => addProduct('P1'));
		expect(fixed.result.status).toBe(200);
		expect(fixed.ms).toBeGreaterThanOrEqual(140);
		sandbox.setFaults({ latencyMs: { min: 60, max: 80 } });
		const ranged = await timed(() => addProduct('P1'));
		expect(ranged.ms).toBeGreaterThanOrEqual(55);
		expect(sandbox.stats().faults.latency).toBe(2);
	});

	it('adds latency to the next N requests only with injectNext', async () => {
		sandbox.injectNext('latency', 1);
		expect((await timed(() => addProduct('P1'))).ms).toBeGreaterThanOrEqual(90);
		expect((await timed(() => addProduct('P1'))).ms).toBeLessThan(90);
	});

	it('answers 429 with Retry-After in seconds before the write happens', async () => {
		sandbox.setFaults({ retryAfterSeconds: 2 });
		sandbox.injectNext('429', 1);
		const limited = await addProduct('P1');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('2');
		expect(limited.body.error).toMatchObject({ code: 309, name: 'too_many_requests' });
		expect(sandbox.catalogue()).toEqual([]);
		expect((await addProduct('P1')).status).toBe(200);
		expect(sandbox.stats().faults['429']).toBe(1);
	});

	it('can send Retry-After as an HTTP date', async () => {
		sandbox.setFaults({ retryAfterSeconds: 30, retryAfterFormat: 'http-date' });
		sandbox.injectNext('429');
		const limited = await addProduct('P1');
		const retryAt = Date.parse(limited.headers.get('retry-after')!);
		expect(limited.headers.get('retry-after')).toMatch(/GMT$/);
		expect(retryAt - Date.now()).toBeGreaterThan(25_000);
		expect(retryAt - Date.now()).toBeLessThanOrEqual(31_000);
	});

	it.each([
		['500', 310, 'application/json'],
		['503', 311, 'application/json'],
		['502', undefined, 'text/html'],
		['504', undefined, 'text/html'],
	] as const)('answers an injected %s (before processing)', async (kind, code, contentType) => {
		sandbox.injectNext(kind);
		const answer = await addProduct('P1');
		expect(answer.status).toBe(Number(kind));
		expect(answer.headers.get('content-type')).toContain(contentType);
		if (code) expect(answer.body.error.code).toBe(code);
		else expect(answer.text).toContain(kind);
		expect(sandbox.catalogue()).toEqual([]);
		expect(sandbox.stats().faults[kind]).toBe(1);
	});

	it('drops the connection without an answer, before processing by default', async () => {
		sandbox.injectNext('drop');
		await expect(addProduct('P1')).rejects.toThrow();
		expect(sandbox.catalogue()).toEqual([]);
		expect(sandbox.stats().faults.drop).toBe(1);
	});

	it('can drop or fail after processing, so a retry must be idempotent', async () => {
		sandbox.setFaults({ afterProcessing: ['drop', '500'] });
		sandbox.injectNext('drop');
		await expect(addProduct('P1')).rejects.toThrow();
		expect(sandbox.catalogue().map((product) => product.owner_code)).toEqual(['P1']);
		sandbox.injectNext('500');
		expect((await addProduct('P2')).status).toBe(500);
		expect((await addProduct('P2')).status).toBe(200);
		expect(sandbox.stats().writes.products).toEqual({
			P1: { created: 1, updated: 0 },
			P2: { created: 1, updated: 1 },
		});
	});

	it('expires every admin session on an injected session expiry', async () => {
		sandbox.injectNext('sessionExpiry');
		const expired = await addProduct('P1');
		expect([expired.status, expired.body.error.code]).toEqual([401, 6]);
		admin = await adminHeaders(sandbox);
		expect((await addProduct('P1')).status).toBe(200);
		expect(sandbox.stats().faults.sessionExpiry).toBe(1);
	});

	it('expires sessions once after N answered requests', async () => {
		sandbox.setFaults({ sessionExpiryAfterRequests: 2 });
		expect((await addProduct('P1')).status).toBe(200);
		expect((await addProduct('P2')).status).toBe(200);
		expect((await addProduct('P3')).status).toBe(401);
		admin = await adminHeaders(sandbox);
		expect((await addProduct('P3')).status).toBe(200);
		expect((await addProduct('P4')).status).toBe(200);
	});

	it('injects by rate with a seeded RNG: the same seed gives the same sequence', async () => {
		const statuses = async (target: Sandbox) => {
			target.setFaults({ rates: { 503: 0.3 } });
			const result: number[] = [];
			for (let i = 0; i < 30; i++)
				result.push(
					(await call(`${target.servicesUrl}/tasks`, { headers: tokenHeaders(target) })).status,
				);
			return result;
		};
		const twin = await startSandbox({ seed: 42 });
		try {
			const first = await statuses(sandbox);
			expect(await statuses(twin)).toEqual(first);
			const faulted = first.filter((status) => status === 503).length;
			expect(faulted).toBeGreaterThan(2);
			expect(faulted).toBeLessThan(20);
			expect(sandbox.stats().faults['503']).toBe(faulted);
		} finally {
			await twin.close();
		}
	});

	it('never faults the control surface, and faults storage only when asked', async () => {
		const headers = tokenHeaders(sandbox);
		const created = await call(`${sandbox.servicesUrl}/tasks`, {
			headers,
			json: {
				chain: 1764,
				desc: 'x',
				target: { action: 'export', export_index: 'users', export_format: 'csv' },
				trigger: { once: '2099-01-01T00:00:00Z' },
			},
		});
		await call(`${sandbox.servicesUrl}/tasks/${created.body.id}/execute`, {
			method: 'POST',
			headers,
		});
		const { url } = (
			await call(`${sandbox.servicesUrl}/tasks/${created.body.id}/download_url`, { headers })
		).body;
		sandbox.setFaults({ rates: { 503: 1 } });
		expect((await call(`${sandbox.baseUrl}/_sandbox/stats`)).status).toBe(200);
		expect((await fetch(url)).status).toBe(200);
		sandbox.setFaults({ rates: { 503: 1 }, storage: true });
		expect((await fetch(url)).status).toBe(503);
	});

	it('limits faults to the given path prefixes', async () => {
		sandbox.setFaults({ rates: { 503: 1 }, paths: ['/api/internal/'] });
		expect((await addProduct('P1')).status).toBe(503);
		expect(
			(await call(`${sandbox.servicesUrl}/tasks`, { headers: tokenHeaders(sandbox) })).status,
		).toBe(200);
		expect((await adminHeaders(sandbox))['X-Spaaza-Session-Key']).toBeTruthy();
	});
});
