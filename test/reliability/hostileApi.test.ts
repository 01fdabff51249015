/**
 * Hostile API answers (issue "Reliability and security", part 3): HTML pages, truncated and huge
 * bodies, wrong content types, redirects to another origin and bytes trickling past the timeout.
 * Each must end in a clear NodeApiError within the request timeout (plus a margin), without a
 * crash and without a secret in anything the user sees — and a redirect must never carry the
 * credential (or the login password) to the other origin.
 */
import { NodeApiError } from 'n8n-workflow';

import { cleanupHarness, type WorkflowRunResult } from '../harness';
import { useHostileServer, type HostileMode } from '../support/hostileServer';
import { requestFailureAgainst, runNodeAgainst, type HostileNodeRun } from '../support/hostileNode';
import { SECRETS, expectNoSecretIn, hostileCredential } from '../support/secrets';

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

const CREATE_EXPORT_WITH_TOKEN: HostileNodeRun = {
	type: 'spaazaCreateExportTask',
	parameters: {
		exportIndex: 'products',
		exportFormat: 'csv',
		runAt: 'now',
		filter: 'none',
		options: {},
	},
	authentication: 'accessToken',
};

describe('spaazaRequest against a hostile server', () => {
	describe.each(['adminSession', 'accessToken'] as const)('with %s', (authentication) => {
		const cases = authentication === 'accessToken' ? CASES.filter((c) => !c.apiOnly) : CASES;
		it.each(cases)(
			'$mode → $code within the timeout, nothing leaked',
			async ({ mode, code, message, timeoutMs = TIMEOUT_MS }) => {
				server.mode = mode;
				const started = Date.now();

				const error = await requestFailureAgainst(server, authentication, {
					...(authentication === 'accessToken' ? { api: 'services', path: '/tasks' } : {}),
					body: { owner_code: 'P-1', name: 'Hostile' },
					subject: 'product "P-1"',
					timeoutMs,
				});

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
		const started = Date.now();
		const sleeps: number[] = [];

		const error = await requestFailureAgainst(server, 'adminSession', {
			timeoutMs: 500,
			maxRetries: 2,
			retryTiming: { sleep: async (ms) => void sleeps.push(ms) },
		});

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

			const error = await requestFailureAgainst(server, 'adminLogin', { timeoutMs: TIMEOUT_MS });

			expect(server.seen.map((request) => request.url)).toEqual(['/api/auth/login']);
			expect(server.seenElsewhere).toEqual([]);
			expect(error.message).toMatch(/redirect/);
			expectNoSecretIn(error);
		},
	);

	it('a login that trickles bytes ends within the deadline', async () => {
		server.mode = 'slow-loris-body';
		const started = Date.now();

		const error = await requestFailureAgainst(server, 'adminLogin', { timeoutMs: TIMEOUT_MS });

		expect(error.context.code).toBe('SPAAZA_REQUEST_TIMEOUT');
		expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
		expectNoSecretIn(error);
	});
});

describe('the real nodes against a hostile server', () => {
	const NODE_CASES: HostileMode[] = [
		'html-500',
		'truncated-json',
		'huge-json',
		'wrong-content-type',
		'empty-200',
		'redirect-307',
	];
	/** These servers answer at once; reading 20 MB and failing takes well under this (about 1 s idle). */
	const NODE_BOUND_MS = 15_000;
	const errorCode = (result: { executionError?: unknown }) =>
		(result.executionError as { context?: { code?: unknown } } | undefined)?.context?.code;

	/** Runs one node (after a manual trigger and an items node) against the server in `mode`. */
	async function runNode(mode: HostileMode, node: HostileNodeRun) {
		server.mode = mode;
		return await runNodeAgainst(server, node, { timeoutMs: 30_000 });
	}

	/** What every node run must show, whatever it ends in: bounded, nothing sent elsewhere, nothing leaked. */
	function expectBoundedAndClean(result: WorkflowRunResult) {
		expect(result.durationMs).toBeLessThan(NODE_BOUND_MS);
		expect(server.seenElsewhere).toEqual([]);
		expectNoSecretIn(result.run.data.resultData);
	}

	interface NodeFailureCase {
		title: string;
		node: HostileNodeRun;
		/** A login answered by a well-formed error envelope is Spaaza refusing the login. */
		logsIn?: boolean;
		/** What else the case proves about the run. */
		alsoExpect?: (result: WorkflowRunResult) => void;
	}

	const NODE_FAILURES: NodeFailureCase[] = [
		{
			title: 'Create Export Task (token)',
			node: CREATE_EXPORT_WITH_TOKEN,
		},
		{
			title: 'Wait For Task (admin session)',
			node: {
				type: 'spaazaWaitForTask',
				parameters: { taskId: '12345', pollInterval: 1, timeout: 1, onTimeout: 'error' },
				authentication: 'adminSession',
			},
		},
		{
			title: 'Upsert Product (admin login)',
			node: {
				type: 'spaazaUpsertProduct',
				parameters: { mappingMode: 'auto', updateIfExists: true, options: { maxRetries: 0 } },
				authentication: 'adminLogin',
				items: [{ owner_code: 'P-1', name: 'Hostile product' }],
			},
			logsIn: true,
			// The login itself already met the hostile answer: nothing else was asked for.
			alsoExpect: () =>
				expect(server.seen.every((request) => request.url === '/api/auth/login')).toBe(true),
		},
		{
			title: 'Delete Record (admin session)',
			node: {
				type: 'spaazaDeleteRecord',
				parameters: {
					recordType: 'variants',
					recordId: '={{ $json.id }}',
					options: { maxRetries: 0 },
				},
				authentication: 'adminSession',
				items: [{ id: 5 }],
			},
			// Nothing is reported deleted.
			alsoExpect: (result) =>
				expect(result.error?.message).toMatch(/^1 of 1 variants could not be deleted/),
		},
	];

	describe.each(NODE_FAILURES)('$title', ({ node, logsIn, alsoExpect }) => {
		it.each(NODE_CASES)('on %s: a clear NodeApiError, nothing leaked', async (mode) => {
			const result = await runNode(mode, node);

			expect(result.error?.name).toBe('NodeApiError');
			// The same code as the transport's (the table above), but for a refused login.
			expect(errorCode(result)).toBe(
				logsIn && mode === 'huge-json'
					? 'SPAAZA_AUTH_FAILED'
					: CASES.find((c) => c.mode === mode)!.code,
			);
			expect(result.error?.message.length).toBeLessThan(2_000);
			alsoExpect?.(result);
			expectBoundedAndClean(result);
		});
	});

	it.each(NODE_CASES)(
		'Compare Catalogue (variants, admin session) on %s: every record Changed with the reason, nothing leaked',
		async (mode) => {
			const result = await runNode(mode, {
				type: 'spaazaCompareCatalogue',
				// One page at a time: with Concurrency 4 four 20 MB answers are read before the read
				// stops, each as bounded as this one.
				parameters: {
					recordType: 'variants',
					feedIsComplete: true,
					options: { maxRetries: 0, concurrency: 1 },
				},
				authentication: 'adminSession',
				items: [{ owner_code: 'V-1', product_id: 7, barcodes: ['0123'] }],
			});

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
			expectBoundedAndClean(result);
		},
	);

	it('Upsert Product (admin session) on a redirect reports the record as failed, with the reason', async () => {
		const result = await runNode('redirect-308', {
			type: 'spaazaUpsertProduct',
			parameters: { mappingMode: 'auto', updateIfExists: true, options: { maxRetries: 0 } },
			authentication: 'adminSession',
			items: [{ owner_code: 'P-1', name: 'x' }],
			settings: { onError: 'continueRegularOutput' },
		});

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
	const result = await runNodeAgainst(server, CREATE_EXPORT_WITH_TOKEN, { cancelAfterMs: 500 });

	expect(result.cancelled).toBe(true);
	expect(result.stopLatencyMs).toBeLessThan(1_000);
});

it('the secrets the checks look for are really in the credentials', () => {
	const credential = hostileCredential(server, 'adminLogin');
	expect(Object.values(credential)).toContain(SECRETS.password);
});
