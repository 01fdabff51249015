/**
 * Hostile-response fuzz: every API node runs in n8n's engine against a server whose
 * every answer is random — status codes, content types, Retry-After values, redirects to other
 * origins and to data:/file:/metadata addresses, HTML, runs of `<`, random bytes, deep nesting,
 * bodies up to 10 MB, bodies that trickle, pages that echo the request, download URLs that point
 * anywhere, answers that echo a secret the request carried with the error's cut (200-character
 * snippet, 1,000-character description) falling anywhere inside it. For every case: the run ends (0 hangs) within its bound, any error is an n8n node
 * error with a SPAAZA_* code and a bounded message (0 crashes), no secret and no 6+ character
 * piece of one appears in the run data and nothing reaches the other origin (0 leaks).
 *
 * SPAAZA_HOSTILE_CASES sets the number of cases (default 10; `npm run soak` runs 200),
 * SPAAZA_HOSTILE_SEED the seed. The slowest case is printed, for the soak's record.
 */
import type { ServerResponse } from 'node:http';

import { seededRandom } from '../../sandbox/random';
import { cleanupHarness } from '../harness';
import { useHostileServer, type HostileServer, type SeenRequest } from '../support/hostileServer';
import { runNodeAgainst } from '../support/hostileNode';
import { expectNoSecretIn, partialLeaksIn } from '../support/secrets';

const CASES = Number(process.env.SPAAZA_HOSTILE_CASES ?? 10);
const SEED = Number(process.env.SPAAZA_HOSTILE_SEED ?? 20261127);
/**
 * A case's answers are built so that a correct client ends within seconds: at most two retryable
 * statuses per case, Retry-After of at most a second, trickles of at most 1.5 s. The bound leaves
 * room for backoff and a loaded CI machine; a hang or a 60 s wait exceeds it.
 */
const CASE_BOUND_MS = 20_000;
const MB = 1024 * 1024;

type Pick = <T>(options: readonly T[]) => T;

const NODES = [
	[
		'spaazaCreateExportTask',
		{
			exportIndex: 'products',
			exportFormat: 'csv',
			runAt: 'now',
			filter: 'none',
			options: { executeNow: true },
		},
		'accessToken',
		[{}],
	],
	[
		'spaazaWaitForTask',
		{ taskId: '12345', pollInterval: 0.2, timeout: 0.05, onTimeout: 'error' },
		'accessToken',
		[{}],
	],
	['spaazaGetDownloadUrl', { taskId: '12345', download: true }, 'accessToken', [{}]],
	[
		'spaazaUpsertProduct',
		{ mappingMode: 'auto', updateIfExists: true, options: {} },
		'adminLogin',
		[{ owner_code: 'P-1', name: 'x' }],
	],
	[
		'spaazaUpsertVariant',
		{ mappingMode: 'auto', updateIfExists: true, options: {} },
		'adminSession',
		[{ owner_code: 'V-1', product_owner_code: 'P-1', barcodes: ['1'] }],
	],
] as const;

function hostileAnswer(
	server: HostileServer,
	random: () => number,
	pick: Pick,
	state: { retryable: number },
) {
	return (request: SeenRequest, res: ServerResponse, timers: Set<NodeJS.Timeout>) => {
		let status = pick([
			200, 200, 200, 201, 204, 301, 302, 307, 308, 400, 401, 403, 404, 410, 429, 500, 502, 503, 504,
			599,
		]);
		if ([429, 502, 503, 504].includes(status) && ++state.retryable > 2) status = 200;
		const headers: Record<string, string> = {};
		const type = pick([
			'application/json',
			'text/html',
			'text/plain',
			'application/octet-stream',
			'',
			'application/json; charset=utf-16',
		]);
		if (type) headers['content-type'] = type;
		const retryAfter = pick([
			'',
			'0',
			'1',
			'abc',
			'-5',
			'1e309',
			'Wed, 21 Oct 2015 07:28:00 GMT',
			'0.5',
		]);
		if (retryAfter) headers['retry-after'] = retryAfter;
		if (status >= 300 && status < 400) {
			headers.location = pick([
				`${server.otherBaseUrl}/stolen`,
				'data:text/plain,owned',
				'file:///etc/passwd',
				'http://169.254.169.254/latest/meta-data/',
				'',
				'::::',
			]);
		}
		const storage = `${server.baseUrl}/storage/Product_Export-12345.csv?expires=${pick(['1', '99999999999999999', 'x'])}`;
		// What the request carried that a server could echo: the Authorization value, the session
		// key, the login form's password (decoded, as a page showing the form's fields has it).
		const authorization = String(request.headers.authorization ?? '');
		const echoes = [
			// The secret part of `Bearer <id>:<secret>` is what follows the colon.
			{ text: authorization, secret: authorization.length - authorization.lastIndexOf(':') - 1 },
			{ text: String(request.headers['x-spaaza-session-key'] ?? ''), secret: -1 },
			{ text: new URLSearchParams(request.body).get('password') ?? '', secret: -1 },
		].filter((echo) => echo.text !== '' && echo.text !== 'undefined');
		const echo = echoes.length > 0 ? pick(echoes) : { text: '', secret: 0 };
		const echoed = echo.text;
		// How many characters of the echo precede its secret part.
		const beforeSecret = echo.secret < 0 ? 0 : echo.text.length - echo.secret;
		const kind = pick([
			'empty',
			'ok',
			'error',
			'task',
			'url',
			'html',
			'lt',
			'bytes',
			'nested',
			'echo',
			'slow',
			'huge',
			'ok',
			'task',
			'url',
			'echo-cut',
			'echo-cut',
			'echo-cut',
			'warned',
			'hugeOk',
		]);
		// Secrets reach an answer only by echo (the `echo` kind): a server cannot know them otherwise.
		const text = (): string => pick(['', 'x', 'password=', '<b>', 'A'.repeat(5_000)]);
		let body: string | Buffer = '';
		switch (kind) {
			case 'ok':
				body = JSON.stringify({
					result: { status: 'ok', code: 1 },
					results: pick([
						{},
						{ product: { id: 1 } },
						{ session_info: { session_user_id: 1, session_key: 'k' } },
						null,
						[],
					]),
				});
				break;
			case 'warned':
				// A success with warnings (docs/spaaza-api.md §8.1): few or many, short or long, odd shapes.
				body = JSON.stringify({
					result: { status: 'ok', code: 1 },
					results: pick([{ product: { id: 1 } }, { product_variant: { id: 2 } }, {}]),
					warnings: pick([
						[{ code: 401, name: 'barcode_ignored', description: text() }],
						Array.from({ length: 20_000 }, (_, i) => ({
							code: i,
							name: text(),
							description: text(),
						})),
						['a bare string', 7, null, { name: { nested: true } }],
						'not a list',
					]),
				});
				break;
			case 'hugeOk': {
				// A 10 MB success envelope: valid JSON, most of it undocumented data or warnings.
				const filler = Array.from({ length: 150_000 }, (_, i) => ({ i, note: 'filler data xx' }));
				body = JSON.stringify({
					result: { status: 'ok', code: 1 },
					results: pick([
						{ product: { id: 1, owner_code: 'P-1', name: 'x'.repeat(5 * MB), extra: filler } },
						{ product_variant: { id: 2, owner_code: 'V-1', barcodes: filler } },
						{ product: { id: 1, owner_code: 'P-1' }, more: filler },
					]),
					warnings: pick([[], filler.slice(0, 50_000)]),
				});
				break;
			}
			case 'error':
				body = JSON.stringify({
					result: { status: 'error', code: 2 },
					error: {
						code: pick([6, 5, 999, 'x']),
						name: text(),
						description: text(),
						details: [text(), text()],
					},
				});
				break;
			case 'task':
				body = JSON.stringify({
					id: pick([12345, 'x', -1]),
					state: { code: pick(['DONE', 'ERROR', 'WEIRD', 3]) },
					target: { action: pick(['export', 'import']) },
					url: storage,
					logs: pick([
						[],
						[{ level: 'error', message: `refused: ${echoed}` }],
						[`Authorization: ${echoed}`, { msg: echoed }, echoed],
					]),
				});
				break;
			case 'url':
				body = JSON.stringify({
					url: pick([
						storage,
						storage,
						`${storage}&auth=${encodeURIComponent(echoed)}`,
						`${server.baseUrl}/storage/${encodeURIComponent(echoed)}/f.csv`,
						'data:text/csv,a',
						'http://169.254.169.254/',
						'file:///etc/passwd',
						`${server.otherBaseUrl}/f.csv`,
						'',
						7,
					]),
				});
				break;
			case 'html':
				body = `<html><script>${'x'.repeat(1_000)}</script><h1>${text()}</h1></html>`;
				break;
			case 'lt':
				body = '<'.repeat(Math.floor(random() * 200_000));
				break;
			case 'bytes':
				body = Buffer.from(
					Array.from({ length: Math.floor(random() * 65_536) }, () => Math.floor(random() * 256)),
				);
				break;
			case 'nested':
				body = '['.repeat(100_000);
				break;
			case 'echo':
				body = `Blocked: ${request.body} ${JSON.stringify(request.headers)}`;
				break;
			case 'echo-cut': {
				// The echo placed so that the error's cut falls `kept` characters into it.
				const kept =
					beforeSecret + 1 + Math.floor(random() * Math.max(1, echoed.length - beforeSecret - 1));
				if (random() < 0.5) {
					// "Blocked <pad><echo>" as the 200-character snippet reads it: 8 characters first.
					const pad = 'x'.repeat(Math.max(0, 200 - 8 - kept));
					headers['content-type'] = 'text/html';
					body = `<html><body><h1>Blocked</h1><p>${pad}${echoed} end</p></body></html>`;
				} else {
					headers['content-type'] = 'application/json';
					body = JSON.stringify({
						result: { status: 'error', code: 2 },
						error: {
							code: 999,
							name: 'x',
							description: `${'x'.repeat(1_000 - kept)}${echoed} end`,
						},
					});
				}
				if (status < 400) status = pick([400, 403, 500]);
				break;
			}
			case 'huge':
				body = Buffer.alloc(Math.floor(random() * 10 * MB), pick([0x41, 0x3c, 0x7b]));
				break;
			case 'slow': {
				res.writeHead(status, headers);
				const until = Date.now() + random() * 1_500;
				const timer = setInterval(() => {
					if (res.destroyed || Date.now() > until) {
						clearInterval(timer);
						timers.delete(timer);
						res.end();
						return;
					}
					res.write(pick(['x', '{', '<', ' ']));
				}, 50);
				timers.add(timer);
				return;
			}
		}
		res.writeHead(status, headers);
		res.end(body);
	};
}

const server = useHostileServer('custom');
let slowest = { ms: 0, at: '' };

afterAll(async () => {
	await cleanupHarness();
	console.info(
		`hostile fuzz: ${CASES} cases (seed ${SEED}), slowest ${slowest.ms} ms (${slowest.at})`,
	);
});

describe('every API node against random hostile answers', () => {
	const cases = Array.from({ length: CASES }, (_, index) => index);

	it.each(cases)(
		'case %i: ends in bounded time with a coded error or a result, nothing leaked',
		async (index) => {
			const random = seededRandom(SEED + index);
			const pick: Pick = (options) => options[Math.floor(random() * options.length)];
			const [type, parameters, authentication, items] = NODES[index % NODES.length];
			server.respond = hostileAnswer(server, random, pick, { retryable: 0 });
			const heapBefore = process.memoryUsage().heapUsed;
			const started = Date.now();

			const result = await runNodeAgainst(
				server,
				{ type, parameters, authentication, items },
				{ timeoutMs: CASE_BOUND_MS },
			);

			const elapsed = Date.now() - started;
			if (elapsed > slowest.ms) slowest = { ms: elapsed, at: `case ${index}, ${type}` };
			expect(elapsed).toBeLessThan(CASE_BOUND_MS);
			if (result.error) {
				expect(['NodeApiError', 'NodeOperationError']).toContain(result.error.name);
				expect(
					String((result.executionError?.context as { code?: unknown } | undefined)?.code),
				).toMatch(/^SPAAZA_/);
				expect(result.error.message.length).toBeLessThan(2_000);
				expect(String(result.error.description ?? '').length).toBeLessThan(4_000);
			}
			expectNoSecretIn(result.run.data.resultData);
			expect(partialLeaksIn(result.run.data.resultData)).toEqual([]);
			// An upsert keeps a projection of the answer, never the answer (10 MB in `hugeOk`).
			if (type.startsWith('spaazaUpsert'))
				expect(JSON.stringify(result.run.data.resultData).length).toBeLessThan(256 * 1024);
			expect(server.seenElsewhere).toEqual([]);
			// Nothing of a 10 MB answer is kept: generous, as the heap is not collected in between.
			expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(400 * MB);
		},
	);
});
