import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import {
	spaazaRequest,
	type SpaazaRequestOptions,
} from '../../../../nodes/spaaza/transport/request';
import { resetSessionCache } from '../../../../nodes/spaaza/transport/login';
import { createTestContext } from '../../../support/executeContext';
import { expectNoSecretIn } from '../../../support/secrets';
import { ok, spaazaError, startFakeSpaaza, type FakeSpaaza } from './fakeSpaaza';
import { failureOf } from '../../../support/failure';

const CANARY_BEARER = 'tok-secret-DO-NOT-LEAK-123';
const CANARY_LOGIN = 'pw-DO-NOT-LEAK-456';
const CANARY_SESSION = 'sess-DO-NOT-LEAK-789';
const SECRETS = [CANARY_BEARER, CANARY_LOGIN, CANARY_SESSION];

let server: FakeSpaaza;
let sleeps: number[];

const fastTiming = () => ({
	random: () => 0.5,
	sleep: async (ms: number) => {
		sleeps.push(ms);
	},
});

function credentials(authentication: string, extra: Record<string, unknown> = {}) {
	return {
		environment: 'custom',
		apiBaseUrl: `${server.baseUrl}/api/`,
		servicesBaseUrl: `${server.baseUrl}/services`,
		chainId: 1764,
		authentication,
		accessTokenId: 'token-id',
		accessTokenSecret: CANARY_BEARER,
		username: 'integration@example.test',
		password: CANARY_LOGIN,
		userId: '42',
		sessionKey: CANARY_SESSION,
		apiVersion: '1.6.3',
		sessionToken: '',
		...extra,
	};
}

const addProduct = (extra: Partial<SpaazaRequestOptions> = {}): SpaazaRequestOptions => ({
	api: 'api',
	method: 'POST',
	path: '/internal/add-product',
	body: { chain_id: 1764, owner_code: 'PROD001', name: 'Shirt' },
	requireAdmin: true,
	subject: 'product PROD001 (productlist_20251024_100000.csv line 3)',
	retryTiming: fastTiming(),
	...extra,
});

/** A session store like Spaaza's: one live session per user, replaced by every login. */
function serveLogin(): { current: () => string | undefined } {
	let session: string | undefined;
	let n = 0;
	server.on('POST', '/api/auth/login', (req) => {
		const form = new URLSearchParams(req.body);
		if (form.get('password') !== CANARY_LOGIN)
			return spaazaError(
				401,
				5,
				'password_error_or_non_existent',
				'Gebruikersnaam / wachtwoord zijn onbekend',
			);
		session = `${CANARY_SESSION}-${++n}`;
		return ok({ session_info: { session_user_id: 42, session_key: session } });
	});
	return { current: () => session };
}

const notLoggedIn = () => spaazaError(401, 6, 'no_valid_session', 'The user needs to be logged in');

/** add-product as Spaaza answers it: only the session of the latest login is valid. */
function serveAddProductForLatestSession(login: { current: () => string | undefined }) {
	server.on('POST', '/api/internal/add-product', (req) =>
		req.headers['x-spaaza-session-key'] === login.current()
			? ok({ product: { id: 1 } })
			: notLoggedIn(),
	);
}

/** An adminLogin credential holding a session Spaaza has since expired. */
const withExpiredSession = () =>
	createTestContext(credentials('adminLogin', { sessionToken: `42:${CANARY_SESSION}-old` })).ctx;

beforeEach(async () => {
	server = await startFakeSpaaza();
	sleeps = [];
	resetSessionCache();
});
afterEach(async () => await server.close());

describe('spaazaRequest: authentication', () => {
	it('sends a token as Bearer <id>:<secret> with the version header to the Services API', async () => {
		server.on('GET', '/services/tasks', () => ({ status: 200, body: [{ id: 7 }] }));
		const { ctx } = createTestContext(credentials('accessToken'));
		const tasks = await spaazaRequest<unknown[]>(ctx, 0, {
			api: 'services',
			method: 'GET',
			path: '/tasks',
			qs: { limit: 1 },
		});
		expect(tasks).toEqual([{ id: 7 }]);
		const [request] = server.requests;
		expect(request.headers.authorization).toBe(`Bearer token-id:${CANARY_BEARER}`);
		expect(request.headers['x-spaaza-api-version']).toBe('1.6.3');
		expect(request.headers['x-spaaza-session-key']).toBeUndefined();
		expect(request.query.get('limit')).toBe('1');
	});

	it('logs in once for adminLogin, sends the session headers and a JSON body, and unwraps results', async () => {
		serveLogin();
		server.on('POST', '/api/internal/add-product', (req) => ok({ product: JSON.parse(req.body) }));
		const { ctx, credentials: stored } = createTestContext(credentials('adminLogin'));
		const results = await spaazaRequest(ctx, 0, addProduct());
		await spaazaRequest(ctx, 0, addProduct());
		expect(results).toEqual({ product: { chain_id: 1764, owner_code: 'PROD001', name: 'Shirt' } });
		expect(server.count('POST', '/api/auth/login')).toBe(1);
		const login = server.requests[0];
		expect(login.headers['content-type']).toContain('application/x-www-form-urlencoded');
		expect(new URLSearchParams(login.body).get('username')).toBe('integration@example.test');
		const upsert = server.requests[1];
		expect(upsert.headers['content-type']).toContain('application/json');
		expect(upsert.headers['x-spaaza-session-user-id']).toBe('42');
		expect(upsert.headers['x-spaaza-session-key']).toBe(`${CANARY_SESSION}-1`);
		expect(upsert.headers['x-spaaza-session-chain-id']).toBe('1764');
		expect(upsert.headers.authorization).toBeUndefined();
		expect(stored().sessionToken).toBe(`42:${CANARY_SESSION}-1`);
	});

	it('fails at once with SPAAZA_ADMIN_AUTH_REQUIRED when an admin-only call gets a token credential', async () => {
		const { ctx } = createTestContext(credentials('accessToken'));
		const error = await failureOf(spaazaRequest(ctx, 3, addProduct()));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.context.code).toBe('SPAAZA_ADMIN_AUTH_REQUIRED');
		expect(error.context.itemIndex).toBe(3);
		expect(error.message).toMatch(/admin authentication.*product PROD001.*access token/);
		expect(server.requests).toHaveLength(0);
	});

	it('logs in again exactly once when the admin session has expired, then succeeds', async () => {
		serveAddProductForLatestSession(serveLogin());
		const ctx = withExpiredSession();
		await expect(spaazaRequest(ctx, 0, addProduct())).resolves.toEqual({ product: { id: 1 } });
		expect(server.count('POST', '/api/auth/login')).toBe(1);
		expect(server.count('POST', '/api/internal/add-product')).toBe(2);
	});

	it('does not loop when the new session is rejected too', async () => {
		serveLogin();
		server.on('POST', '/api/internal/add-product', notLoggedIn);
		const ctx = withExpiredSession();
		const error = await failureOf(spaazaRequest(ctx, 0, addProduct()));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.context.code).toBe('SPAAZA_AUTH_FAILED');
		expect(error.message).toMatch(/even after logging in again/);
		expect(server.count('POST', '/api/auth/login')).toBe(1);
		expect(server.count('POST', '/api/internal/add-product')).toBe(2);
		expectNoSecretIn(error, SECRETS);
	});

	it('shares one login among concurrent requests that all meet the expired session', async () => {
		serveAddProductForLatestSession(serveLogin());
		const ctx = withExpiredSession();
		const all = await Promise.all(
			Array.from({ length: 6 }, async () => await spaazaRequest(ctx, 0, addProduct())),
		);
		expect(all).toHaveLength(6);
		expect(server.count('POST', '/api/auth/login')).toBe(1);
	});

	it('shares the first login among concurrent requests of a new credential', async () => {
		serveLogin();
		server.on('POST', '/api/internal/add-product', () => ok({ product: { id: 1 } }));
		const { ctx } = createTestContext(credentials('adminLogin'));
		await Promise.all(
			Array.from({ length: 6 }, async () => await spaazaRequest(ctx, 0, addProduct())),
		);
		expect(server.count('POST', '/api/auth/login')).toBe(1);
	});

	it.each([
		['adminSession', /admin session has expired or is not valid/],
		['accessToken', /rejected the access token/],
	])('says plainly that a %s was rejected, without logging in', async (authentication, message) => {
		serveLogin();
		server.on('GET', '/services/tasks/12', () =>
			spaazaError(401, 6, 'no_valid_session', 'not logged in'),
		);
		const { ctx } = createTestContext(credentials(authentication));
		const error = await failureOf(
			spaazaRequest(ctx, 0, {
				api: 'services',
				method: 'GET',
				path: '/tasks/12',
				retryTiming: fastTiming(),
			}),
		);
		expect(error.context.code).toBe('SPAAZA_AUTH_FAILED');
		expect(error.message).toMatch(message);
		expect(server.count('POST', '/api/auth/login')).toBe(0);
		expectNoSecretIn(error, SECRETS);
	});

	it('retries the request when the login itself meets a busy Spaaza', async () => {
		let logins = 0;
		server.on('POST', '/api/auth/login', () =>
			++logins === 1
				? { status: 503, headers: { 'retry-after': '3' }, body: {} }
				: ok({ session_info: { session_user_id: 42, session_key: CANARY_SESSION } }),
		);
		server.on('POST', '/api/internal/add-product', () => ok({ product: { id: 1 } }));
		const { ctx } = createTestContext(credentials('adminLogin'));
		const retries: string[] = [];
		await expect(
			spaazaRequest(ctx, 0, addProduct({ onRetry: (info) => retries.push(info.reason) })),
		).resolves.toEqual({ product: { id: 1 } });
		expect(logins).toBe(2);
		expect(retries).toEqual(['login failed for now']);
		expect(sleeps[0]).toBe(3125);
	});

	it('explains a 2FA challenge: use a 2FA-exempt user or an admin session', async () => {
		server.on('POST', '/api/auth/login', () =>
			ok({ session_passcode_key: 'abc', session_passcode_expiry_date: '2026-01-01 00:00:00' }),
		);
		const { ctx } = createTestContext(credentials('adminLogin'));
		const error = await failureOf(spaazaRequest(ctx, 0, addProduct()));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.context.code).toBe('SPAAZA_2FA_REQUIRED');
		expect(error.message).toMatch(/2FA-exempt/);
		expect(error.message).toMatch(/Admin Session/);
		expect(server.count('POST', '/api/internal/add-product')).toBe(0);
	});

	it('reports a wrong password once, without echoing it', async () => {
		serveLogin();
		const { ctx } = createTestContext(
			credentials('adminLogin', { password: `${CANARY_LOGIN}-typo` }),
		);
		const error = await failureOf(spaazaRequest(ctx, 0, addProduct()));
		expect(error.context.code).toBe('SPAAZA_AUTH_FAILED');
		expect(error.message).toMatch(/username or password is wrong/);
		expect(server.count('POST', '/api/auth/login')).toBe(1);
		expectNoSecretIn(error, SECRETS);
		expect(JSON.stringify(error)).not.toContain(`${CANARY_LOGIN}-typo`);
	});
});
