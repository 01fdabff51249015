import { type Sandbox, startSandbox } from '../../sandbox';
import { adminHeaders, call, tokenHeaders } from './sandboxClient';

describe('sandbox auth (docs/spaaza-api.md §1)', () => {
	let sandbox: Sandbox;
	let clock = Date.parse('2026-05-26T12:00:00Z');
	const getProduct = (headers: Record<string, string>) =>
		call(`${sandbox.apiUrl}/internal/get-product?chain_id=1764&id=1`, { headers });
	const listTasks = (headers: Record<string, string>) =>
		call(`${sandbox.servicesUrl}/tasks`, { headers });

	beforeAll(async () => {
		sandbox = await startSandbox({ now: () => clock, sessionTtlSeconds: 3600 });
	});
	afterAll(() => sandbox.close());
	beforeEach(() => sandbox.reset());

	it('logs a 2FA-exempt admin in with a form body and answers session_info', async () => {
		const { username, password, userId } = sandbox.logins.admin;
		const login = await call(`${sandbox.apiUrl}/auth/login`, { form: { username, password } });
		expect(login.status).toBe(200);
		expect(login.body.result).toEqual({ code: 1, status: 'ok' });
		expect(login.body.results.result_type).toBe('login');
		expect(login.body.results.session_info).toMatchObject({
			session_user_id: userId,
			session_username: username,
			session_key_validity: '1',
			session_auth_method: 'password',
			session_expires_date: '2026-05-26 13:00:00',
		});
		expect(login.body.results.session_info.session_key).toMatch(/^[0-9a-f]{40}$/);
	});

	it('accepts a JSON login and a multipart login', async () => {
		const { username, password } = sandbox.logins.admin;
		expect(
			(await call(`${sandbox.apiUrl}/auth/login`, { json: { username, password } })).status,
		).toBe(200);
		const form = new FormData();
		form.set('username', username);
		form.set('password', password);
		const multipart = await fetch(`${sandbox.apiUrl}/auth/login`, { method: 'POST', body: form });
		expect(multipart.status).toBe(200);
	});

	it('answers a wrong password with code 5 and HTTP 401, and missing fields with code 52', async () => {
		const wrong = await call(`${sandbox.apiUrl}/auth/login`, {
			form: { username: sandbox.logins.admin.username, password: 'nope' },
		});
		expect(wrong.status).toBe(401);
		expect(wrong.body).toEqual({
			result: { code: 2, status: 'error' },
			error: { code: 5, name: 'password_error_or_non_existent', description: expect.any(String) },
		});
		const unknown = await call(`${sandbox.apiUrl}/auth/login`, {
			form: { username: 'who@x', password: 'x' },
		});
		expect(unknown.body.error.code).toBe(5);
		const empty = await call(`${sandbox.apiUrl}/auth/login`, { form: { username: 'x' } });
		expect([empty.status, empty.body.error.code, empty.body.error.name]).toEqual([
			400,
			52,
			'http_vars_missing',
		]);
	});

	it('challenges the 2FA admin and opens a session with the passcode', async () => {
		const { username, password, passcode, userId } = sandbox.logins.twoFactorAdmin;
		const login = await call(`${sandbox.apiUrl}/auth/login`, { form: { username, password } });
		expect(login.status).toBe(200);
		expect(login.body.results.session_info).toBeUndefined();
		expect(login.body.results.session_passcode_expiry_date).toBe('2026-05-26 12:10:00');
		const key = login.body.results.session_passcode_key;
		const wrong = await call(`${sandbox.apiUrl}/auth/session`, {
			form: { session_passcode: '000000', session_passcode_key: key },
		});
		expect([wrong.status, wrong.body.error.code, wrong.body.error.name]).toEqual([
			401,
			304,
			'session_passcode_invalid',
		]);
		const missing = await call(`${sandbox.apiUrl}/auth/session`, {
			form: { session_passcode_key: key },
		});
		expect(missing.body.error.code).toBe(52);
		const session = await call(`${sandbox.apiUrl}/auth/session`, {
			form: { session_passcode: passcode, session_passcode_key: key },
		});
		expect(session.status).toBe(200);
		expect(session.body.results.session_info.session_user_id).toBe(userId);
		const reused = await call(`${sandbox.apiUrl}/auth/session`, {
			form: { session_passcode: passcode, session_passcode_key: key },
		});
		expect(reused.body.error.code).toBe(304);
	});

	it('expires a passcode key after 10 minutes', async () => {
		const { username, password, passcode } = sandbox.logins.twoFactorAdmin;
		const login = await call(`${sandbox.apiUrl}/auth/login`, { form: { username, password } });
		clock += 11 * 60 * 1000;
		const late = await call(`${sandbox.apiUrl}/auth/session`, {
			form: {
				session_passcode: passcode,
				session_passcode_key: login.body.results.session_passcode_key,
			},
		});
		expect(late.body.error.code).toBe(304);
	});

	it('accepts admin headers, refuses a missing or stale session with code 6 / 401', async () => {
		const headers = await adminHeaders(sandbox);
		expect((await getProduct(headers)).body.error.code).toBe(68);
		const none = await getProduct({});
		expect([none.status, none.body.error.code, none.body.error.name]).toEqual([
			401,
			6,
			'no_valid_session',
		]);
		const wrongUser = await getProduct({ ...headers, 'X-Spaaza-Session-User-Id': '1' });
		expect(wrongUser.body.error.code).toBe(6);
		const byUsername = await getProduct({
			'X-Spaaza-Session-Username': sandbox.logins.admin.username,
			'X-Spaaza-Session-Key': headers['X-Spaaza-Session-Key'],
		});
		expect(byUsername.body.error.code).toBe(68);
	});

	it('deletes the earlier session of a user who logs in again', async () => {
		const first = await adminHeaders(sandbox);
		const second = await adminHeaders(sandbox);
		expect((await getProduct(first)).body.error.code).toBe(6);
		expect((await getProduct(second)).body.error.code).toBe(68);
	});

	it('ends sessions after sessionTtlSeconds, on logout and on expireSessions()', async () => {
		const headers = await adminHeaders(sandbox);
		clock += 3601 * 1000;
		expect((await getProduct(headers)).body.error.code).toBe(6);
		const again = await adminHeaders(sandbox);
		const logout = await call(`${sandbox.apiUrl}/auth/logout`, {
			method: 'DELETE',
			headers: again,
		});
		expect(logout.body.results.result_type).toBe('logout');
		expect((await getProduct(again)).body.error.code).toBe(6);
		expect(
			(await call(`${sandbox.apiUrl}/auth/logout`, { method: 'DELETE', headers: again })).status,
		).toBe(401);
		const third = await adminHeaders(sandbox);
		sandbox.expireSessions();
		expect((await getProduct(third)).body.error.code).toBe(6);
	});

	it('refuses a token on /internal/* with code 68 / 403 naming the rule', async () => {
		const answer = await getProduct(tokenHeaders(sandbox));
		expect(answer.status).toBe(403);
		expect(answer.body.error).toMatchObject({
			code: 68,
			name: 'permission_denied_or_non_existent',
		});
		expect(answer.body.error.description).toContain(
			'privileged authentication methods are not permitted',
		);
	});

	it('refuses writes and deletes to the read-only admin and chains the admin cannot access', async () => {
		const readOnly = await adminHeaders(sandbox, 'readOnlyAdmin');
		const write = await call(`${sandbox.apiUrl}/internal/add-product`, {
			headers: readOnly,
			form: { chain_id: '1764', owner_code: 'P', name: 'N' },
		});
		expect([write.status, write.body.error.code]).toEqual([403, 68]);
		expect(write.body.error.description).toContain('WRITE');
		const remove = await call(`${sandbox.apiUrl}/internal/delete-product?id=1`, {
			method: 'DELETE',
			headers: readOnly,
		});
		expect(remove.body.error.description).toContain('DELETE');
		const admin = await adminHeaders(sandbox);
		const otherChain = await call(`${sandbox.apiUrl}/internal/get-product?chain_id=99&id=1`, {
			headers: admin,
		});
		expect([otherChain.status, otherChain.body.error.code]).toEqual([403, 68]);
	});

	it('applies chain-scoped auth on the Services API: token, or admin + chain header', async () => {
		expect((await listTasks(tokenHeaders(sandbox))).status).toBe(200);
		const badToken = await listTasks({ Authorization: `Bearer ${sandbox.logins.token.id}:wrong` });
		expect([badToken.status, badToken.body.error.code, badToken.body.error.name]).toEqual([
			401,
			312,
			'invalid_access_token',
		]);
		const admin = await adminHeaders(sandbox);
		const noChain = await listTasks(admin);
		expect([noChain.status, noChain.body.error.code]).toEqual([400, 52]);
		expect(noChain.body.error.description).toContain('X-Spaaza-Session-Chain-Id');
		expect((await listTasks({ ...admin, 'X-Spaaza-Session-Chain-Id': '1764' })).status).toBe(200);
		const otherChain = await listTasks({ ...admin, 'X-Spaaza-Session-Chain-Id': '99' });
		expect([otherChain.status, otherChain.body.error.code]).toEqual([403, 68]);
		const nobody = await listTasks({});
		expect([nobody.status, nobody.body.error.code]).toEqual([401, 6]);
	});

	it('records the X-Spaaza-API-Version of each request', async () => {
		await adminHeaders(sandbox);
		await call(`${sandbox.servicesUrl}/tasks`, {
			headers: { ...tokenHeaders(sandbox), 'X-Spaaza-API-Version': '1.6.3' },
		});
		expect(sandbox.stats().apiVersions).toEqual({ '(none)': 1, '1.6.3': 1 });
	});

	it('answers pre-1.4.0 clients with the older errors map', async () => {
		const old = await call(`${sandbox.apiUrl}/auth/login`, {
			headers: { 'X-Spaaza-API-Version': '1.3.9' },
			form: { username: 'x', password: 'y' },
		});
		expect(old.status).toBe(401);
		expect(old.body.error).toBeUndefined();
		expect(old.body.errors['5']).toMatchObject({ name: 'password_error_or_non_existent' });
	});
});

describe('sandbox with legacyErrors', () => {
	it('uses the errors map for every error', async () => {
		const sandbox = await startSandbox({ legacyErrors: true });
		try {
			const answer = await call(`${sandbox.apiUrl}/internal/get-product?chain_id=1764&id=1`, {
				headers: { 'X-Spaaza-API-Version': '1.6.3' },
			});
			expect(answer.body).toEqual({
				result: { code: 2, status: 'error' },
				errors: { '6': { code: 6, name: 'no_valid_session', description: expect.any(String) } },
			});
		} finally {
			await sandbox.close();
		}
	});
});
