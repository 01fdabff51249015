import { startAuthServer, type AuthServer } from '../fixtures/authServer';
import { loadPackageNodeTypes, runWorkflow, workflowFromNodes } from '.';

let server: AuthServer;
beforeAll(async () => (server = await startAuthServer()));
afterAll(async () => await server.close());
beforeEach(() => (server.requests.length = 0));

/** Trigger → three items → one authenticated request per item. */
function requestWorkflow(credentialType: string, path: string) {
	return workflowFromNodes(
		{ type: 'test.manualTrigger' },
		{ type: 'test.items', parameters: { items: '[{"n":1},{"n":2},{"n":3}]' } },
		{
			type: 'test.authRequest',
			name: 'Request',
			parameters: { credentialType, url: `={{ '${server.url}${path}?n=' + $json.n }}` },
			credentials: { [credentialType]: { id: 'cred-1', name: 'Test credential' } },
		},
	);
}

const session = () => ({ baseUrl: server.url, username: 'integration', password: 'secret' });

describe('credential with preAuthentication (session login)', () => {
	it('logs in once, then sends the session through the generic authenticate on every request', async () => {
		const logins = server.logins;
		const result = await runWorkflow(requestWorkflow('testSessionApi', '/protected'), {
			credentials: { testSessionApi: session() },
		});

		expect(result.error).toBeUndefined();
		expect(result.preAuthentications).toBe(1);
		expect(server.logins - logins).toBe(1);
		const sessionKey = `key-${server.logins}`;
		for (const [index, json] of result.json('Request').entries()) {
			expect(json.query).toEqual({ n: String(index + 1), client: 'harness' });
			expect(json.headers).toMatchObject({
				'x-session-key': sessionKey,
				'x-session-user-id': 'u-1',
			});
		}
		expect(result.credentials.testSessionApi).toMatchObject({ sessionKey, userId: 'u-1' });
	});

	it('does not log in when the credential already holds a session', async () => {
		const first = await runWorkflow(requestWorkflow('testSessionApi', '/protected'), {
			credentials: { testSessionApi: session() },
		});
		// As n8n would, having saved the refreshed session: the next run starts with it.
		const second = await runWorkflow(requestWorkflow('testSessionApi', '/protected'), {
			credentials: first.credentials,
		});

		expect(second.error).toBeUndefined();
		expect(second.preAuthentications).toBe(0);
	});

	it('logs in again once after a 401 and retries the request', async () => {
		const result = await runWorkflow(requestWorkflow('testSessionApi', '/protected'), {
			credentials: { testSessionApi: { ...session(), sessionKey: 'expired', userId: 'u-1' } },
		});

		expect(result.error).toBeUndefined();
		expect(result.preAuthentications).toBe(1);
		const statuses = server.requests.map((request) => request.path);
		expect(statuses).toEqual(['/protected', '/login', '/protected', '/protected', '/protected']);
		expect(result.json('Request')).toHaveLength(3);
	});

	it('fails the node with the API error when the login itself is refused', async () => {
		const result = await runWorkflow(requestWorkflow('testSessionApi', '/protected'), {
			credentials: { testSessionApi: { ...session(), password: 'wrong' } },
		});

		expect(result.error?.nodeName).toBe('Request');
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.httpCode).toBe('403');
	});
});

describe('credential with an authenticate function', () => {
	it('applies it, with property defaults and expressions resolved as in n8n', async () => {
		const result = await runWorkflow(requestWorkflow('testTokenApi', '/echo'), {
			credentials: { testTokenApi: { tokenId: "={{ 'id-' + (40 + 2) }}", tokenSecret: 's3cr3t' } },
		});

		expect(result.error).toBeUndefined();
		expect(result.preAuthentications).toBe(0);
		expect(result.json('Request')[0].headers).toMatchObject({
			authorization: 'Bearer id-42:s3cr3t',
			'x-api-version': '1.6.3',
		});
	});

	it('names the credential type when the test gave no data for it', async () => {
		const result = await runWorkflow(requestWorkflow('testTokenApi', '/echo'));
		expect(result.error?.message).toContain('does not exist for type "testTokenApi"');
	});
});

const spaaza = loadPackageNodeTypes().credentials.includes('spaazaApi');

(spaaza ? describe : describe.skip)('the package’s spaazaApi credential from dist/', () => {
	/** Runs requests to `path` with a Spaaza credential for the test server and these fields. */
	const requestWithSpaaza = (path: string, fields: Record<string, string>) =>
		runWorkflow(requestWorkflow('spaazaApi', path), {
			credentials: {
				spaazaApi: {
					environment: 'custom',
					apiBaseUrl: server.url,
					servicesBaseUrl: server.url,
					chainId: 1,
					...fields,
				},
			},
		});

	it('sends an access token as Authorization: Bearer <id>:<secret>', async () => {
		const result = await requestWithSpaaza('/echo', {
			authentication: 'accessToken',
			accessTokenId: 'tid',
			accessTokenSecret: 'tsec',
		});

		expect(result.error).toBeUndefined();
		expect(result.preAuthentications).toBe(0);
		expect(result.json('Request')[0].headers).toMatchObject({ authorization: 'Bearer tid:tsec' });
	});

	it('sends an admin session as the X-Spaaza-Session headers', async () => {
		const result = await requestWithSpaaza('/echo', {
			authentication: 'adminSession',
			userId: '114521',
			sessionKey: 'sk',
		});

		expect(result.error).toBeUndefined();
		expect(result.json('Request')[0].headers).toMatchObject({
			'x-spaaza-session-user-id': '114521',
			'x-spaaza-session-key': 'sk',
		});
	});

	it('logs in once with Admin Login and sends the session on every request', async () => {
		const logins = server.logins;
		const result = await requestWithSpaaza('/protected', {
			authentication: 'adminLogin',
			username: 'integration',
			password: 'secret',
		});

		expect(result.error).toBeUndefined();
		expect(result.preAuthentications).toBe(1);
		expect(server.logins - logins).toBe(1);
		const sessionKey = `key-${server.logins}`;
		for (const json of result.json('Request')) {
			expect(json.headers).toMatchObject({
				'x-spaaza-session-user-id': '114521',
				'x-spaaza-session-key': sessionKey,
				'x-spaaza-session-chain-id': '1',
			});
		}
	});
});
