import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { SPAAZA_CODES, SpaazaError } from '../../core/errors';
import { credentialSecrets, spaazaRequest } from '../transport/request';
import { scrubbedCut } from '../transport/scrub';

/** A Spaaza task as the Tasks API returns it (docs/spaaza-api.md §5.1); unknown fields pass through. */
export interface SpaazaTask extends IDataObject {
	id: number;
	state?: IDataObject & { code?: string };
	target?: IDataObject & { action?: string; export_index?: string; export_format?: string };
	logs?: IDataObject[] | string[];
}

/** A task ID from a parameter: the number itself, or its digits as text (expressions give either). */
export function parseTaskId(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
	if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
		const id = Number(value);
		return Number.isSafeInteger(id) && id > 0 ? id : undefined;
	}
	return undefined;
}

export function readTaskId(ctx: IExecuteFunctions, itemIndex: number): number {
	const raw = ctx.getNodeParameter('taskId', itemIndex, '') as unknown;
	const id = parseTaskId(raw);
	if (id === undefined) {
		throw new SpaazaError(SPAAZA_CODES.INVALID_VALUE, `"${String(raw)}" is not a Spaaza task ID`, {
			description:
				'Task ID must be a whole number. By default it is taken from the id field of the incoming item, so put this node after Spaaza Create Export Task, or enter the ID yourself.',
			itemIndex,
		});
	}
	return id;
}

export function taskStateCode(task: SpaazaTask): string | undefined {
	return typeof task.state?.code === 'string' ? task.state.code : undefined;
}

/** Log entries read from a task, whatever the server sends (Spaaza is asked for ERROR_LOG_LIMIT). */
export const MAX_TASK_LOG_LINES = 100;
/** One log line as shown; a longer one is cut (after its secrets were scrubbed). */
export const MAX_TASK_LOG_LINE_LENGTH = 500;
/** Log text in an error's description: the last lines that fit, the rest are counted. */
export const MAX_TASK_LOG_DESCRIPTION_LENGTH = 3_000;

/** Log lines read for a task that ended in ERROR; Spaaza returns 10 unless asked (docs/spaaza-api.md §5.3). */
export const ERROR_LOG_LIMIT = MAX_TASK_LOG_LINES;

/** One entry as a line, before it is scrubbed and cut (an entry may be any size). */
function logLine(entry: unknown): string {
	if (typeof entry === 'string') return entry;
	if (typeof entry !== 'object' || entry === null) return String(entry);
	const e = entry as Record<string, unknown>;
	const message = e.message ?? e.msg ?? e.text ?? e.log;
	if (typeof message !== 'string') return JSON.stringify(entry) ?? String(entry);
	const when = e.timestamp ?? e.date ?? e.time ?? e.created_date;
	const level = e.level ?? e.severity;
	return [
		typeof when === 'string' || typeof when === 'number' ? String(when) : undefined,
		typeof level === 'string' ? level.toUpperCase() : undefined,
		message,
	]
		.filter((part) => part !== undefined && part !== '')
		.join(' ');
}

/**
 * The task's log entries as readable lines: at most MAX_TASK_LOG_LINES, each scrubbed of the
 * credential's secrets and cut to MAX_TASK_LOG_LINE_LENGTH, whatever the server sent (a task
 * with 5,000 entries of 2 KB made a 10 MB error). Spaaza does not document the entry shape, so
 * strings, `{ message | msg | text, level, timestamp | date }` objects and anything else (as
 * JSON) are all read.
 */
export function formatTaskLogs(logs: unknown, secrets: readonly string[] = []): string[] {
	if (!Array.isArray(logs)) return [];
	return logs
		.slice(0, MAX_TASK_LOG_LINES)
		.map((entry) => scrubbedCut(logLine(entry), MAX_TASK_LOG_LINE_LENGTH, secrets));
}

/** The last log lines that fit in MAX_TASK_LOG_DESCRIPTION_LENGTH, earlier ones counted. */
export function describeTaskLogs(lines: readonly string[]): string {
	const shown: string[] = [];
	let length = 0;
	for (let i = lines.length - 1; i >= 0; i--) {
		if (length + lines[i].length + 1 > MAX_TASK_LOG_DESCRIPTION_LENGTH) break;
		shown.unshift(lines[i]);
		length += lines[i].length + 1;
	}
	const hidden = lines.length - shown.length;
	return hidden > 0
		? `(${hidden} earlier line${hidden === 1 ? '' : 's'} not shown)\n${shown.join('\n')}`
		: shown.join('\n');
}

/**
 * A value from the Tasks API made safe to put on an output item: every string scrubbed of the
 * credential's secrets and cut to MAX_TASK_LOG_LINE_LENGTH × 2, lists cut to MAX_TASK_LOG_LINES,
 * nesting cut at 8 levels. A task is small; a hostile or broken server's answer need not be.
 */
export function boundedTaskValue(value: unknown, secrets: readonly string[], depth = 0): unknown {
	if (typeof value === 'string') return scrubbedCut(value, MAX_TASK_LOG_LINE_LENGTH * 2, secrets);
	if (typeof value !== 'object' || value === null) return value;
	if (depth >= 8) return '[too deeply nested]';
	if (Array.isArray(value))
		return value
			.slice(0, MAX_TASK_LOG_LINES)
			.map((item) => boundedTaskValue(item, secrets, depth + 1));
	const out: IDataObject = {};
	let fields = 0;
	for (const [key, field] of Object.entries(value)) {
		if (++fields > MAX_TASK_LOG_LINES) break;
		out[scrubbedCut(key, 100, secrets)] = boundedTaskValue(field, secrets, depth + 1) as never;
	}
	return out;
}

export interface GetTaskOptions {
	/** The chain the node works on, for the chain header of admin sessions. */
	chainId?: number;
	/** `log_limit`: how many log entries Spaaza returns (its default is 10). */
	logLimit?: number;
}

export async function getTask(
	ctx: IExecuteFunctions,
	itemIndex: number,
	taskId: number,
	abortSignal?: AbortSignal,
	options: GetTaskOptions = {},
): Promise<SpaazaTask> {
	const task = await spaazaRequest<SpaazaTask>(ctx, itemIndex, {
		api: 'services',
		method: 'GET',
		path: `/tasks/${taskId}`,
		...(options.logLimit !== undefined ? { qs: { log_limit: options.logLimit } } : {}),
		chainId: options.chainId,
		abortSignal,
		subject: `task ${taskId}`,
	});
	if (typeof task !== 'object' || task === null || taskStateCode(task) === undefined) {
		// Without a state Wait For Task would poll an answer that never changes until its timeout.
		throw badTaskAnswer(
			`Spaaza's answer for task ${taskId} is not a task (it has no state)`,
			itemIndex,
		);
	}
	return boundedTask(task, await credentialSecrets(ctx, itemIndex));
}

/** The task as output items carry it: bounded, and scrubbed of secrets a server echoed into it. */
export function boundedTask(task: SpaazaTask, secrets: readonly string[]): SpaazaTask {
	return boundedTaskValue(task, secrets) as SpaazaTask;
}

/** An answer of the Tasks API that is not what Spaaza documents. */
export function badTaskAnswer(message: string, itemIndex?: number): SpaazaError {
	return new SpaazaError(SPAAZA_CODES.BAD_RESPONSE, message, {
		api: true,
		itemIndex,
		description: 'Check the Services API base URL of the Spaaza credential.',
	});
}
