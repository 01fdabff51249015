import { createServer } from 'node:net';
import { NodeApiError, sleep } from 'n8n-workflow';
import {
	spaazaRequest,
	type SpaazaRequestOptions,
} from '../../../../nodes/spaaza/transport/request';
import { resetSessionCache } from '../../../../nodes/spaaza/transport/login';
import { createTestContext } from '../../../support/executeContext';
import { expectNoSecretIn } from '../../../support/secrets';
import { ok, spaazaError, startFakeSpaaza, type FakeSpaaza, type Reply } from './fakeSpaaza';
import { failureOf } from '../../../support/failure';

const CANARY_BEARER = 'tok-secret-DO-NOT-LEAK-123';
const CANARY_SESSION = 'sess-DO-NOT-LEAK-789';

let server: FakeSpaaza;
let sleeps: number[];
let retries: Array<{ attempt: number; delayMs: number; reason: string }>;

function context(authentication = 'adminSession', apiBaseUrl?: string) {
	return createTestContext({
		environment: 'custom',
		apiBaseUrl: apiBaseUrl ?? `${server.baseUrl}/api`,
		servicesBaseUrl: `${server.baseUrl}/services`,
		chainId: 1764,
		authentication,
		accessTokenId: 'token-id',
		accessTokenSecret: CANARY_BEARER,
		userId: '42',
		sessionKey: CANARY_SESSION,
		apiVersion: '1.6.3',
		sessionToken: '',
	}).ctx;
}

const request = (extra: Partial<SpaazaRequestOptions> = {}): SpaazaRequestOptions => ({
	api: 'api',
	method: 'POST',
	path: '/internal/add-product',
	body: { chain_id: 1764, owner_code: 'PROD001' },
	subject: 'product PROD001 (productlist_20251024_100000.csv line 3)',
	maxRetries: 3,
	onRetry: (info) => retries.push(info),
	retryTiming: {
		random: () => 0.5,
		sleep: async (ms) => {
			sleeps.push(ms);
		},
	},
	...extra,
});

/** Answers with `replies` in turn, then with the last one forever. */
function sequence(...replies: Reply[]): () => Reply {
	let i = 0;
	return () => replies[Math.min(i++, replies.length - 1)];
}

beforeEach(async () => {
	server = await startFakeSpaaza();
	sleeps = [];
	retries = [];
	resetSessionCache();
});
afterEach(async () => await server.close());

describe('spaazaRequest: retries', () => {
	it.each([
		[429, { 'retry-after': '2' }, 2000],
		[429, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() }, undefined],
		[429, {}, 500],
		[502, {}, 500],
		[503, { 'retry-after': '1' }, 1000],
		[504, {}, 500],
	])('retries HTTP %s and then succeeds', async (status, headers, expectedDelay) => {
		server.on(
			'POST',
			'/api/internal/add-product',
			sequence({ status, headers, body: { message: 'busy' } }, ok({ product: { id: 1 } })),
		);
		await expect(spaazaRequest(context(), 0, request())).resolves.toEqual({ product: { id: 1 } });
		expect(server.count('POST', '/api/internal/add-product')).toBe(2);
		expect(retries).toEqual([expect.objectContaining({ attempt: 1, reason: `HTTP ${status}` })]);
		if (expectedDelay !== undefined)
			expect(sleeps[0]).toBe(expectedDelay + ('retry-after' in headers ? 125 : 0));
		else expect(sleeps[0]).toBeGreaterThan(50_000);
	});

	it('retries a dropped connection', async () => {
		server.on(
			'POST',
			'/api/internal/add-product',
			sequence('drop', 'drop', ok({ product: { id: 1 } })),
		);
		await expect(spaazaRequest(context(), 0, request())).resolves.toEqual({ product: { id: 1 } });
		expect(retries.map((r) => r.reason)).toEqual(['network ECONNRESET', 'network ECONNRESET']);
	});

	it('stops after maxRetries and names the status, the subject and the code', async () => {
		server.on('POST', '/api/internal/add-product', () =>
			spaazaError(503, 311, 'service_unavailable', 'Try later'),
		);
		const error = await failureOf(spaazaRequest(context(), 2, request({ maxRetries: 2 })));
		expect(server.count('POST', '/api/internal/add-product')).toBe(3);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(
			/HTTP 503.*product PROD001 \(productlist_20251024_100000\.csv line 3\).*3 attempts/,
		);
		expect(error.context).toMatchObject({
			code: 'SPAAZA_API_ERROR',
			httpStatus: 503,
			spaazaErrorCode: 311,
			retries: 2,
			itemIndex: 2,
		});
		expect(sleeps).toEqual([500, 1000]);
	});

	it.each([400, 403, 404, 409, 500])('does not retry HTTP %s', async (status) => {
		server.on('POST', '/api/internal/add-product', () =>
			spaazaError(status, 301, 'product_owner_code_exists', 'Owner code exists'),
		);
		const error = await failureOf(spaazaRequest(context(), 0, request()));
		expect(server.count('POST', '/api/internal/add-product')).toBe(1);
		expect(error.context).toMatchObject({
			code: 'SPAAZA_API_ERROR',
			httpStatus: status,
			spaazaErrorCode: 301,
			spaazaErrorName: 'product_owner_code_exists',
		});
		expect(error.httpCode).toBe(String(status));
		expect(error.message).toBe(
			'Spaaza rejected the request for product PROD001 (productlist_20251024_100000.csv line 3): Owner code exists',
		);
		expect(error.description).toMatch(
			/Spaaza error 301 \(product_owner_code_exists\), HTTP \d+\. .*Error code: SPAAZA_API_ERROR\./,
		);
	});

	it('times out a request that never answers and retries it', async () => {
		server.on('POST', '/api/internal/add-product', () => 'hang');
		const error = await failureOf(
			spaazaRequest(context(), 0, request({ timeoutMs: 150, maxRetries: 1 })),
		);
		expect(error.context.code).toBe('SPAAZA_REQUEST_TIMEOUT');
		expect(server.count('POST', '/api/internal/add-product')).toBe(2);
	});

	it('reports an unreachable host as SPAAZA_NETWORK after retrying', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as { port: number }).port;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const error = await failureOf(
			spaazaRequest(
				context('adminSession', `http://127.0.0.1:${port}`),
				0,
				request({ maxRetries: 2 }),
			),
		);
		expect(error.context.code).toBe('SPAAZA_NETWORK');
		expect(error.message).toMatch(/connection was refused/);
		expect(retries).toHaveLength(2);
	});

	it('stops waiting at once when aborted during backoff', async () => {
		server.on('POST', '/api/internal/add-product', () => ({
			status: 429,
			headers: { 'retry-after': '30' },
			body: {},
		}));
		const controller = new AbortController();
		const started = Date.now();
		const pending = spaazaRequest(
			context(),
			0,
			request({ abortSignal: controller.signal, retryTiming: { sleep } }),
		);
		setTimeout(() => controller.abort(new Error('cancelled by user')), 200);
		const error = await failureOf(pending);
		expect(error.message).toBe('cancelled by user');
		expect(Date.now() - started).toBeLessThan(5000);
	});
});

describe('spaazaRequest: response bodies', () => {
	it('reads the older `errors` map', async () => {
		server.on('POST', '/api/internal/add-product', () => ({
			status: 400,
			body: {
				result: { code: 2, status: 'error' },
				errors: { '52': { name: 'http_vars_missing', description: 'chain_id is missing' } },
			},
		}));
		const error = await failureOf(spaazaRequest(context(), 0, request()));
		expect(error.context).toMatchObject({
			code: 'SPAAZA_API_ERROR',
			spaazaErrorCode: 52,
			spaazaErrorName: 'http_vars_missing',
		});
		expect(error.message).toMatch(/chain_id is missing/);
	});

	it.each([
		[
			'an HTML error page',
			500,
			'<html><head><title>Oops</title></head><body><h1>Internal Server Error</h1></body></html>',
			/not JSON: "Oops Internal Server Error"/,
		],
		[
			'HTML with status 200',
			200,
			'<!doctype html><p>Welcome to nginx</p>',
			/not JSON: "Welcome to nginx"/,
		],
		['a truncated JSON body', 200, '{"result":{"status":"ok"},"results":{"prod', /not JSON/],
	])('turns %s into SPAAZA_BAD_RESPONSE', async (_, status, raw, message) => {
		server.on('POST', '/api/internal/add-product', () => ({ status, raw }));
		const error = await failureOf(spaazaRequest(context(), 0, request()));
		expect(error.context.code).toBe('SPAAZA_BAD_RESPONSE');
		expect(error.message).toMatch(message);
	});

	it('rejects a Spaaza API answer without the envelope (e.g. the Services URL by mistake)', async () => {
		server.on('POST', '/api/internal/add-product', () => ({ status: 200, body: [{ id: 1 }] }));
		const error = await failureOf(spaazaRequest(context(), 0, request()));
		expect(error.context.code).toBe('SPAAZA_BAD_RESPONSE');
	});

	it('returns Services API JSON as is', async () => {
		server.on('GET', '/services/tasks/12', () => ({
			status: 200,
			body: { id: 12, state: { code: 'DONE' } },
		}));
		await expect(
			spaazaRequest(context('accessToken'), 0, {
				api: 'services',
				method: 'GET',
				path: '/tasks/12',
			}),
		).resolves.toEqual({
			id: 12,
			state: { code: 'DONE' },
		});
	});

	it.each(['accessToken', 'adminSession'])(
		'never lets a %s secret into any thrown error',
		async (authentication) => {
			server.on('POST', '/api/internal/add-product', () =>
				spaazaError(400, 301, 'product_owner_code_exists', 'exists'),
			);
			server.on('GET', '/services/tasks/1', () => ({ status: 500, raw: '<p>boom</p>' }));
			const ctx = context(authentication);
			const errors = [
				await failureOf(spaazaRequest(ctx, 0, request())),
				await failureOf(
					spaazaRequest(ctx, 0, { api: 'services', method: 'GET', path: '/tasks/1' }),
				),
			];
			for (const error of errors) expectNoSecretIn(error, [CANARY_BEARER, CANARY_SESSION]);
		},
	);
});
