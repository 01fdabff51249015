'use strict';
// Wait latency (README "Performance"): how long after the sandbox marks a task DONE Spaaza Wait For Task
// returns, against the poll interval in effect; and how fast a cancelled wait stops. Run through
// the in-process n8n harness against the sandbox in its own process.
// Child of bench/run.js: node bench/wait.js '{"pollSeconds":1,"doneAfterMs":[…]}' out.json
const { childMain, compiled, log, PACKAGE_DIR } = require('./lib/common');
const { startRemoteSandbox } = require('./lib/remoteSandbox');
const { sandboxCredential } = require('./lib/spaaza');

const harness = compiled('test/harness');

/**
 * The schedule as the README documents it ("Check Every": the interval grows 1.2× per poll, to at
 * most 60 s), written out here rather than taken from nodes/core/export/polling.ts: a reference that
 * comes from the code under test would grow with any bug in it. The pause after poll `n`.
 */
const documentedInterval = (baseMs, n) =>
	Math.round(Math.min(60_000, baseMs * 1.2 ** Math.max(0, n - 1)));

const TASK_RUN_MS = 500;

function workflow(taskId, pollSeconds) {
	return harness.workflowFromNodes(
		{ type: 'test.manualTrigger' },
		{
			type: 'n8n-nodes-spaaza.spaazaWaitForTask',
			name: 'Wait',
			parameters: { taskId: String(taskId), pollInterval: pollSeconds, timeout: 5 },
			credentials: { spaazaApi: { id: 'bench', name: 'Spaaza sandbox' } },
		},
	);
}

/** A task that starts at `startAt` (ms) and so is DONE at exactly `startAt + TASK_RUN_MS`. */
async function createTask(sandbox, startAt) {
	const response = await fetch(`${sandbox.servicesUrl}/tasks`, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			authorization: `Bearer ${sandbox.logins.token.id}:${sandbox.logins.token.secret}`,
		},
		body: JSON.stringify({
			chain: sandbox.chainId,
			desc: 'bench wait',
			target: { action: 'export', export_index: 'products', export_format: 'csv' },
			trigger: { once: new Date(startAt).toISOString() },
		}),
	});
	if (!response.ok)
		throw new Error(`create task: HTTP ${response.status} ${await response.text()}`);
	return (await response.json()).id;
}

childMain(async ({ pollSeconds, doneAfterMs, cancelAfterMs }) => {
	const sandbox = await startRemoteSandbox({ taskRunMs: TASK_RUN_MS });
	const options = {
		packageDir: PACKAGE_DIR,
		credentials: { spaazaApi: sandboxCredential(sandbox, 'token') },
		timeoutMs: 10 * 60 * 1000,
	};
	try {
		const waits = [];
		for (const after of doneAfterMs) {
			const doneAt = Date.now() + after;
			const taskId = await createTask(sandbox, doneAt - TASK_RUN_MS);
			const result = await harness.runWorkflow(workflow(taskId, pollSeconds), options);
			if (result.error) throw new Error(`wait run failed: ${result.error.message}`);
			const task = result.run.data.resultData.runData.Wait[0];
			const returnedAt = task.startTime + task.executionTime;
			const { polls } = result.json('Wait', 0)[0];
			// The pause before the poll that saw DONE: the most a perfect poller could be late by.
			const interval = documentedInterval(pollSeconds * 1000, polls - 1);
			const lateMs = returnedAt - doneAt;
			log(
				`    DONE ${String(after).padStart(5)} ms after start: returned ${lateMs} ms later (poll ${polls}, interval then ${interval} ms)`,
			);
			waits.push({
				doneAfterMs: after,
				lateMs,
				polls,
				intervalMs: interval,
				ratio: lateMs / interval,
			});
			await result.dispose();
		}
		// Cancelling: the task never finishes within the wait; the run is stopped as the editor does.
		const taskId = await createTask(sandbox, Date.now() + 60 * 60 * 1000);
		const cancelled = await harness.runWorkflow(workflow(taskId, pollSeconds), {
			...options,
			cancelAfterMs,
		});
		const stopMs = cancelled.stopLatencyMs;
		log(`    cancelled after ${cancelAfterMs} ms: stopped ${stopMs} ms later`);
		await cancelled.dispose();
		return {
			pollSeconds,
			waits,
			cancel: { cancelAfterMs, stopMs, cancelled: cancelled.cancelled },
		};
	} finally {
		await sandbox.close();
	}
});
