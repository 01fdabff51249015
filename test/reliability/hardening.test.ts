/**
 * Waits, logins, credential tests and error texts against a hostile server: every wait
 * stops on cancel in every API node, a stuck login ends at its deadline and does not hold later
 * logins, the credential test follows no redirect, and server text that echoes the request has
 * the credential's secrets removed before it reaches an error.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { SpaazaApi } from '../../credentials/SpaazaApi.credentials';
import { LOGIN_DEADLINE_MS, obtainSession } from '../../nodes/spaaza/transport/login';
import { cleanupHarness } from '../harness';
import { createTestContext } from '../support/executeContext';
import { useHostileServer } from '../support/hostileServer';
import { requestFailureAgainst, runNodeAgainst } from '../support/hostileNode';
import { SECRETS, expectNoSecretIn, hostileCredential } from '../support/secrets';
import { failureOf } from '../support/failure';

const server = useHostileServer();

afterAll(async () => await cleanupHarness());

const NODES: Array<[string, Record<string, unknown>, 'accessToken' | 'adminSession', unknown[]]> = [
	[
		'spaazaCreateExportTask',
		{ exportIndex: 'products', exportFormat: 'csv', runAt: 'now', filter: 'none', options: {} },
		'accessToken',
		[{}],
	],
	[
		'spaazaWaitForTask',
		{ taskId: '12345', pollInterval: 1, timeout: 5, onTimeout: 'error' },
		'accessToken',
		[{}],
	],
	['spaazaGetDownloadUrl', { taskId: '12345', download: true }, 'accessToken', [{}]],
	[
		'spaazaUpsertProduct',
		{ mappingMode: 'auto', updateIfExists: true, options: {} },
		'adminSession',
		[{ owner_code: 'P-1', name: 'x' }],
	],
	[
		'spaazaUpsertVariant',
		{ mappingMode: 'auto', updateIfExists: true, options: {} },
		'adminSession',
		[{ owner_code: 'V-1', product_owner_code: 'P-1', barcodes: ['1'] }],
	],
];

describe('every wait stops on the cancel signal', () => {
	it.each(NODES)(
		'%s: cancelled during a 60 s Retry-After wait, stops at once',
		async (type, parameters, authentication, items) => {
			server.mode = 'busy-retry-after';
			const result = await runNodeAgainst(
				server,
				{ type, parameters, authentication, items },
				{ cancelAfterMs: 300, timeoutMs: 20_000 },
			);

			expect(server.seen.length).toBeGreaterThan(0);
			expect(result.cancelled).toBe(true);
			// Before, the Retry-After wait ran on: cancel at 300 ms, finished at 4.3 s (up to 60 s).
			expect(result.stopLatencyMs).toBeLessThan(1_500);
		},
	);
});

describe('admin login', () => {
	it('has an overall deadline, and a stuck login does not hold the next one', async () => {
		const { ctx } = createTestContext(hostileCredential(server, 'adminLogin'));
		const httpRequest = async (options: Parameters<typeof ctx.helpers.httpRequest>[0]) =>
			await ctx.helpers.httpRequest(options);
		const input = {
			apiBaseUrl: `${server.baseUrl}/api`,
			username: 'u',
			password: SECRETS.password,
			deadlineMs: 800,
		};
		server.mode = 'slow-loris-body';
		const started = Date.now();
		const stuck = obtainSession(httpRequest, input, '');
		// A second execution arriving meanwhile shares the login, and its end.
		const joiner = obtainSession(httpRequest, input, '');
		const error = await failureOf(stuck);
		expect(error.message).toMatch(/did not finish the login of "u" within 1 s/);
		await expect(joiner).rejects.toThrow(/did not finish the login/);
		expect(Date.now() - started).toBeLessThan(800 + 2_000);

		// Spaaza recovered: the next execution logs in at once.
		server.mode = 'login-ok';
		await expect(obtainSession(httpRequest, input, '')).resolves.toBe('42:fresh-session');
		expect(LOGIN_DEADLINE_MS).toBe(30_000);
	});

	it('a proxy page that echoes the form body does not put the password into the error', async () => {
		server.mode = 'echo-request';
		const error = await requestFailureAgainst(server, 'adminLogin');

		// The server really sent the password back; the error shows [hidden] in its place.
		expect(server.seen[0].body).toContain('password=pw-SECRET');
		expect(error.message).toMatch(
			/Request blocked by firewall: username=integration%40hostile.test&password=\[hidden\]/,
		);
		expectNoSecretIn(error);
	});
});

describe('server text in errors is scrubbed of the credential secrets', () => {
	it.each([
		['accessToken', 'services', /authorization=Bearer \[hidden\]:\[hidden\]/],
		['adminSession', 'api', /session=\[hidden\]/],
	] as const)(
		'%s: an echoed header does not reach the error',
		async (authentication, api, shown) => {
			server.mode = 'echo-request';
			const error = await requestFailureAgainst(server, authentication, {
				api,
				method: 'GET',
				path: '/x',
				body: undefined,
			});

			expect(error.context.code).toBe('SPAAZA_BAD_RESPONSE');
			expect(error.message).toMatch(shown);
			expectNoSecretIn(error);
		},
	);
});

describe('credential test', () => {
	it('does not follow a redirect, so the token never reaches the redirect target', async () => {
		server.mode = 'redirect-307';
		const credentials = hostileCredential(server, 'accessToken');
		const { ctx } = createTestContext(credentials);
		const { request } = new SpaazaApi().test;
		// The test request as n8n's credential tester sends it: the credential's expressions resolved.
		const error = await failureOf(
			ctx.helpers.httpRequestWithAuthentication.call(ctx, 'spaazaApi', {
				...(request as IHttpRequestOptions),
				baseURL: credentials.servicesBaseUrl as string,
				url: '/tasks?limit=1',
			}),
		);

		expect(server.seen.map((seen) => seen.url)).toEqual(['/services/tasks?limit=1']);
		expect(server.seenElsewhere).toEqual([]);
		expect(String(error.message)).toMatch(/307|redirect/i);
	});
});
