import { randomBytes } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, NodeApiError } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { SPAAZA_CODES, SpaazaError } from '../core/errors';
import { getSpaazaConnection, resolveChain } from '../spaaza/transport/connection';
import {
	checkRuleSegment,
	checkSegment,
	formatUtcIso,
	SpaazaSegmentError,
	toUtcIso,
	type ExportIndex,
	type RuleBuilderEntry,
	type SegmentJoin,
	type SegmentResult,
} from '../core/segments';
import { badTaskAnswer, boundedTask, getTask, parseTaskId, type SpaazaTask } from '../spaaza/tasks';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS } from '../spaaza/transport/constants';
import {
	credentialSecrets,
	requestMayHaveArrived,
	spaazaRequest,
} from '../spaaza/transport/request';
import { backoffDelay } from '../spaaza/transport/retry';

/**
 * `POST /tasks/{id}/execute` answers only once the export has run (docs/spaaza-api.md §5.6), so it gets
 * far longer than an ordinary request; big exports take minutes.
 */
const EXECUTE_TIMEOUT_MS = 15 * 60_000;

/** Creations tried when Spaaza's answers keep getting lost and the task list does not show ours. */
const MAX_CREATE_ROUNDS = 3;
/** Task list pages read to find our task again (newest first in practice; the order is undocumented). */
const LIST_PAGE_SIZE = 100;
const MAX_LIST_PAGES = 10;

type Filter = 'none' | 'rules' | 'segmentId' | 'json';

function segmentFilter(result: SegmentResult): IDataObject {
	if (!result.ok) throw result.error;
	return { segment: result.segment as unknown as IDataObject };
}

/** The `trigger` filter part: `segment` or `segment_id`, or nothing for a full export. */
function readFilter(
	ctx: IExecuteFunctions,
	itemIndex: number,
	exportIndex: ExportIndex,
	chainId: number,
): IDataObject {
	const filter = ctx.getNodeParameter('filter', itemIndex, 'none') as Filter;
	switch (filter) {
		case 'rules': {
			const join = ctx.getNodeParameter('join', itemIndex, 'all') as SegmentJoin;
			const rules = ctx.getNodeParameter('rules.rule', itemIndex, []) as RuleBuilderEntry[];
			const timeZone = ctx.getTimezone();
			return segmentFilter(checkRuleSegment({ exportIndex, chainId, join, rules, timeZone }));
		}
		case 'json': {
			const raw = ctx.getNodeParameter('segmentJson', itemIndex, '') as unknown;
			return segmentFilter(checkSegment(raw, { exportIndex, chainId }));
		}
		case 'segmentId': {
			const segmentId = String(ctx.getNodeParameter('segmentId', itemIndex, '')).trim();
			if (segmentId === '') {
				throw new SpaazaSegmentError([
					{ path: 'segment_id', message: 'enter the ID of a saved segment' },
				]);
			}
			return { segment_id: segmentId };
		}
		default:
			return {};
	}
}

function readStartTime(ctx: IExecuteFunctions, itemIndex: number): string {
	if (ctx.getNodeParameter('runAt', itemIndex, 'now') !== 'scheduled')
		return formatUtcIso(new Date());
	const raw = ctx.getNodeParameter('scheduledTime', itemIndex, '') as unknown;
	const once = toUtcIso(raw, ctx.getTimezone());
	if (once === undefined) {
		throw new SpaazaError(SPAAZA_CODES.INVALID_VALUE, `"${String(raw)}" is not a date and time`, {
			description:
				'Set Start Time to a date and time such as 2026-05-26T12:00:00, or choose Run At: Now.',
		});
	}
	return once;
}

/**
 * A reference unique to this run, put into `desc`: creating a task is not idempotent, so after a
 * failure that may have created it, the task list is searched for this reference before creating
 * again (docs/spaaza-api.md §5.2, §5.4).
 */
export function runReference(): string {
	return `n8n-${randomBytes(6).toString('hex')}`;
}

/** Our task in the task list, found by the run reference in its description. */
async function findCreatedTask(
	ctx: IExecuteFunctions,
	itemIndex: number,
	reference: string,
	chain: number,
): Promise<SpaazaTask | undefined | 'unknown'> {
	for (let page = 0; page < MAX_LIST_PAGES; page++) {
		const tasks = await spaazaRequest<unknown>(ctx, itemIndex, {
			api: 'services',
			method: 'GET',
			path: '/tasks',
			qs: { action: 'export', limit: LIST_PAGE_SIZE, offset: page * LIST_PAGE_SIZE },
			chainId: chain,
			abortSignal: ctx.getExecutionCancelSignal?.(),
			subject: 'the task list',
		});
		if (!Array.isArray(tasks)) return 'unknown';
		const found = (tasks as unknown[]).find(
			(task): task is SpaazaTask =>
				typeof task === 'object' &&
				task !== null &&
				typeof (task as SpaazaTask).desc === 'string' &&
				((task as SpaazaTask).desc as string).includes(reference) &&
				parseTaskId((task as SpaazaTask).id) !== undefined,
		);
		if (found) return found;
		if (tasks.length < LIST_PAGE_SIZE) return undefined;
	}
	// More tasks than we read: ours may be further down, so creating again could make a second one.
	return 'unknown';
}

/**
 * `POST /tasks`, retried only where no task can have been made; after a failure that may have
 * made one (no answer in time, a dropped answer, a 502/504), the task list is read first.
 */
export async function createTaskOnce(
	ctx: IExecuteFunctions,
	itemIndex: number,
	body: IDataObject,
	reference: string,
	subject: string,
): Promise<SpaazaTask> {
	const chain = body.chain as number;
	let lastError: unknown;
	for (let round = 0; round < MAX_CREATE_ROUNDS; round++) {
		if (round > 0) {
			// Give a request still being processed the time to show up in the list.
			await sleep(
				backoffDelay(round, { baseMs: BACKOFF_BASE_MS, capMs: BACKOFF_CAP_MS }),
				ctx.getExecutionCancelSignal?.(),
			);
			const found = await findCreatedTask(ctx, itemIndex, reference, chain);
			if (found === 'unknown') break;
			if (found) return found;
		}
		try {
			return await spaazaRequest<SpaazaTask>(ctx, itemIndex, {
				api: 'services',
				method: 'POST',
				path: '/tasks',
				body,
				chainId: chain,
				notIdempotent: true,
				subject,
			});
		} catch (error) {
			lastError = error;
		}
		// A refusal or a cancellation is final; only a create that may have happened is looked for.
		if (!requestMayHaveArrived(lastError)) throw lastError;
	}
	const error = lastError as NodeApiError;
	error.description =
		`${error.description ? `${error.description} ` : ''}Spaaza may have created the task although its answer was lost: ` +
		`look for a task whose description contains "${reference}" before running this again.`;
	throw error;
}

export async function createExportTask(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<SpaazaTask> {
	const connection = await getSpaazaConnection(ctx);
	const chain = resolveChain(ctx, itemIndex, connection);
	const exportIndex = ctx.getNodeParameter('exportIndex', itemIndex, 'products') as ExportIndex;
	const exportFormat = ctx.getNodeParameter('exportFormat', itemIndex, 'csv') as string;
	const reference = runReference();
	const desc = `${
		String(ctx.getNodeParameter('description', itemIndex, '')).trim() ||
		`${exportIndex} export (${exportFormat}) from n8n`
	} [${reference}]`;
	const options = ctx.getNodeParameter('options', itemIndex, {}) as { executeNow?: boolean };

	const body: IDataObject = {
		chain,
		desc,
		target: { action: 'export', export_index: exportIndex, export_format: exportFormat },
		trigger: {
			once: readStartTime(ctx, itemIndex),
			...readFilter(ctx, itemIndex, exportIndex, chain),
		},
	};
	const task = await createTaskOnce(ctx, itemIndex, body, reference, `${exportIndex} export task`);
	if (parseTaskId((task as Partial<SpaazaTask> | undefined)?.id) === undefined) {
		// Without an id nothing downstream can wait for or download the export: say so here.
		throw badTaskAnswer('Spaaza answered the new export task without a task id');
	}
	// The task as Spaaza answered it, bounded and scrubbed like every task the nodes output.
	if (!options.executeNow) return boundedTask(task, await credentialSecrets(ctx, itemIndex));

	let executeFailure: unknown;
	try {
		await spaazaRequest<IDataObject>(ctx, itemIndex, {
			api: 'services',
			method: 'POST',
			path: `/tasks/${task.id}/execute`,
			timeoutMs: EXECUTE_TIMEOUT_MS,
			chainId: chain,
			// Executing twice runs the export twice.
			notIdempotent: true,
			abortSignal: ctx.getExecutionCancelSignal(),
			subject: `task ${task.id}`,
		});
	} catch (error) {
		executeFailure = error;
	}
	// After a lost answer the export may be running or done: the task's state says which, and
	// Spaaza Wait For Task picks it up from there.
	if (executeFailure !== undefined && !requestMayHaveArrived(executeFailure)) throw executeFailure;
	// Execute answers with the state only; the full task is what the next node needs.
	return await getTask(ctx, itemIndex, task.id, undefined, { chainId: chain });
}
