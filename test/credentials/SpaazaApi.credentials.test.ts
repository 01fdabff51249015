import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type {
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	INodeProperties,
	INodeTypes,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { SpaazaApi } from '../../credentials/SpaazaApi.credentials';
import { applySpaazaCredential } from '../../nodes/spaaza/transport/authenticate';
import { resetSessionCache } from '../../nodes/spaaza/transport/login';

const credential = new SpaazaApi();
const property = (name: string): INodeProperties => {
	const found = credential.properties.find((p) => p.name === name);
	if (!found) throw new Error(`no property ${name}`);
	return found;
};

const base: ICredentialDataDecryptedObject = {
	environment: 'production',
	chainId: 1764,
	apiVersion: '1.6.3',
	accessTokenId: 'tid',
	accessTokenSecret: 'tsecret',
	username: 'integration@example.test',
	password: 'pw',
	userId: '42',
	sessionKey: 'skey',
	sessionToken: '',
};

/** Resolves an n8n expression with n8n's own engine, as the credential test does. */
function resolve(expression: unknown, credentials: ICredentialDataDecryptedObject): unknown {
	const nodeTypes = {
		getByName: () => ({}),
		getByNameAndVersion: () => ({ description: { properties: [] } }),
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		nodes: [{ id: '1', name: 'N', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} }],
		connections: {},
		active: false,
		nodeTypes: nodeTypes as unknown as INodeTypes,
	});
	return workflow.expression.getParameterValue(
		expression as string,
		null,
		0,
		0,
		'N',
		[],
		'internal',
		{ $credentials: credentials },
	);
}

beforeEach(() => resetSessionCache());

describe('SpaazaApi credential: fields', () => {
	it('has the names of README "Credential: Spaaza API"', () => {
		expect(credential.name).toBe('spaazaApi');
		expect(credential.displayName).toBe('Spaaza API');
		expect(credential.properties.map((p) => p.name)).toEqual([
			'environment',
			'apiBaseUrl',
			'servicesBaseUrl',
			'chainId',
			'authentication',
			'accessTokenId',
			'accessTokenSecret',
			'username',
			'password',
			'userId',
			'sessionKey',
			'apiVersion',
			'sessionToken',
		]);
		expect(property('environment').options?.map((o) => (o as { value: string }).value)).toEqual([
			'production',
			'staging',
			'custom',
		]);
		expect(property('authentication').options?.map((o) => (o as { value: string }).value)).toEqual([
			'accessToken',
			'adminLogin',
			'adminSession',
		]);
		expect(property('chainId')).toMatchObject({ type: 'number', required: true });
		expect(property('apiVersion').default).toBe('1.6.3');
	});

	it.each(['accessTokenSecret', 'password', 'sessionKey', 'sessionToken'])(
		'masks the secret %s',
		(name) => {
			expect(property(name).typeOptions?.password).toBe(true);
		},
	);

	it('keeps the login session in an expirable hidden field', () => {
		expect(property('sessionToken')).toMatchObject({
			type: 'hidden',
			default: '',
			typeOptions: { expirable: true },
		});
	});

	it('shows the custom URLs only for the custom environment', () => {
		for (const name of ['apiBaseUrl', 'servicesBaseUrl']) {
			expect(property(name).displayOptions).toEqual({ show: { environment: ['custom'] } });
		}
	});
});

describe('SpaazaApi credential: authenticate', () => {
	const apply = async (credentials: ICredentialDataDecryptedObject) =>
		(
			await (
				credential.authenticate as (
					c: ICredentialDataDecryptedObject,
					r: IHttpRequestOptions,
				) => Promise<IHttpRequestOptions>
			)(credentials, { url: '/x', headers: { Accept: 'application/json' } })
		).headers;

	it('sends a Bearer token for accessToken', async () => {
		expect(await apply({ ...base, authentication: 'accessToken' })).toEqual({
			Accept: 'application/json',
			'X-Spaaza-API-Version': '1.6.3',
			Authorization: 'Bearer tid:tsecret',
		});
	});

	it('sends the login session for adminLogin', async () => {
		expect(
			await apply({ ...base, authentication: 'adminLogin', sessionToken: '114521:abc:def' }),
		).toEqual({
			Accept: 'application/json',
			'X-Spaaza-API-Version': '1.6.3',
			'X-Spaaza-Session-User-Id': '114521',
			'X-Spaaza-Session-Key': 'abc:def',
			'X-Spaaza-Session-Chain-Id': '1764',
		});
	});

	it('sends the given session for adminSession', async () => {
		expect(await apply({ ...base, authentication: 'adminSession' })).toMatchObject({
			'X-Spaaza-Session-User-Id': '42',
			'X-Spaaza-Session-Key': 'skey',
			'X-Spaaza-Session-Chain-Id': '1764',
		});
	});

	it('sends no session headers before the first login', async () => {
		const headers = await apply({ ...base, authentication: 'adminLogin', sessionToken: '' });
		expect(headers).not.toHaveProperty('X-Spaaza-Session-Key');
	});
});

describe('SpaazaApi credential: preAuthentication', () => {
	const run = async (credentials: ICredentialDataDecryptedObject, reply: unknown) => {
		const calls: IHttpRequestOptions[] = [];
		const helpers = {
			httpRequest: async (options: IHttpRequestOptions) => {
				calls.push(options);
				return reply;
			},
		};
		const output = await credential.preAuthentication.call({ helpers } as never, credentials);
		return { output, calls };
	};

	it.each(['accessToken', 'adminSession'])('does nothing for %s', async (authentication) => {
		const { output, calls } = await run({ ...base, authentication }, undefined);
		expect(output).toEqual({});
		expect(calls).toHaveLength(0);
	});

	it('logs in form-encoded at {api}/auth/login and returns "<user id>:<key>"', async () => {
		const { output, calls } = await run(
			{
				...base,
				authentication: 'adminLogin',
				environment: 'custom',
				apiBaseUrl: 'http://127.0.0.1:9/api/',
				servicesBaseUrl: 'http://127.0.0.1:9/s',
			},
			{
				statusCode: 200,
				body: {
					result: { status: 'ok' },
					results: { session_info: { session_user_id: 114521, session_key: 'k1' } },
				},
			},
		);
		expect(output).toEqual({ sessionToken: '114521:k1' });
		expect(calls[0]).toMatchObject({
			method: 'POST',
			url: 'http://127.0.0.1:9/api/auth/login',
			body: 'username=integration%40example.test&password=pw',
		});
		expect(calls[0].headers).toMatchObject({
			'Content-Type': 'application/x-www-form-urlencoded',
			'X-Spaaza-API-Version': '1.6.3',
		});
	});

	it('refuses a 2FA challenge with a clear error', async () => {
		await expect(
			run(
				{ ...base, authentication: 'adminLogin' },
				{
					statusCode: 200,
					body: { result: { status: 'ok' }, results: { session_passcode_key: 'x' } },
				},
			),
		).rejects.toMatchObject({
			loginCode: 'SPAAZA_2FA_REQUIRED',
			message: expect.stringMatching(/2FA-exempt.*Admin Session/),
		});
	});

	it('reports a wrong password without the password', async () => {
		const error = await run(
			{ ...base, authentication: 'adminLogin', password: 'hunter2-secret' },
			{
				statusCode: 401,
				body: {
					result: { code: 2, status: 'error' },
					error: { code: 5, name: 'password_error_or_non_existent', description: 'onbekend' },
				},
			},
		).catch((e: Error) => e);
		expect(error).toMatchObject({
			loginCode: 'SPAAZA_AUTH_FAILED',
			message: expect.stringMatching(/username or password is wrong/),
		});
		// n8n's credential Test shows a failure's `cause.code` instead of its message: a `code`
		// here would replace "the username or password is wrong" by "SPAAZA_AUTH_FAILED".
		expect((error as { code?: unknown }).code).toBeUndefined();
		expect(
			JSON.stringify(error) + (error as Error).message + String((error as Error).stack),
		).not.toContain('hunter2-secret');
	});

	it('reports an unreachable host without the request (which holds the password)', async () => {
		const helpers = {
			httpRequest: async () => {
				throw Object.assign(new Error('connect ECONNREFUSED'), {
					code: 'ECONNREFUSED',
					config: { data: 'password=pw-secret' },
				});
			},
		};
		const error = (await credential.preAuthentication
			.call({ helpers } as never, { ...base, authentication: 'adminLogin', password: 'pw-secret' })
			.catch((e: Error) => e)) as Error;
		expect(error.message).toMatch(
			/Could not reach Spaaza at https:\/\/api0\.spaaza\.com to log in/,
		);
		expect(JSON.stringify(error) + error.message + String(error.cause)).not.toContain('pw-secret');
	});
});

describe('SpaazaApi credential: test request', () => {
	it.each([
		['accessToken', 'production', 'https://services-prod.spaaza.com', '/tasks?limit=1'],
		[
			'adminLogin',
			'staging',
			'https://apistage0.spaaza.com',
			'/internal/get-product-variants?limit=1&chain_id=1764',
		],
		[
			'adminSession',
			'custom',
			'http://127.0.0.1:4010/api',
			'/internal/get-product-variants?limit=1&chain_id=1764',
		],
	])('checks %s on %s', (authentication, environment, baseURL, url) => {
		const credentials = {
			...base,
			authentication,
			environment,
			apiBaseUrl: 'http://127.0.0.1:4010/api',
			servicesBaseUrl: 'http://127.0.0.1:4010/services',
		};
		expect(resolve(credential.test.request.baseURL, credentials)).toBe(baseURL);
		expect(resolve(credential.test.request.url, credentials)).toBe(url);
		expect(credential.test.request.method).toBe('GET');
	});
});

describe('one authenticate function, no two-way tie between credential and transport', () => {
	const root = path.resolve(__dirname, '../..');
	const sources = (dir: string): string[] =>
		readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
			entry.isDirectory()
				? sources(path.join(dir, entry.name))
				: entry.name.endsWith('.ts')
					? [path.join(dir, entry.name)]
					: [],
		);

	it('no node or transport file imports the credential type', () => {
		const importers = sources(path.join(root, 'nodes')).filter((file) =>
			/from '[^']*credentials\/SpaazaApi\.credentials'/.test(readFileSync(file, 'utf8')),
		);
		expect(importers).toEqual([]);
	});

	it.each(['accessToken', 'adminLogin', 'adminSession'])(
		'%s: the credential type puts exactly what the transport puts on a request',
		async (authentication) => {
			const credentials = {
				...base,
				authentication,
				accessTokenId: 'id',
				accessTokenSecret: 'secret',
				userId: '7',
				sessionKey: 'key',
				sessionToken: '42:session',
				apiVersion: '1.6.3',
			};
			const request: IHttpRequestOptions = { url: '/x', headers: { Accept: 'application/json' } };
			const authenticate = credential.authenticate as (
				c: ICredentialDataDecryptedObject,
				r: IHttpRequestOptions,
			) => Promise<IHttpRequestOptions>;
			expect(await authenticate(credentials, request)).toEqual(
				applySpaazaCredential(credentials, request),
			);
			expect(request.headers).toEqual({ Accept: 'application/json' });
		},
	);
});
