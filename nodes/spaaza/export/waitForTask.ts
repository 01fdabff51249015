import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { SPAAZA_CODES, SpaazaError } from '../../core/errors';
import { nextPollDelay } from '../../core/export/polling';
import { credentialSecrets } from '../transport/request';
import {
	describeTaskLogs,
	ERROR_LOG_LIMIT,
	formatTaskLogs,
	getTask,
	readTaskId,
	taskStateCode,
	type SpaazaTask,
} from './tasks';

/** In-node waits hold an n8n worker, so they stay bounded: a day at most. */
export const MAX_TIMEOUT_MINUTES = 24 * 60;

export interface WaitResult extends IDataObject {
	timedOut: boolean;
	waitedSeconds: number;
	polls: number;
}

function describeState(task: SpaazaTask | undefined): string {
	return (task && taskStateCode(task)) ?? 'unknown';
}

function seconds(ms: number): number {
	return Math.round(ms / 100) / 10;
}

export async function waitForTask(ctx: IExecuteFunctions, itemIndex: number): Promise<WaitResult> {
	const taskId = readTaskId(ctx, itemIndex);
	const baseMs = Number(ctx.getNodeParameter('pollInterval', itemIndex, 5)) * 1000;
	const timeoutMinutes = Math.min(
		MAX_TIMEOUT_MINUTES,
		Math.max(0, Number(ctx.getNodeParameter('timeout', itemIndex, 30)) || 0),
	);
	const onTimeout = ctx.getNodeParameter('onTimeout', itemIndex, 'error') as 'error' | 'output';
	const signal = ctx.getExecutionCancelSignal();

	const started = Date.now();
	const deadline = started + timeoutMinutes * 60_000;
	let polls = 0;
	let task: SpaazaTask | undefined;
	for (;;) {
		task = await getTask(ctx, itemIndex, taskId, signal);
		polls++;
		const state = taskStateCode(task);
		const waitedSeconds = seconds(Date.now() - started);
		if (state === 'DONE') return { ...task, timedOut: false, waitedSeconds, polls };
		if (state === 'ERROR') {
			// A poll brings Spaaza's default of 10 log entries; the reason may be further down.
			const failed = await getTask(ctx, itemIndex, taskId, signal, { logLimit: ERROR_LOG_LIMIT });
			// Bounded and scrubbed whatever the server sent: a log may echo the Authorization value.
			const logs = formatTaskLogs(
				failed.logs ?? task.logs,
				await credentialSecrets(ctx, itemIndex),
			);
			throw new SpaazaError(SPAAZA_CODES.TASK_FAILED, `Spaaza task ${taskId} failed`, {
				description: logs.length
					? `The task ended in state ERROR. Its log:\n${describeTaskLogs(logs)}`
					: 'The task ended in state ERROR and Spaaza returned no log lines. Check the task in Spaaza Console.',
				taskId,
				logs,
			});
		}
		const delay = nextPollDelay({ baseMs, polls, now: Date.now(), deadline });
		if (delay <= 0) break;
		// n8n-workflow's sleep(ms, signal) is the sleepWithAbort of older versions: it rejects as soon
		// as the execution is cancelled, so a cancelled workflow stops waiting at once.
		await sleep(delay, signal);
	}

	const waitedSeconds = seconds(Date.now() - started);
	if (onTimeout === 'output') return { ...task, timedOut: true, waitedSeconds, polls };
	const lastState = describeState(task);
	throw new SpaazaError(
		SPAAZA_CODES.TASK_TIMEOUT,
		`Spaaza task ${taskId} did not finish within ${timeoutMinutes} minutes (last state: ${lastState})`,
		{
			description: `Polled ${polls} times over ${waitedSeconds} s; the task was still ${lastState}. Raise Timeout, or set On Timeout to Output Item to handle slow exports in the workflow.`,
			taskId,
			lastState,
		},
	);
}
