import { cleanupHarness } from '../../harness';
import { call, tokenHeaders } from '../../sandbox/sandboxClient';
import { expectNoSecrets } from '../../support/secrets';
import {
	CREATE,
	CREATE_AND_WAIT,
	errorCode,
	run,
	seedCatalogue,
	start,
	useExportSandbox,
	WAIT,
	type Credential,
} from '../../workflows/export/support';

const TASK_RUN_MS = 300;
/** A start time that never comes during a test: the task stays READY. */
const NEVER = { runAt: 'scheduled', scheduledTime: '2099-01-01T00:00:00Z' };
/**
 * Starts 4 s after creation, so the wait sees READY, INPROGRESS and DONE even when a busy machine
 * takes seconds between Create and the first poll.
 */
const SOON = {
	runAt: 'scheduled',
	scheduledTime: "={{ $now.plus(4000, 'milliseconds').toISO() }}",
};

const sandbox = useExportSandbox({ taskRunMs: TASK_RUN_MS, prepare: seedCatalogue });
afterAll(async () => await cleanupHarness());

describe('Spaaza Wait For Task', () => {
	it.each<Credential>(['token', 'admin'])(
		'waits until the task is DONE (%s credential)',
		async (credential) => {
			const result = await run(CREATE_AND_WAIT, sandbox, {
				credential,
				parameters: { [CREATE]: SOON, [WAIT]: { pollInterval: 0.1 } },
			});

			expect(result.error).toBeUndefined();
			const [created] = result.json(CREATE);
			const [task] = result.json(WAIT);
			expect(task).toMatchObject({ id: created.id, state: { code: 'DONE' }, timedOut: false });
			expect(task.polls).toBeGreaterThanOrEqual(2);
			expect(task.waitedSeconds).toBeGreaterThanOrEqual(0.3);
			expect(result.output(WAIT)[0].pairedItem).toEqual({ item: 0 });
			expectNoSecrets(sandbox, result);
		},
	);

	it('notices DONE within one poll interval', async () => {
		// The task was created before the wait began, so it is DONE at most 300 ms into the wait.
		// Polls come at 0, 0.2 and 0.44 s: the first one after DONE is at most one interval (0.24 s) late.
		const result = await run(CREATE_AND_WAIT, sandbox, {
			parameters: { [WAIT]: { pollInterval: 0.2 } },
		});
		expect(result.error).toBeUndefined();
		const [task] = result.json(WAIT);
		expect(task.polls).toBeLessThanOrEqual(3);
		expect(Number(task.waitedSeconds) * 1000).toBeLessThanOrEqual(TASK_RUN_MS + 240 + 100);
	});

	it('fails the item with the task log when the task ends in ERROR', async () => {
		sandbox.failNextTasks(1);
		const result = await run(CREATE_AND_WAIT, sandbox, {
			parameters: { [WAIT]: { pollInterval: 0.1 } },
		});

		expect(result.error).toMatchObject({
			nodeName: WAIT,
			message: expect.stringMatching(/^Spaaza task \d+ failed$/),
		});
		expect(errorCode(result)).toBe('SPAAZA_TASK_FAILED');
		expect(result.error?.description).toContain('ERROR Export failed: simulated failure');
		expect(result.error?.description).toContain('INFO Task created');
		expectNoSecrets(sandbox, result);
	});

	it('shows the failure even when the task has more than the 10 log lines Spaaza returns by default', async () => {
		const headers = tokenHeaders(sandbox);
		const created = await call(`${sandbox.servicesUrl}/tasks`, {
			headers,
			json: {
				chain: sandbox.chainId,
				desc: 'often run',
				target: { action: 'export', export_index: 'products', export_format: 'csv' },
				trigger: { once: '2099-01-01T00:00:00Z' },
			},
		});
		const id = Number(created.body.id);
		// Every run logs two lines: after six runs the task has 13, and the failing run adds two more.
		for (let run = 0; run < 6; run++)
			await call(`${sandbox.servicesUrl}/tasks/${id}/execute`, { method: 'POST', headers });
		sandbox.failNextTasks(1);
		await call(`${sandbox.servicesUrl}/tasks/${id}/execute`, { method: 'POST', headers });

		const result = await run(CREATE_AND_WAIT, sandbox, {
			parameters: { [CREATE]: NEVER, [WAIT]: { taskId: String(id), pollInterval: 0.1 } },
		});

		expect(result.error).toMatchObject({ nodeName: WAIT, message: `Spaaza task ${id} failed` });
		expect(result.error?.description).toContain('ERROR Export failed: simulated failure');
		expect(result.error?.description).toContain('INFO Task created');
	});

	it('shows why Spaaza could not apply a segment', async () => {
		const segmentJson = JSON.stringify({
			rules: [{ field_name: 'colour', field_type: 'keyword', operator: 'is', value: 'Red' }],
		});
		const result = await run(CREATE_AND_WAIT, sandbox, {
			parameters: { [CREATE]: { filter: 'json', segmentJson }, [WAIT]: { pollInterval: 0.1 } },
		});
		expect(errorCode(result)).toBe('SPAAZA_TASK_FAILED');
		expect(result.error?.description).toContain('unknown field "colour"');
	});

	it('gives the failed task as an item when the node continues on fail', async () => {
		sandbox.failNextTasks(1);
		const result = await run(CREATE_AND_WAIT, sandbox, {
			parameters: { [WAIT]: { pollInterval: 0.1 } },
			continueOnFail: [WAIT],
		});
		expect(result.error).toBeUndefined();
		expect(result.json(WAIT)[0]).toMatchObject({
			code: 'SPAAZA_TASK_FAILED',
			description: expect.stringContaining('simulated failure'),
		});
	});

	it('stops with SPAAZA_TASK_TIMEOUT and the last state when the timeout passes', async () => {
		const result = await run(CREATE_AND_WAIT, sandbox, {
			parameters: { [CREATE]: NEVER, [WAIT]: { pollInterval: 0.2, timeout: 0.01 } },
		});

		expect(errorCode(result)).toBe('SPAAZA_TASK_TIMEOUT');
		expect(result.error?.message).toMatch(
			/^Spaaza task \d+ did not finish within 0.01 minutes \(last state: READY\)$/,
		);
		expect(result.error?.description).toContain('still READY');
		// 0.6 s timeout: never slept past the deadline, never stopped much before it.
		const waited = result.runs(WAIT)[0].executionTime;
		expect(waited).toBeGreaterThanOrEqual(550);
		expect(waited).toBeLessThan(600 + 400);
	});

	it('outputs the last known task with timedOut when On Timeout is Output Item', async () => {
		const result = await run(CREATE_AND_WAIT, sandbox, {
			parameters: {
				[CREATE]: NEVER,
				[WAIT]: { pollInterval: 0.1, timeout: 0.005, onTimeout: 'output' },
			},
		});

		expect(result.error).toBeUndefined();
		const [task] = result.json(WAIT);
		expect(task).toMatchObject({
			timedOut: true,
			state: { code: 'READY' },
			id: result.json(CREATE)[0].id,
		});
		expect(task.polls).toBeGreaterThanOrEqual(2);
		expect(task.waitedSeconds).toBeGreaterThanOrEqual(0.25);
		expect(task.waitedSeconds).toBeLessThan(0.8);
	});

	it('stops waiting within a second when the execution is cancelled', async () => {
		const result = await start(CREATE_AND_WAIT, sandbox, {
			parameters: { [CREATE]: NEVER, [WAIT]: { pollInterval: 30, timeout: 30 } },
			options: { cancelAfterMs: 400 },
		}).result;

		expect(result.cancelled).toBe(true);
		expect(result.status).toBe('canceled');
		expect(result.stopLatencyMs).toBeLessThan(1000);
		expect(result.durationMs).toBeLessThan(2000);
	});

	it('rejects a task ID that is not a number', async () => {
		const result = await run(CREATE_AND_WAIT, sandbox, {
			parameters: { [WAIT]: { taskId: 'abc' } },
		});
		expect(result.error).toMatchObject({
			nodeName: WAIT,
			message: '"abc" is not a Spaaza task ID',
		});
	});

	it('reports an unknown task as Spaaza does', async () => {
		const result = await run(CREATE_AND_WAIT, sandbox, {
			parameters: { [WAIT]: { taskId: '999999' } },
		});
		expect(result.error?.nodeName).toBe(WAIT);
		expect(result.error?.message).toMatch(/not found|999999/i);
	});
});
