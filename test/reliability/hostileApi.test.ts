/**
 * Hostile API answers (issue "Reliability and security", part 3): HTML pages, truncated and huge
 * bodies, wrong content types, redirects to another origin and bytes trickling past the timeout.
 * Each must end in a clear NodeApiError within the request timeout (plus a margin), without a
 * crash and without a secret in anything the user sees — and a redirect must never carry the
 * credential (or the login password) to the other origin.
 */
import { NodeApiError } from 'n8n-workflow';

import { spaazaRequest } from '../../nodes/spaaza/transport/request';
import { cleanupHarness, runWorkflow, workflowFromNodes } from '../harness';
import { createTestContext } from '../support/executeContext';
import { useHostileServer, type HostileMode } from '../support/hostileServer';
import { runNodeAgainst, type HostileNodeRun } from '../support/hostileNode';
import { SECRETS, expectNoSecretIn, hostileCredential } from '../support/secrets';
import { shownFailure } from '../support/shownFailure';

const TIMEOUT_MS = 1_500;
/** Time to read 20 MB over loopback and to build the error, on a slow CI machine. */
const MARGIN_MS = 3_000;

const server = useHostileServer();

afterAll(async () => await cleanupHarness());

interface Case {
	mode: HostileMode;
	code: string;
	message: RegExp;
	/** The Services API answers bare JSON, so an empty 200 is "no data", caught by the node. */
	apiOnly?: boolean;
	/**
	 * The request's deadline when it is not what the case tests: reading 20 MB takes about a
	 * second on an idle machine and several on a busy one, and must end in the case's own code.
	 */
	timeoutMs?: number;
}

const CASES: Case[] = [
	{
		mode: 'html-500',
		code: 'SPAAZA_BAD_RESPONSE',
		message: /HTTP 500 with a body that is not JSON: "Oops Something went wrong/,
	},
	{
		mode: 'html-200',
		code: 'SPAAZA_BAD_RESPONSE',
		message: /HTTP 200 with a body that is not JSON/,
	},
	{ mode: 'truncated-json', code: 'SPAAZA_BAD_RESPONSE', message: /not JSON/ },
	{
		mode: 'huge-json',
		code: 'SPAAZA_API_ERROR',
		message: /^Spaaza rejected the request/,
		timeoutMs: 15_000,
	},
	{ mode: 'huge-garbage', code: 'SPAAZA_BAD_RESPONSE', message: /not JSON/, timeoutMs: 15_000 },
	{ mode: 'wrong-content-type', code: 'SPAAZA_BAD_RESPONSE', message: /not JSON: "OK"/ },
	{ mode: 'binary-garbage', code: 'SPAAZA_BAD_RESPONSE', message: /not JSON/ },
	{
		mode: 'empty-200',
		code: 'SPAAZA_BAD_RESPONSE',
		message: /not a Spaaza API envelope/,
		apiOnly: true,
	},
	{
		mode: 'redirect-302',
		code: 'SPAAZA_BAD_RESPONSE',
		message: /redirect \(HTTP 302\).*not followed/,
	},
	{
		mode: 'redirect-307',
		code: 'SPAAZA_BAD_RESPONSE',
		message: /redirect \(HTTP 307\).*not followed/,
	},
	{
		mode: 'redirect-308',
		code: 'SPAAZA_BAD_RESPONSE',
		message: /redirect \(HTTP 308\).*not followed/,
	},
	{ mode: 'redirect-same-host-other-port', code: 'SPAAZA_BAD_RESPONSE', message: /redirect/ },
	{ mode: 'slow-loris-headers', code: 'SPAAZA_REQUEST_TIMEOUT', message: /did not answer within/ },
	{ mode: 'slow-loris-body', code: 'SPAAZA_REQUEST_TIMEOUT', message: /did not answer within/ },
];

describe('spaazaRequest against a hostile server', () => {
	describe.each(['adminSession', 'accessToken'] as const)('with %s', (authentication) => {
		const cases = authentication === 'accessToken' ? CASES.filter((c) => !c.apiOnly) : CASES;
		it.each(cases)(
			'$mode → $code within the timeout, nothing leaked',
			async ({ mode, code, message, timeoutMs = TIMEOUT_MS }) => {
				server.mode = mode;
				const { ctx } = createTestContext(hostileCredential(server, authentication));
				const started = Date.now();

				const error = await shownFailure(
					spaazaRequest(ctx, 0, {
						api: authentication === 'accessToken' ? 'services' : 'api',
						method: 'POST',
						path: authentication === 'accessToken' ? '/tasks' : '/internal/add-product',
						body: { owner_code: 'P-1', name: 'Hostile' },
						subject: 'product "P-1"',
						timeoutMs,
						maxRetries: 0,
					}),
				);

				expect(Date.now() - started).toBeLessThan(timeoutMs + MARGIN_MS);
				expect(error).toBeInstanceOf(NodeApiError);
				expect(error.context.code).toBe(code);
				expect(error.message).toMatch(message);
				// Bounded: a 20 MB body never becomes a 20 MB error panel.
				expect(error.message.length).toBeLessThan(2_000);
				expect(String(error.description).length).toBeLessThan(2_000);
				expectNoSecretIn(error);
				// A redirect is reported, never followed: the other origin saw no request at all.
				expect(server.seenElsewhere).toEqual([]);
			},
		);
	});

	it('gives up on a slow-loris answer after the whole-request deadline even with retries', async () => {
		server.mode = 'slow-loris-body';
		const { ctx } = createTestContext(hostileCredential(server, 'adminSession'));
		const started = Date.now();
		const sleeps: number[] = [];

		const error = await shownFailure(
			spaazaRequest(ctx, 0, {
				api: 'api',
				method: 'POST',
				path: '/internal/add-product',
				body: { owner_code: 'P-1' },
				timeoutMs: 500,
				maxRetries: 2,
				retryTiming: { sleep: async (ms) => void sleeps.push(ms) },
			}),
		);

		expect(error.context.code).toBe('SPAAZA_REQUEST_TIMEOUT');
		expect(error.context.retries).toBe(2);
		expect(server.seen).toHaveLength(3);
		expect(Date.now() - started).toBeLessThan(3 * 500 + MARGIN_MS);
	});
});

describe('admin login against a hostile server', () => {
	it.each(['redirect-302', 'redirect-307', 'redirect-308'] as const)(
		'%s on /auth/login: the password is not posted to the other origin',
		async (mode) => {
			server.mode = mode;
			const { ctx } = createTestContext(hostileCredential(server, 'adminLogin'));

			const error = await shownFailure(
				spaazaRequest(ctx, 0, {
					api: 'api',
					method: 'POST',
					path: '/internal/add-product',
					body: { owner_code: 'P-1' },
					timeoutMs: TIMEOUT_MS,
					maxRetries: 0,
				}),
			);

			expect(server.seen.map((request) => request.url)).toEqual(['/api/auth/login']);
			expect(server.seenElsewhere).toEqual([]);
			expect(error.message).toMatch(/redirect/);
			expectNoSecretIn(error);
		},
	);

	it('a login that trickles bytes ends within the deadline', async () => {
		server.mode = 'slow-loris-body';
		const { ctx } = createTestContext(hostileCredential(server, 'adminLogin'));
		const started = Date.now();

		const error = await shownFailure(
			spaazaRequest(ctx, 0, {
				api: 'api',
				method: 'POST',
				path: '/internal/add-product',
				body: { owner_code: 'P-1' },
				timeoutMs: TIMEOUT_MS,
				maxRetries: 0,
			}),
		);

		expect(error.context.code).toBe('SPAAZA_REQUEST_TIMEOUT');
		expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
		expectNoSecretIn(error);
	});
});

/** Runs one node (after a manual trigger and an items node) with a credential pointing at the server. */
const runNode = async (
	type: string,
	parameters: Record<string, unknown>,
	authentication: HostileNodeRun['authentication'],
	items?: unknown[],
) =>
	await runNodeAgainst(server, { type, parameters, authentication, items }, { timeoutMs: 30_000 });

describe('the real nodes against a hostile server', () => {
	const NODE_CASES: HostileMode[] = [
		'html-500',
		'truncated-json',
		'huge-json',
		'wrong-content-type',
		'empty-200',
		'redirect-307',
	];
	/**
	 * The code each case must end in: the same as the transport's (the table above), except that a
	 * well-formed error envelope answering the login is Spaaza refusing the login.
	 */
	const codeOf = (mode: HostileMode, login = false) =>
		login && mode === 'huge-json' ? 'SPAAZA_AUTH_FAILED' : CASES.find((c) => c.mode === mode)!.code;
	/** These servers answer at once; reading 20 MB and failing takes well under this (about 1 s idle). */
	const NODE_BOUND_MS = 15_000;
	const errorCode = (result: { executionError?: unknown }) =>
		(result.executionError as { context?: { code?: unknown } } | undefined)?.context?.code;

	it.each(NODE_CASES)(
		'Create Export Task (token) on %s: a clear NodeApiError, nothing leaked',
		async (mode) => {
			server.mode = mode;
			const result = await runNode(
				'spaazaCreateExportTask',
				{ exportIndex: 'products', exportFormat: 'csv', runAt: 'now', filter: 'none', options: {} },
				'accessToken',
			);

			expect(result.error?.name).toBe('NodeApiError');
			expect(errorCode(result)).toBe(codeOf(mode));
			expect(result.durationMs).toBeLessThan(NODE_BOUND_MS);
			expect(result.error?.message.length).toBeLessThan(2_000);
			expect(server.seenElsewhere).toEqual([]);
			expectNoSecretIn(result.run.data.resultData);
		},
	);

	it.each(NODE_CASES)(
		'Wait For Task (admin session) on %s: a clear NodeApiError, nothing leaked',
		async (mode) => {
			server.mode = mode;
			const result = await runNode(
				'spaazaWaitForTask',
				{ taskId: '12345', pollInterval: 1, timeout: 1, onTimeout: 'error' },
				'adminSession',
			);

			expect(result.error?.name).toBe('NodeApiError');
			expect(errorCode(result)).toBe(codeOf(mode));
			expect(result.durationMs).toBeLessThan(NODE_BOUND_MS);
			expect(server.seenElsewhere).toEqual([]);
			expectNoSecretIn(result.run.data.resultData);
		},
	);

	it.each(NODE_CASES)(
		'Upsert Product (admin login) on %s: rejected with a reason, nothing leaked',
		async (mode) => {
			server.mode = mode;
			const result = await runNode(
				'spaazaUpsertProduct',
				{ mappingMode: 'auto', updateIfExists: true, options: { maxRetries: 0 } },
				'adminLogin',
				[{ owner_code: 'P-1', name: 'Hostile product' }],
			);

			expect(result.error?.name).toBe('NodeApiError');
			expect(errorCode(result)).toBe(codeOf(mode, true));
			expect(result.durationMs).toBeLessThan(NODE_BOUND_MS);
			expect(result.error?.message.length).toBeLessThan(2_000);
			// The login itself already met the hostile answer: nothing else was asked for.
			expect(server.seen.every((request) => request.url === '/api/auth/login')).toBe(true);
			expect(server.seenElsewhere).toEqual([]);
			expectNoSecretIn(result.run.data.resultData);
		},
	);

	it.each(NODE_CASES)(
		'Compare Catalogue (variants, admin session) on %s: every record Changed with the reason, nothing leaked',
		async (mode) => {
			server.mode = mode;
			const result = await runNode(
				'spaazaCompareCatalogue',
				// One page at a time: with Concurrency 4 four 20 MB answers are read before the read
				// stops, each as bounded as this one.
				{
					recordType: 'variants',
					feedIsComplete: true,
					options: { maxRetries: 0, concurrency: 1 },
				},
				'adminSession',
				[{ owner_code: 'V-1', product_id: 7, barcodes: ['0123'] }],
			);

			// A read that fails is not the run's failure: nothing is proven, so nothing is New,
			// Unchanged or Missing, and the summary says why.
			expect(result.error).toBeUndefined();
			expect(result.json('Node', 1)).toEqual([
				expect.objectContaining({
					owner_code: 'V-1',
					reason: expect.stringMatching(/could not be read to the end/),
				}),
			]);
			expect(result.json('Node', 0)).toEqual([]);
			expect(result.json('Node', 3)).toEqual([]);
			const [summary] = result.json('Node', 2);
			expect(summary).toMatchObject({ readComplete: false, unchanged: 0, missingFromFeed: 0 });
			expect(String(summary.readProblem).length).toBeLessThanOrEqual(301);
			expect(result.durationMs).toBeLessThan(NODE_BOUND_MS);
			expect(server.seenElsewhere).toEqual([]);
			expectNoSecretIn(result.run.data.resultData);
		},
	);

	it.each(NODE_CASES)(
		'Delete Record (admin session) on %s: a clear NodeApiError, nothing reported deleted, nothing leaked',
		async (mode) => {
			server.mode = mode;
			const result = await runNode(
				'spaazaDeleteRecord',
				{ recordType: 'variants', recordId: '={{ $json.id }}', options: { maxRetries: 0 } },
				'adminSession',
				[{ id: 5 }],
			);

			expect(result.error?.name).toBe('NodeApiError');
			expect(errorCode(result)).toBe(codeOf(mode));
			expect(result.error?.message).toMatch(/^1 of 1 variants could not be deleted/);
			expect(result.error?.message.length).toBeLessThan(2_000);
			expect(result.durationMs).toBeLessThan(NODE_BOUND_MS);
			expect(server.seenElsewhere).toEqual([]);
			expectNoSecretIn(result.run.data.resultData);
		},
	);

	it('Upsert Product (admin session) on a redirect reports the record as failed, with the reason', async () => {
		server.mode = 'redirect-308';
		const result = await runWorkflow(
			workflowFromNodes(
				{ type: 'test.manualTrigger' },
				{
					type: 'test.items',
					parameters: { items: JSON.stringify([{ owner_code: 'P-1', name: 'x' }]) },
				},
				{
					type: 'n8n-nodes-spaaza.spaazaUpsertProduct',
					name: 'Node',
					parameters: { mappingMode: 'auto', updateIfExists: true, options: { maxRetries: 0 } },
					credentials: { spaazaApi: { id: '1', name: 'Hostile' } },
					settings: { onError: 'continueRegularOutput' },
				},
			),
			{ credentials: { spaazaApi: hostileCredential(server, 'adminSession') } },
		);

		expect(result.error).toBeUndefined();
		const [item] = result.json('Node');
		expect(item).toMatchObject({
			status: 'failed',
			owner_code: 'P-1',
			error: { code: 'SPAAZA_BAD_RESPONSE' },
		});
		expect(server.seenElsewhere).toEqual([]);
		expectNoSecretIn(result.run.data.resultData);
	});
});

it('a cancelled execution stops a request that is trickling bytes at once', async () => {
	server.mode = 'slow-loris-body';
	const result = await runWorkflow(
		workflowFromNodes(
			{ type: 'test.manualTrigger' },
			{
				type: 'n8n-nodes-spaaza.spaazaCreateExportTask',
				name: 'Node',
				parameters: {
					exportIndex: 'products',
					exportFormat: 'csv',
					runAt: 'now',
					filter: 'none',
					options: {},
				},
				credentials: { spaazaApi: { id: '1', name: 'Hostile' } },
			},
		),
		{ credentials: { spaazaApi: hostileCredential(server, 'accessToken') }, cancelAfterMs: 500 },
	);

	expect(result.cancelled).toBe(true);
	expect(result.stopLatencyMs).toBeLessThan(1_000);
});

it('the secrets the checks look for are really in the credentials', () => {
	const credential = hostileCredential(server, 'adminLogin');
	expect(Object.values(credential)).toContain(SECRETS.password);
});
