import { type Sandbox, startSandbox } from '../../sandbox';
import { describeSandbox } from '../../sandbox/banner';
import { adminHeaders, call, exportTaskBody, tokenHeaders } from './sandboxClient';

describe('sandbox control surface (/_sandbox/*)', () => {
	let sandbox: Sandbox;
	const control = (path: string, json?: unknown) =>
		call(`${sandbox.baseUrl}/_sandbox/${path}`, json === undefined ? {} : { json });
	const post = (path: string, json: unknown = {}) => control(path, json);

	beforeAll(async () => {
		sandbox = await startSandbox({ taskRunMs: 20, chainId: 1765 });
	});
	afterAll(() => sandbox.close());
	beforeEach(() => sandbox.reset());

	it('describes itself: URLs, chain, logins, faults', async () => {
		const state = await control('state');
		expect(state.body).toMatchObject({
			baseUrl: sandbox.baseUrl,
			apiUrl: `${sandbox.baseUrl}/api`,
			servicesUrl: `${sandbox.baseUrl}/services`,
			chainId: 1765,
			logins: sandbox.logins,
			faults: {},
		});
		expect(sandbox.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	});

	it('shows the catalogue, stats, tasks and storage requests another process needs', async () => {
		const admin = await adminHeaders(sandbox);
		await call(`${sandbox.apiUrl}/internal/add-product`, {
			headers: admin,
			form: { chain_id: '1765', owner_code: 'B', name: 'Bee' },
		});
		await call(`${sandbox.apiUrl}/internal/add-product`, {
			headers: admin,
			form: { chain_id: '1765', owner_code: 'A', name: 'Ay' },
		});
		await call(`${sandbox.apiUrl}/internal/add-product-variant`, {
			headers: admin,
			form: { chain_id: '1765', product_owner_code: 'A', owner_code: 'A-1', barcodes: '1,2' },
		});
		const catalogue = (await control('catalogue')).body;
		expect(catalogue.map((product: { owner_code: string }) => product.owner_code)).toEqual([
			'A',
			'B',
		]);
		expect(catalogue[0].variants[0]).toMatchObject({ owner_code: 'A-1', barcodes: ['1', '2'] });
		expect(catalogue).toEqual(sandbox.catalogue());
		expect((await control('catalogue?chain_id=1')).body).toEqual([]);
		const stats = (await control('stats')).body;
		expect(stats.requests['POST /api/internal/add-product']).toBe(2);
		expect(stats.writes.variants).toEqual({ 'A-1': { created: 1, updated: 0 } });
		const headers = tokenHeaders(sandbox);
		const task = await call(`${sandbox.servicesUrl}/tasks`, {
			headers,
			json: { ...exportTaskBody('2099-01-01T00:00:00Z'), chain: 1765, desc: 'x' },
		});
		await call(`${sandbox.servicesUrl}/tasks/${task.body.id}/execute`, { method: 'POST', headers });
		const { url } = (
			await call(`${sandbox.servicesUrl}/tasks/${task.body.id}/download_url`, { headers })
		).body;
		await fetch(url);
		expect((await control('tasks')).body).toEqual([
			expect.objectContaining({
				id: task.body.id,
				state: expect.objectContaining({ code: 'DONE' }),
			}),
		]);
		expect((await control('storage-requests')).body).toEqual([
			expect.objectContaining({ status: 200, authorization: false }),
		]);
		expect((await control('stats')).body.requests).toMatchObject({
			'POST /services/tasks/:id/execute': 1,
			'GET /services/tasks/:id/download_url': 1,
			'GET /storage': 1,
		});
	});

	it('sets faults, injects the next ones and fails the next tasks', async () => {
		expect(
			(await post('faults', { rates: { 503: 1 }, paths: ['/services/'] })).body.faults.rates,
		).toEqual({ 503: 1 });
		expect(
			(await call(`${sandbox.servicesUrl}/tasks`, { headers: tokenHeaders(sandbox) })).status,
		).toBe(503);
		const garbled = await fetch(`${sandbox.baseUrl}/_sandbox/faults`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"rates":',
		});
		expect(garbled.status).toBe(400);
		expect((await control('state')).body.faults.rates).toEqual({ 503: 1 });
		await post('faults', {});
		expect((await post('inject', { kind: '502', count: 2 })).status).toBe(200);
		expect(
			(await call(`${sandbox.servicesUrl}/tasks`, { headers: tokenHeaders(sandbox) })).status,
		).toBe(502);
		expect(
			(await call(`${sandbox.servicesUrl}/tasks`, { headers: tokenHeaders(sandbox) })).status,
		).toBe(502);
		expect(
			(await call(`${sandbox.servicesUrl}/tasks`, { headers: tokenHeaders(sandbox) })).status,
		).toBe(200);
		expect((await post('inject', { kind: 'boom' })).status).toBe(400);
		expect((await post('inject', { kind: '500', count: 0 })).status).toBe(400);
		expect((await post('fail-next-tasks', { count: 1 })).status).toBe(200);
		const headers = tokenHeaders(sandbox);
		const task = await call(`${sandbox.servicesUrl}/tasks`, {
			headers,
			json: { ...exportTaskBody('2099-01-01T00:00:00Z'), chain: 1765, desc: 'x' },
		});
		const state = await call(`${sandbox.servicesUrl}/tasks/${task.body.id}/execute`, {
			method: 'POST',
			headers,
		});
		expect(state.body.code).toBe('ERROR');
	});

	it('expires sessions and resets everything', async () => {
		const admin = await adminHeaders(sandbox);
		await post('expire-sessions');
		const expired = await call(`${sandbox.apiUrl}/internal/get-product?chain_id=1765&id=1`, {
			headers: admin,
		});
		expect(expired.body.error.code).toBe(6);
		await post('faults', { latencyMs: 5 });
		await post('reset');
		expect((await control('stats')).body.requests).toEqual({});
		expect((await control('state')).body.faults).toEqual({});
		expect((await control('catalogue')).body).toEqual([]);
	});

	it('answers unknown control paths with 404', async () => {
		expect((await control('nothing')).status).toBe(404);
		expect((await call(`${sandbox.baseUrl}/elsewhere`)).body.error.code).toBe(308);
	});
});

describe('sandbox with sampleCatalogue', () => {
	it("starts and resets with Spaaza's sample products, their variants and barcodes", async () => {
		const sandbox = await startSandbox({ sampleCatalogue: true });
		try {
			const summary = () =>
				sandbox
					.catalogue()
					.map((product) => [
						product.owner_code,
						product.variants.flatMap((variant) => variant.barcodes),
					]);
			const expected = [
				['PROD001', ['8712345000024', '8712345000031', '8712345000017']],
				['PROD002', ['0040123456789']],
			];
			expect(summary()).toEqual(expected);
			expect(sandbox.stats().writes.products).toEqual({});
			sandbox.reset();
			expect(summary()).toEqual(expected);
		} finally {
			await sandbox.close();
		}
	});
});

describe('the CLI banner', () => {
	it('prints the URLs, every seeded login and the credential settings', async () => {
		const sandbox = await startSandbox();
		try {
			const banner = describeSandbox(sandbox);
			const { admin, twoFactorAdmin, readOnlyAdmin, token } = sandbox.logins;
			for (const text of [
				sandbox.apiUrl,
				sandbox.servicesUrl,
				`${sandbox.baseUrl}/_sandbox/state`,
				admin.username,
				admin.password,
				twoFactorAdmin.username,
				twoFactorAdmin.passcode,
				readOnlyAdmin.username,
				token.id,
				token.secret,
				'Environment = Custom',
			]) {
				expect(banner).toContain(text);
			}
		} finally {
			await sandbox.close();
		}
	});
});
