/**
 * Secrets (issue "Reliability and security", part 4): all seven nodes, on their success and their
 * failure paths, with every authentication method; the token secret, the password (right and
 * wrong ones), the access token of a bad credential and the admin session key must not appear in
 * any output item, error message or description, thrown error (as JSON or util.inspect, causes
 * included) or log line. Storage downloads carry no credential header, and the credential's
 * secret fields are password fields.
 */
import path from 'node:path';

import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { SpaazaApi } from '../../credentials/SpaazaApi.credentials';
import { startSandbox, type Sandbox } from '../../sandbox';
import {
	cleanupHarness,
	runWorkflow,
	workflowFromNodes,
	type NodeSpec,
	type WorkflowRunResult,
} from '../harness';
import { adminHeaders } from '../sandbox/sandboxClient';
import { sandboxCredentials } from '../support/sandbox';
import { captureLogs, type LogCapture } from '../support/logs';
import { runNodeAgainst } from '../support/hostileNode';
import { useHostileServer, type SeenRequest } from '../support/hostileServer';
import { leaksIn, partialLeaksIn, SECRETS } from '../support/secrets';

const SAMPLES = path.resolve(__dirname, '../../samples');
const SAMPLE_FILES = [
	`${SAMPLES}/productlist_20251024_100000.csv`,
	`${SAMPLES}/variantlist_20251024_100000.csv`,
];
const MALFORMED_FILES = [
	`${SAMPLES}/malformed/productlist_20251025_090000.csv`,
	`${SAMPLES}/malformed/variantlist_20251025_090000.csv`,
];
const WRONG_PASSWORD = 'pw-WRONG-SECRET-5d1c0a';
const WRONG_TOKEN_SECRET = 'tok-WRONG-SECRET-e2b7f9';
const STALE_SESSION_KEY = 'sk-STALE-SECRET-0a9c33';

let sandbox: Sandbox;
let logs: LogCapture;
/** Every secret any run of this file held, session keys included as they become known. */
const secrets = new Set<string>([WRONG_PASSWORD, WRONG_TOKEN_SECRET, STALE_SESSION_KEY]);
const scanned: string[] = [];

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, taskRunMs: 150, seed: 3 });
	secrets.add(sandbox.logins.token.secret);
	secrets.add(sandbox.logins.admin.password);
	logs = captureLogs();
});
afterAll(async () => {
	logs.stop();
	console.log(
		JSON.stringify({
			secrets: { runs: scanned.length, secretValues: secrets.size, logLines: logs.lines.length },
		}),
	);
	await sandbox.close();
	await cleanupHarness();
});

function credential(
	kind: 'token' | 'admin' | 'session' | 'wrongPassword' | 'wrongToken',
	session?: Record<string, string>,
) {
	const byKind: Record<typeof kind, () => ICredentialDataDecryptedObject> = {
		token: () => sandboxCredentials(sandbox, 'token'),
		wrongToken: () =>
			sandboxCredentials(sandbox, 'token', { accessTokenSecret: WRONG_TOKEN_SECRET }),
		admin: () => sandboxCredentials(sandbox, 'admin'),
		wrongPassword: () => sandboxCredentials(sandbox, 'admin', { password: WRONG_PASSWORD }),
		session: () => {
			// The session method alone: no username or password stored beside it.
			const custom = sandboxCredentials(sandbox, 'admin');
			delete custom.username;
			delete custom.password;
			return {
				...custom,
				authentication: 'adminSession',
				userId: session?.['X-Spaaza-Session-User-Id'] ?? '114521',
				sessionKey: session?.['X-Spaaza-Session-Key'] ?? STALE_SESSION_KEY,
			};
		},
	};
	return { spaazaApi: byKind[kind]() };
}

const spaaza = (
	type: string,
	parameters: INodeParameters,
	settings?: NodeSpec['settings'],
): NodeSpec => ({
	type: `n8n-nodes-spaaza.${type}`,
	name: type,
	parameters,
	credentials: { spaazaApi: { id: '1', name: 'Spaaza sandbox' } },
	...(settings ? { settings } : {}),
});
const items = (list: unknown[]): NodeSpec => ({
	type: 'test.items',
	parameters: { items: JSON.stringify(list) },
});
const readFiles = (files: string[]): NodeSpec => ({
	type: 'test.readFiles',
	parameters: { filePaths: files.join('\n') },
});
const trigger: NodeSpec = { type: 'test.manualTrigger' };
/** Manual trigger → these records as items → the node: how most runs here are built. */
const itemsInto = (records: unknown[], node: NodeSpec): NodeSpec[] => [
	trigger,
	items(records),
	node,
];

/** Runs, learns any session key the run obtained, and checks everything visible for every secret. */
async function runAndScan(
	label: string,
	nodes: NodeSpec[],
	credentials: ReturnType<typeof credential>,
	expectError: boolean,
): Promise<WorkflowRunResult> {
	const before = logs.lines.length;
	const result = await runWorkflow(workflowFromNodes(...nodes), { credentials, timeoutMs: 30_000 });
	const session = String(result.credentials.spaazaApi?.sessionToken ?? '');
	if (session.includes(':')) secrets.add(session.slice(session.indexOf(':') + 1));
	expect({ label, failed: result.error !== undefined }).toEqual({ label, failed: expectError });
	const visible = {
		resultData: result.run.data.resultData,
		error: result.error,
		executionError: result.executionError,
		logs: logs.lines.slice(before),
	};
	expect({ label, leaks: leaksIn(visible, [...secrets]) }).toEqual({ label, leaks: [] });
	scanned.push(label);
	return result;
}

const PRODUCT = { owner_code: 'SECRET-P1', name: 'Secret scan product', price: '9.95' };
const VARIANT = {
	owner_code: 'SECRET-P1-V1',
	product_owner_code: 'SECRET-P1',
	barcodes: ['0000000000017'],
	size: 'M',
};
const CREATE = {
	exportIndex: 'products',
	exportFormat: 'csv',
	runAt: 'now',
	filter: 'none',
	options: { executeNow: true },
};
const WAIT = { taskId: '={{ $json.id }}', pollInterval: 1, timeout: 1, onTimeout: 'error' };
const DOWNLOAD = { taskId: '={{ $json.id }}', download: true, binaryPropertyName: 'data' };

describe('no secret in outputs, errors or logs', () => {
	it('Parse Spaaza File Set: the sample set, and the malformed set with onInvalidRow fail', async () => {
		await runAndScan(
			'parse ok',
			[
				trigger,
				readFiles(SAMPLE_FILES),
				{ type: 'n8n-nodes-spaaza.spaazaParseFileSet', parameters: {} },
			],
			credential('admin'),
			false,
		);
		await runAndScan(
			'parse fail',
			[
				trigger,
				readFiles(MALFORMED_FILES),
				{ type: 'n8n-nodes-spaaza.spaazaParseFileSet', parameters: { onInvalidRow: 'fail' } },
			],
			credential('admin'),
			true,
		);
	});

	it('Build Spaaza File Set: valid and invalid records', async () => {
		const build = (records: unknown[]) => [
			trigger,
			items(records),
			{ type: 'n8n-nodes-spaaza.spaazaBuildFileSet', parameters: { fileType: 'productlist' } },
		];
		await runAndScan('build ok', build([PRODUCT]), credential('admin'), false);
		await runAndScan(
			'build invalid',
			build([{ owner_code: 'X', price: 'abc' }]),
			credential('admin'),
			false,
		);
	});

	it('Upsert Product and Upsert Variant: success, retries, Spaaza refusals, token refused, wrong password', async () => {
		sandbox.injectNext('503', 2);
		sandbox.injectNext('429', 1);
		await runAndScan(
			'upsert product ok',
			itemsInto([PRODUCT], spaaza('spaazaUpsertProduct', {})),
			credential('admin'),
			false,
		);
		await runAndScan(
			'upsert variant ok',
			itemsInto([VARIANT], spaaza('spaazaUpsertVariant', {})),
			credential('admin'),
			false,
		);
		await runAndScan(
			'upsert product refused (exists, no update)',
			itemsInto([PRODUCT], spaaza('spaazaUpsertProduct', { updateIfExists: false })),
			credential('admin'),
			true,
		);
		await runAndScan(
			'upsert variant refused (unknown product)',
			itemsInto(
				[{ ...VARIANT, owner_code: 'ORPHAN', product_owner_code: 'NOPE', barcodes: ['99'] }],
				spaaza('spaazaUpsertVariant', {}),
			),
			credential('admin'),
			true,
		);
		await runAndScan(
			'upsert invalid record, continue',
			itemsInto(
				[{ owner_code: 'BAD', name: 'x', price: '1,50' }],
				spaaza('spaazaUpsertProduct', {}, { onError: 'continueRegularOutput' }),
			),
			credential('admin'),
			false,
		);
		await runAndScan(
			'upsert with a token',
			itemsInto([PRODUCT], spaaza('spaazaUpsertProduct', {})),
			credential('token'),
			true,
		);
		await runAndScan(
			'upsert wrong password',
			itemsInto([PRODUCT], spaaza('spaazaUpsertProduct', {})),
			credential('wrongPassword'),
			true,
		);
		await runAndScan(
			'upsert stale session',
			itemsInto([PRODUCT], spaaza('spaazaUpsertProduct', {})),
			credential('session'),
			true,
		);
		const session = await adminHeaders(sandbox);
		secrets.add(session['X-Spaaza-Session-Key']);
		await runAndScan(
			'upsert admin session ok',
			itemsInto([PRODUCT], spaaza('spaazaUpsertProduct', {})),
			credential('session', session),
			false,
		);
	});

	it('Create Export Task, Wait For Task, Get Download URL: success with token and admin login', async () => {
		for (const who of ['token', 'admin'] as const) {
			const result = await runAndScan(
				`export chain ${who}`,
				[
					trigger,
					spaaza('spaazaCreateExportTask', CREATE),
					spaaza('spaazaWaitForTask', WAIT),
					spaaza('spaazaGetDownloadUrl', DOWNLOAD),
				],
				credential(who),
				false,
			);
			expect(result.json('spaazaGetDownloadUrl')[0].fileSize).toBeGreaterThan(0);
		}
		// The pre-signed download carried no credential and no Spaaza header of any kind.
		const downloads = sandbox.storageRequests();
		expect(downloads.length).toBeGreaterThanOrEqual(2);
		for (const download of downloads) {
			expect(download).toMatchObject({ authorization: false, spaazaHeaders: [] });
			expect(
				download.headerNames.filter((name: string) => /authorization|cookie|x-spaaza/i.test(name)),
			).toEqual([]);
		}
	});

	it('the export nodes on their failure paths', async () => {
		await runAndScan(
			'create wrong token',
			[trigger, spaaza('spaazaCreateExportTask', CREATE)],
			credential('wrongToken'),
			true,
		);
		await runAndScan(
			'create bad segment',
			[
				trigger,
				spaaza('spaazaCreateExportTask', {
					...CREATE,
					filter: 'json',
					segmentJson: '{"rules": 5}',
				}),
			],
			credential('token'),
			true,
		);
		sandbox.failNextTasks(1);
		await runAndScan(
			'wait task ERROR',
			[
				trigger,
				spaaza('spaazaCreateExportTask', { ...CREATE, options: {} }),
				spaaza('spaazaWaitForTask', WAIT),
			],
			credential('token'),
			true,
		);
		await runAndScan(
			'wait unknown task',
			[trigger, spaaza('spaazaWaitForTask', { ...WAIT, taskId: '999999' })],
			credential('admin'),
			true,
		);
		await runAndScan(
			'download not ready',
			[
				trigger,
				spaaza('spaazaCreateExportTask', {
					...CREATE,
					runAt: 'scheduled',
					scheduledTime: '2099-01-01T00:00:00Z',
					options: {},
				}),
				spaaza('spaazaGetDownloadUrl', DOWNLOAD),
			],
			credential('token'),
			true,
		);
		await runAndScan(
			'download wrong token',
			[trigger, spaaza('spaazaGetDownloadUrl', { ...DOWNLOAD, taskId: '12345' })],
			credential('wrongToken'),
			true,
		);
	});
});

describe('no secret in the sync nodes (Compare Catalogue, Delete Record)', () => {
	const compare = (recordType: 'products' | 'variants', records: unknown[]) =>
		itemsInto(
			records,
			spaaza('spaazaCompareCatalogue', {
				recordType,
				feedIsComplete: true,
				outputUnchanged: 'records',
				options: {},
			}),
		);

	it('Compare Catalogue reads (products export, variant pages) and Delete Record deletes, on success', async () => {
		await runAndScan(
			'sync seed',
			itemsInto([PRODUCT], spaaza('spaazaUpsertProduct', { mappingMode: 'auto', options: {} })),
			credential('admin'),
			false,
		);
		for (const who of ['token', 'admin'] as const) {
			const result = await runAndScan(
				`compare products ${who}`,
				compare('products', [PRODUCT]),
				credential(who),
				false,
			);
			expect(result.json('spaazaCompareCatalogue', 2).length).toBeGreaterThan(0);
		}
		const variants = await runAndScan(
			'compare variants admin',
			compare('variants', [VARIANT]),
			credential('admin'),
			false,
		);
		// The variant feed names its product by owner code: both reads ran (pages and the export),
		// to the end (whether an earlier test already wrote the variant or not).
		const sorted = [0, 1, 2].flatMap((output) => variants.json('spaazaCompareCatalogue', output));
		expect(sorted.map((json) => json.owner_code)).toEqual([VARIANT.owner_code]);
		expect(sorted[0].reason).toBeUndefined();
		const missing = await runAndScan(
			'compare → delete',
			compare('products', [{ owner_code: 'SOMETHING-ELSE', name: 'x' }]),
			credential('admin'),
			false,
		);
		const ids = missing.json('spaazaCompareCatalogue', 3).map((json) => ({ id: json.id }));
		expect(ids.length).toBeGreaterThan(0);
		await runAndScan(
			'delete products admin',
			itemsInto(ids, spaaza('spaazaDeleteRecord', { recordType: 'products', maxDeletions: 1000 })),
			credential('admin'),
			false,
		);
		// Storage downloads of the exports carried no credential.
		for (const download of sandbox.storageRequests())
			expect(download).toMatchObject({ authorization: false, spaazaHeaders: [] });
	});

	it('Compare Catalogue and Delete Record on their failure paths', async () => {
		const wrong = await runAndScan(
			'compare variants wrong password',
			compare('variants', [VARIANT]),
			credential('wrongPassword'),
			false,
		);
		// A read that fails does not stop the run: every record is Changed, and the summary says why.
		expect(wrong.json('spaazaCompareCatalogue', 1)[0].reason).toMatch(/could not be read/);
		// An access token cannot read variants: the read fails, every record is Changed with the reason.
		const token = await runAndScan(
			'compare variants token',
			compare('variants', [VARIANT]),
			credential('token'),
			false,
		);
		expect(token.json('spaazaCompareCatalogue', 1)[0].reason).toMatch(
			/could not be read to the end/,
		);
		sandbox.failNextTasks(1);
		const failedExport = await runAndScan(
			'compare products export ERROR',
			compare('products', [PRODUCT]),
			credential('token'),
			false,
		);
		expect(failedExport.json('spaazaCompareCatalogue', 1)[0].reason).toMatch(/could not be read/);
		await runAndScan(
			'compare products wrong token',
			compare('products', [PRODUCT]),
			credential('wrongToken'),
			false,
		);
		await runAndScan(
			'delete unknown id',
			itemsInto(
				[{ id: 987654 }],
				spaaza('spaazaDeleteRecord', { recordType: 'variants', options: { maxRetries: 0 } }),
			),
			credential('admin'),
			true,
		);
		await runAndScan(
			'delete wrong password',
			itemsInto([{ id: 1 }], spaaza('spaazaDeleteRecord', { recordType: 'products' })),
			credential('wrongPassword'),
			true,
		);
		await runAndScan(
			'delete stale session',
			itemsInto([{ id: 1 }], spaaza('spaazaDeleteRecord', { recordType: 'products' })),
			credential('session'),
			true,
		);
		await runAndScan(
			'delete token refused',
			itemsInto([{ id: 1 }], spaaza('spaazaDeleteRecord', { recordType: 'products' })),
			credential('token'),
			true,
		);
	});
});

/**
 * A server that echoes what it got (a firewall page showing the form body, an error that repeats
 * the session header) with the echoed secret placed so that the error's cut falls inside it, at
 * every position: the 200-character snippet of a non-JSON page, the 1,000-character cut of
 * Spaaza's description. Scrubbing after the cut missed every one of them.
 */
describe('server answers that echo a secret, cut at every position', () => {
	const hostile = useHostileServer('custom');
	const SNIPPET = 200;
	const DESCRIPTION = 1000;

	/** Where each credential's secret reaches the server, and a node that sends it. */
	const SENDERS = {
		'token secret (Authorization header)': {
			authentication: 'accessToken',
			type: 'spaazaWaitForTask',
			parameters: { taskId: '12345', pollInterval: 1, timeout: 1, onTimeout: 'error' },
			items: [{}],
			secret: SECRETS.tokenSecret,
			label: 'authorization=Bearer ',
			echo: (request: SeenRequest) => `authorization=${String(request.headers.authorization)}`,
		},
		'session key (X-Spaaza-Session-Key header)': {
			authentication: 'adminSession',
			type: 'spaazaUpsertProduct',
			parameters: { mappingMode: 'auto', updateIfExists: true, options: {} },
			items: [{ owner_code: 'P-1', name: 'x' }],
			secret: SECRETS.sessionKey,
			label: 'session=',
			echo: (request: SeenRequest) => `session=${String(request.headers['x-spaaza-session-key'])}`,
		},
		'password (login form body)': {
			authentication: 'adminLogin',
			type: 'spaazaUpsertProduct',
			parameters: { mappingMode: 'auto', updateIfExists: true, options: {} },
			items: [{ owner_code: 'P-1', name: 'x' }],
			secret: SECRETS.password,
			label: 'password=',
			// Decoded, as a page that shows the form's fields does.
			echo: (request: SeenRequest) =>
				`password=${new URLSearchParams(request.body).get('password') ?? ''}`,
		},
	} as const;

	/** The answer with the echo placed so that the cut at `cut` keeps `kept` of its characters. */
	function answerCutAt(
		shape: 'html' | 'json',
		echoOf: (request: SeenRequest) => string,
		secretLength: number,
		kept: number,
	) {
		return (request: SeenRequest, res: import('node:http').ServerResponse) => {
			const echo = echoOf(request);
			// The echo ends with the secret: the cut falls `kept` characters into it.
			const before = echo.length - secretLength;
			if (shape === 'html') {
				// Read as "Forbidden <pad><echo> end": 10 characters precede the pad.
				const pad = 'x'.repeat(SNIPPET - 10 - before - kept);
				res.writeHead(403, { 'content-type': 'text/html' });
				res.end(`<html><body><h1>Forbidden</h1><p>${pad}${echo} END-OF-ECHO</p></body></html>`);
				return;
			}
			const pad = 'x'.repeat(DESCRIPTION - before - kept);
			res.writeHead(400, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({
					result: { status: 'error', code: 2 },
					error: { code: 999, name: 'blocked', description: `${pad}${echo} END-OF-ECHO` },
				}),
			);
		};
	}

	it.each(
		Object.keys(SENDERS).flatMap((who) => [
			[who, 'html'],
			[who, 'json'],
		]) as Array<[keyof typeof SENDERS, 'html' | 'json']>,
	)('%s echoed in a %s answer: no piece of it in the error', async (who, shape) => {
		const sender = SENDERS[who];
		const leaks: string[] = [];
		let echoed = 0;
		for (let kept = 1; kept < sender.secret.length; kept++) {
			hostile.respond = answerCutAt(shape, sender.echo, sender.secret.length, kept);
			const result = await runNodeAgainst(hostile, sender);
			expect(result.error?.name).toBe('NodeApiError');
			const shown = `${result.error?.message} ${String(result.error?.description)}`;
			// The echo reached the error (the cut is placed inside the secret by construction).
			if (shown.includes(`${'x'.repeat(20)}${sender.label}`)) echoed++;
			for (const leak of [
				...leaksIn(result.run.data.resultData, [sender.secret]),
				...partialLeaksIn(result.run.data.resultData, [sender.secret]),
			])
				leaks.push(`kept ${kept}: ${leak}`);
			hostile.seen.length = 0;
		}
		expect(leaks).toEqual([]);
		expect(echoed).toBe(sender.secret.length - 1);
	});

	it('a password with "<3>" in it, echoed raw in an HTML page, is not left behind by tag stripping', async () => {
		const password = 'Tr0ub4dor<3>Phrase-Q7e1';
		hostile.respond = (request, res) => {
			res.writeHead(403, { 'content-type': 'text/html' });
			res.end(
				`<html><body><p>Blocked form: password=${new URLSearchParams(request.body).get('password')}</p></body></html>`,
			);
		};
		const result = await runNodeAgainst(hostile, {
			...SENDERS['password (login form body)'],
			credential: { password },
		});
		expect(result.error?.message).toMatch(/Blocked form: password=\[hidden\]/);
		expect(partialLeaksIn(result.run.data.resultData, [password])).toEqual([]);
	});
});

describe('the credential', () => {
	it('types every secret field as a password', () => {
		const fields = new SpaazaApi().properties;
		const secretFields = ['accessTokenSecret', 'password', 'sessionKey', 'sessionToken'];
		for (const name of secretFields) {
			const field = fields.find((property) => property.name === name);
			expect({ name, password: field?.typeOptions?.password }).toEqual({ name, password: true });
		}
		// The session token is also hidden and expirable, so n8n refreshes it and never shows it.
		expect(fields.find((property) => property.name === 'sessionToken')).toMatchObject({
			type: 'hidden',
			typeOptions: { expirable: true },
		});
	});

	it('scanned every node on both paths, with every kind of secret known', () => {
		expect(scanned.length).toBeGreaterThanOrEqual(20);
		// Password, token secret, wrong ones, the stale key, and at least two real session keys.
		expect(secrets.size).toBeGreaterThanOrEqual(7);
		// The log capture really saw the nodes' logging.
		expect(logs.lines.some((line) => line.includes('Spaaza request retried'))).toBe(true);
	});

	it('the scanner finds a secret hidden in an error cause, a hidden field or a log line', () => {
		const hidden = new Error('outer', {
			cause: { config: { headers: { 'X-Spaaza-Session-Key': 'sk-SECRET-98b1aa04f6c2' } } },
		});
		expect(leaksIn(hidden)).not.toEqual([]);
		const nonEnumerable = new Error('plain');
		Object.defineProperty(nonEnumerable, 'request', {
			value: { body: 'password=pw-SECRET-c41d2e8b7a13' },
			enumerable: false,
		});
		expect(leaksIn(nonEnumerable)).not.toEqual([]);
		expect(leaksIn({ logs: ['logger.debug: Bearer id:tok-SECRET-7f3a9c1e55d0'] })).not.toEqual([]);
	});
});
