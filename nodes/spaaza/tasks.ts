import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { SPAAZA_CODES, SpaazaError } from '../core/errors';
import { toNodeError } from '../shell/nodeError';
import { spaazaRequest } from './transport/request';

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
		const error = new SpaazaError(
			SPAAZA_CODES.INVALID_VALUE,
			`"${String(raw)}" is not a Spaaza task ID`,
			{
				description:
					'Task ID must be a whole number. By default it is taken from the id field of the incoming item, so put this node after Spaaza Create Export Task, or enter the ID yourself.',
			},
		);
		throw toNodeError(ctx.getNode(), error, itemIndex);
	}
	return id;
}

export function taskStateCode(task: SpaazaTask): string | undefined {
	return typeof task.state?.code === 'string' ? task.state.code : undefined;
}

/**
 * The task's log entries as readable lines. Spaaza does not document the entry shape, so strings,
 * `{ message | msg | text, level, timestamp | date }` objects and anything else (as JSON) are all read.
 */
export function formatTaskLogs(logs: unknown): string[] {
	if (!Array.isArray(logs)) return [];
	return logs.map((entry) => {
		if (typeof entry === 'string') return entry;
		if (typeof entry !== 'object' || entry === null) return String(entry);
		const e = entry as Record<string, unknown>;
		const message = e.message ?? e.msg ?? e.text ?? e.log;
		if (typeof message !== 'string') return JSON.stringify(entry);
		const when = e.timestamp ?? e.date ?? e.time ?? e.created_date;
		const level = e.level ?? e.severity;
		return [when, typeof level === 'string' ? level.toUpperCase() : undefined, message]
			.filter((part) => part !== undefined && part !== '')
			.join(' ');
	});
}

/** Log lines read for a task that ended in ERROR; Spaaza returns 10 unless asked (docs/spaaza-api.md §5.3). */
export const ERROR_LOG_LIMIT = 100;

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
		throw toNodeError(
			ctx.getNode(),
			badTaskAnswer(`Spaaza's answer for task ${taskId} is not a task (it has no state)`),
			itemIndex,
		);
	}
	return task;
}

/** An answer of the Tasks API that is not what Spaaza documents. */
export function badTaskAnswer(message: string): SpaazaError {
	return new SpaazaError(SPAAZA_CODES.BAD_RESPONSE, message, {
		api: true,
		description: 'Check the Services API base URL of the Spaaza credential.',
	});
}
