import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeParameters } from 'n8n-workflow';

import {
	UNCERTAIN_CREATE_LOOKUP_DELAYS_MS,
	UNCERTAIN_CREATE_LOOKUP_MS,
} from '../../../nodes/spaaza/export/createExportTask';
import { DEFAULT_TIMEOUT_MS } from '../../../nodes/spaaza/transport/constants';

import { cleanupHarness, PACKAGE_DIR } from '../../harness';
import { sandboxCredentials } from '../../support/sandbox';
import { expectNoSecrets } from '../../support/secrets';
import {
	CREATE,
	CREATE_TASK,
	errorCode,
	run,
	seedCatalogue,
	useExportSandbox,
	type Credential,
	type ExportRun,
} from '../../workflows/export/support';

const sandbox = useExportSandbox();
afterAll(async () => await cleanupHarness());

/** Runs the Create Export Task workflow with these parameters on its node. */
const createTask = async (parameters: INodeParameters, spec: Omit<ExportRun, 'parameters'> = {}) =>
	await run(CREATE_TASK, sandbox, { ...spec, parameters: { [CREATE]: parameters } });

/** The task's segment: the documented envelope (docs/spaaza-api.md) around these rules. */
const expectSegmentSent = (join: string, rules: unknown[]) =>
	expect(sandbox.tasks()[0].trigger.segment).toEqual({
		entity: 'people',
		index: 'products',
		join,
		chain_id: sandbox.chainId,
		rules,
	});

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

describe('Spaaza Create Export Task', () => {
	it.each<Credential>(['token', 'admin'])(
		'creates a products CSV export with a %s credential',
		async (credential) => {
			const before = Date.now();
			const result = await run(CREATE_TASK, sandbox, { credential });

			expect(result.error).toBeUndefined();
			const [task] = result.json(CREATE);
			expect(task).toMatchObject({ chain: sandbox.chainId, state: { code: 'READY' } });
			expect(typeof task.id).toBe('number');
			const [stored] = sandbox.tasks();
			expect(stored.id).toBe(task.id);
			expect(stored.target).toEqual({
				action: 'export',
				export_index: 'products',
				export_format: 'csv',
			});
			// A reference unique to the run lets a retry find the task instead of creating a second one.
			expect(stored.desc).toMatch(/^products export \(csv\) from n8n \[n8n-[0-9a-f]{12}\]$/);
			expect(stored.trigger.once).toMatch(ISO_UTC);
			expect(Date.parse(stored.trigger.once)).toBeGreaterThanOrEqual(before - 1000);
			expect(Date.parse(stored.trigger.once)).toBeLessThanOrEqual(Date.now());
			expect(stored.trigger).not.toHaveProperty('segment');
			expect(result.output(CREATE)[0].pairedItem).toEqual({ item: 0 });
			expectNoSecrets(sandbox, result);
		},
	);

	it('sends the chosen index, format and description', async () => {
		const result = await createTask({
			exportIndex: 'product-variants',
			exportFormat: 'json',
			description: 'Variants for the webshop',
		});
		expect(result.error).toBeUndefined();
		const [stored] = sandbox.tasks();
		expect(stored.desc).toMatch(/^Variants for the webshop \[n8n-[0-9a-f]{12}\]$/);
		expect(stored.target).toEqual({
			action: 'export',
			export_index: 'product-variants',
			export_format: 'json',
		});
	});

	it.each([
		['a wall-clock time in the workflow time zone', '2030-01-02T03:04:05', '2030-01-02T02:04:05Z'],
		['a time with its own offset', '2030-01-02T03:04:05+05:00', '2030-01-01T22:04:05Z'],
		['a UTC time', '2030-07-01T12:00:00.000Z', '2030-07-01T12:00:00Z'],
	])('schedules the export at %s, sent as ISO 8601 UTC', async (_name, scheduledTime, once) => {
		const result = await createTask(
			{ runAt: 'scheduled', scheduledTime },
			{ timezone: 'Europe/Amsterdam' },
		);
		expect(result.error).toBeUndefined();
		expect(sandbox.tasks()[0].trigger.once).toBe(once);
		expect(result.json(CREATE)[0].state).toMatchObject({ code: 'READY' });
	});

	it('rejects a scheduled time that is not a date, before sending anything', async () => {
		const result = await createTask({ runAt: 'scheduled', scheduledTime: 'next friday' });
		expect(result.error?.message).toContain('"next friday" is not a date and time');
		expect(sandbox.tasks()).toEqual([]);
	});

	it('sends rule-builder rules as the documented segment object', async () => {
		const category = {
			field_name: 'category',
			field_type: 'keyword',
			operator: 'is',
			value: 'Electronics',
		};
		const priceRange = {
			field_name: 'price',
			field_type: 'number',
			operator: 'is_between_number',
			min: 10,
			max: 60,
		};
		const thisYear = {
			field_name: 'created_date',
			field_type: 'date',
			operator: 'is_between_date',
			start_date: '2026-01-01T00:00:00Z',
			end_date: '2026-12-31T23:59:59Z',
		};
		// The builder keeps a value typed before the operator changed; the segment drops it.
		const rule = [category, { ...priceRange, value: 'ignored' }, thisYear];
		const result = await createTask({ filter: 'rules', join: 'any', rules: { rule } });
		expect(result.error).toBeUndefined();
		expectSegmentSent('any', [category, priceRange, thisYear]);
	});

	it('sends a saved segment by its ID', async () => {
		const result = await createTask({ filter: 'segmentId', segmentId: 'sandbox-promotional' });
		expect(result.error).toBeUndefined();
		expect(sandbox.tasks()[0].trigger).toMatchObject({ segment_id: 'sandbox-promotional' });
		expect(sandbox.tasks()[0].trigger).not.toHaveProperty('segment');
	});

	it('sends a raw JSON segment, completed from the task', async () => {
		const segmentJson = JSON.stringify({
			join: 'all',
			rules: [{ field_name: 'brand', field_type: 'keyword', operator: 'is_not', value: 'Acme' }],
		});
		const result = await createTask({ filter: 'json', segmentJson });
		expect(result.error).toBeUndefined();
		expectSegmentSent('all', [
			{ field_name: 'brand', field_type: 'keyword', operator: 'is_not', value: 'Acme' },
		]);
	});

	it.each([
		[
			'rules[0].start_date',
			{
				filter: 'rules',
				rules: {
					rule: [{ field_name: 'created_date', field_type: 'date', operator: 'is_after_date' }],
				},
			},
		],
		['rules', { filter: 'rules', rules: {} }],
		['join', { filter: 'json', segmentJson: '{"join":"both","rules":[]}' }],
		[
			'rules[0].max',
			{
				filter: 'json',
				segmentJson:
					'{"rules":[{"field_name":"price","field_type":"number","operator":"is_between_number","min":5}]}',
			},
		],
		['', { filter: 'json', segmentJson: '{"rules": [' }],
	])(
		'stops on an invalid filter with SPAAZA_SEGMENT_INVALID naming "%s"',
		async (path, parameters) => {
			const result = await createTask(parameters);
			expect(result.error?.nodeName).toBe(CREATE);
			expect(errorCode(result)).toBe('SPAAZA_SEGMENT_INVALID');
			expect(result.error?.message).toContain(
				path ? `Invalid segment at ${path}:` : 'Invalid segment: is not valid JSON',
			);
			expect(result.error?.description).toContain('nothing was sent to Spaaza');
			expect(sandbox.tasks()).toEqual([]);
		},
	);

	it('reports a segment error as an item when the node continues on fail', async () => {
		const result = await createTask(
			{
				filter: 'json',
				segmentJson: '{"rules":[{"field_name":"x","field_type":"keyword","operator":"nope"}]}',
			},
			{ continueOnFail: [CREATE] },
		);
		expect(result.error).toBeUndefined();
		const [item] = result.output(CREATE);
		expect(item.json).toMatchObject({
			error: expect.stringContaining(
				'Invalid segment at rules[0].operator: "nope" is not a known operator',
			),
			code: 'SPAAZA_SEGMENT_INVALID',
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(sandbox.tasks()).toEqual([]);
	});

	it('runs the export at once with Execute Now and outputs the finished task', async () => {
		await seedCatalogue(sandbox);
		const result = await createTask({ options: { executeNow: true } });
		expect(result.error).toBeUndefined();
		const [task] = result.json(CREATE);
		expect(task.state).toMatchObject({ code: 'DONE' });
		expect(task.logs).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ message: expect.stringContaining('5 rows') }),
			]),
		);
	});

	it('sends the Chain ID override in the body and in the admin chain header', async () => {
		// The credential names a chain the sandbox user cannot reach; the node's override names the
		// right one. The sandbox checks X-Spaaza-Session-Chain-Id for admin sessions, so the run
		// only succeeds if the header carries the override too.
		const credential = sandboxCredentials(sandbox, 'admin', { chainId: 999 });
		const result = await createTask(
			{ chainId: sandbox.chainId },
			{
				credential: 'admin',
				options: { credentials: { spaazaApi: credential } },
			},
		);
		expect(result.error).toBeUndefined();
		const [stored] = sandbox.tasks();
		expect(stored.chain).toBe(sandbox.chainId);
		expect(result.json(CREATE)[0]).toMatchObject({ id: stored.id, chain: sandbox.chainId });
	});

	it('names the overridden chain when the admin user has no access to it', async () => {
		const result = await createTask({ chainId: 4242 }, { credential: 'admin' });
		expect(result.error?.nodeName).toBe(CREATE);
		expect(`${result.error?.message} ${result.error?.description}`).toMatch(/chain 4242/);
		expect(`${result.error?.message} ${result.error?.description}`).not.toMatch(
			new RegExp(`chain ${sandbox.chainId}`),
		);
		expect(sandbox.tasks()).toEqual([]);
	});

	it.each([3.7, -1])(
		'refuses Chain ID %s instead of rounding it or falling back',
		async (chainId) => {
			const result = await createTask({ chainId });
			expect(result.error?.message).toMatch(/Chain ID must be a whole number/);
			expect(errorCode(result)).toBe('SPAAZA_INVALID_VALUE');
			expect(sandbox.stats().requests['POST /services/tasks'] ?? 0).toBe(0);
		},
	);

	/** One POST made one task, the node's output names it, and the task list was read `lookups`+ times. */
	const expectOneTaskFound = (result: Awaited<ReturnType<typeof run>>, lookups: number) => {
		expect(result.error).toBeUndefined();
		const tasks = sandbox.tasks();
		expect(tasks).toHaveLength(1);
		expect(result.json(CREATE)[0].id).toBe(tasks[0].id);
		const { requests } = sandbox.stats();
		expect(requests['POST /services/tasks']).toBe(1);
		expect(requests['GET /services/tasks']).toBeGreaterThanOrEqual(lookups);
	};

	it('leaves exactly one task when the answer to POST /tasks is lost after the write (502)', async () => {
		sandbox.setFaults({ afterProcessing: ['502'], paths: ['/services/tasks'] });
		sandbox.injectNext('502', 1);
		const result = await run(CREATE_TASK, sandbox);

		// Found again in the documented task list by the run's reference in desc.
		expectOneTaskFound(result, 1);
	});

	it('leaves exactly one task when POST /tasks answers 504 at once and the task is listed only 3 s later', async () => {
		// The gateway gives up at once while the API goes on and commits the task; the task list
		// lags 3 s behind the write. A look-up 0-2 s after the 504 found nothing and created again.
		sandbox.setFaults({
			afterProcessing: ['504'],
			paths: ['/services/tasks'],
			taskListDelayMs: 3_000,
		});
		sandbox.injectNext('504', 1);
		const result = await run(CREATE_TASK, sandbox);

		expectOneTaskFound(result, 2);
	});

	it('looks for a lost create for 2 minutes, as its page says: long enough for a task committed 36 s after a 30 s timeout', () => {
		expect(UNCERTAIN_CREATE_LOOKUP_MS).toBe(120_000);
		// Committed 6 s after the client gave up and listed 3 s later still leaves 111 s to spare.
		expect(UNCERTAIN_CREATE_LOOKUP_MS).toBeGreaterThan(36_000 - DEFAULT_TIMEOUT_MS + 3_000);
		// The first look-ups come quickly: a task listed 3 s after a 504 is found at 4 s.
		const at = UNCERTAIN_CREATE_LOOKUP_DELAYS_MS.map((_, i, all) =>
			all.slice(0, i + 1).reduce((sum, ms) => sum + ms, 0),
		);
		expect(at.slice(0, 5)).toEqual([1_000, 2_000, 4_000, 7_000, 12_000]);
		const page = readFileSync(
			path.join(PACKAGE_DIR, 'docs/nodes/spaaza-create-export-task.md'),
			'utf8',
		);
		expect(page).toMatch(/keeps looking\s+for \*\*2 minutes\*\*/);
	});

	describe('with the create timing at a tenth of its size (30 s timeout → 3 s, 2 min look-up → 12 s)', () => {
		// The node's module as n8n loaded it from dist/: the same instance the harness runs.
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { exportTaskTiming: timing } = require(
			path.join(PACKAGE_DIR, 'dist/nodes/spaaza/export/createExportTask.js'),
		) as {
			exportTaskTiming: { createTimeoutMs?: number; lookupMs: number; lookupDelaysMs: number[] };
		};
		const defaults = { ...timing };
		beforeEach(() =>
			Object.assign(timing, {
				createTimeoutMs: 3_000,
				lookupMs: 12_000,
				lookupDelaysMs: [100, 100, 200, 300, 500, 800, 1_300, 1_500],
			}),
		);
		afterEach(() => Object.assign(timing, defaults));

		it('leaves exactly one task when Spaaza commits it after the client gave up (3.6 s after a 3 s timeout)', async () => {
			// Latency is waited out before the sandbox processes the request: it writes the task at
			// 3.6 s, to a client that stopped waiting at 3 s.
			sandbox.setFaults({ latencyMs: 3_600, rates: { latency: 0 }, paths: ['/services/tasks'] });
			sandbox.injectNext('latency', 1);
			const result = await run(CREATE_TASK, sandbox);

			expect(result.error).toBeUndefined();
			const tasks = sandbox.tasks();
			expect(tasks).toHaveLength(1);
			expect(result.json(CREATE)[0].id).toBe(tasks[0].id);
			expect(sandbox.stats().requests['POST /services/tasks']).toBe(1);
		});

		it('creates again only after a look-up at the bound found nothing (a request dropped before Spaaza got it)', async () => {
			Object.assign(timing, { lookupMs: 1_500 });
			sandbox.setFaults({ paths: ['/services/tasks'] });
			sandbox.injectNext('drop', 1);
			const started = Date.now();
			const result = await run(CREATE_TASK, sandbox);

			expect(result.error).toBeUndefined();
			expect(sandbox.tasks()).toHaveLength(1);
			const { requests } = sandbox.stats();
			expect(requests['POST /services/tasks']).toBe(2);
			// Looked up until the bound, the last time right before creating again.
			expect(requests['GET /services/tasks']).toBeGreaterThanOrEqual(4);
			expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
		});

		it('does not create again when the task list cannot be read, and says so', async () => {
			sandbox.setFaults({ afterProcessing: ['504'], paths: ['/services/tasks'] });
			sandbox.injectNext('504', 1);
			sandbox.injectNext('500', 1);
			const result = await run(CREATE_TASK, sandbox);

			// The 504 is a gateway's HTML page: the create's own error, explained.
			expect(errorCode(result)).toBe('SPAAZA_BAD_RESPONSE');
			expect(String(result.error?.description)).toMatch(
				/may have created the task although its answer was lost\. The task list could not be read to the end to check, so the task was not created again\. Look for a task whose description contains "n8n-[0-9a-f]{12}"/,
			);
			expect(sandbox.tasks()).toHaveLength(1);
			expect(sandbox.stats().requests['POST /services/tasks']).toBe(1);
		});
	});

	it('creates the task again when POST /tasks certainly did not arrive (503 before the write)', async () => {
		sandbox.setFaults({ paths: ['/services/tasks'] });
		sandbox.injectNext('503', 1);
		const result = await run(CREATE_TASK, sandbox);

		expect(result.error).toBeUndefined();
		expect(sandbox.tasks()).toHaveLength(1);
		expect(sandbox.stats().requests['POST /services/tasks']).toBe(2);
		expect(sandbox.stats().requests['GET /services/tasks'] ?? 0).toBe(0);
	});

	it('does not run the export twice when the answer to execute is lost (502 after the run)', async () => {
		await seedCatalogue(sandbox);
		sandbox.setFaults({ afterProcessing: ['502'], paths: ['/services/tasks/'] });
		sandbox.injectNext('502', 1);
		// The first faultable request under /services/tasks/ is the execute call.
		const result = await createTask({ options: { executeNow: true } });

		expect(result.error).toBeUndefined();
		expect(sandbox.stats().requests['POST /services/tasks/:id/execute']).toBe(1);
		expect(sandbox.stats().faults['502']).toBe(1);
		const [task] = result.json(CREATE);
		expect(task.id).toBe(sandbox.tasks()[0].id);
		expect(sandbox.tasks()).toHaveLength(1);
	});

	it('uses the Chain ID override instead of the credential chain', async () => {
		const result = await createTask({ chainId: 999 });
		// The sandbox credential may only act for its own chain, so Spaaza refuses the other one.
		expect(result.error?.nodeName).toBe(CREATE);
		expect(result.error?.message).toMatch(/999/);
		expect(sandbox.tasks()).toEqual([]);
		expectNoSecrets(sandbox, result);
	});
});
