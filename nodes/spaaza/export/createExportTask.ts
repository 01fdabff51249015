import { randomBytes } from 'node:crypto';

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { SPAAZA_CODES, SpaazaError } from '../../core/errors';
import { withAdvice } from '../../shell/nodeError';
import { getSpaazaConnection, resolveChain } from '../transport/connection';
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
} from '../../core/export/segments';
import { badTaskAnswer, boundedTask, getTask, parseTaskId, type SpaazaTask } from './tasks';
import { credentialSecrets, requestMayHaveArrived, spaazaRequest } from '../transport/request';

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

/**
 * How long after a create whose answer was lost (a timeout, a dropped connection, a 502/504) the
 * task list is searched for it before the task is taken as not created. It must cover how late
 * such a task can still appear: a request still being processed when the client gave up (after
 * DEFAULT_TIMEOUT_MS, 30 s) and a task list that lags behind the write. Spaaza documents neither
 * (docs/spaaza-api.md §5.2, §5.4), so the bound is generous: 2 minutes, four times the time the
 * client waits for an answer. README "Spaaza Create Export Task" states it.
 */
export const UNCERTAIN_CREATE_LOOKUP_MS = 120_000;
/** The waits between look-ups: quick at first (most lost answers show within seconds), then every 15 s. */
export const UNCERTAIN_CREATE_LOOKUP_DELAYS_MS: readonly number[] = [
	1_000, 1_000, 2_000, 3_000, 5_000, 8_000, 13_000, 15_000,
];

/**
 * The timing of the create and its look-ups. Tests shorten it (a 3 s client timeout with a task
 * committed at 3.6 s is the 30 s / 36 s case at a tenth of the size); nodes use the defaults.
 */
export const exportTaskTiming = {
	/** Per create attempt; default the transport's DEFAULT_TIMEOUT_MS. */
	createTimeoutMs: undefined as number | undefined,
	lookupMs: UNCERTAIN_CREATE_LOOKUP_MS,
	lookupDelaysMs: UNCERTAIN_CREATE_LOOKUP_DELAYS_MS,
};

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
		let tasks: unknown;
		try {
			tasks = await spaazaRequest<unknown>(ctx, itemIndex, {
				api: 'services',
				method: 'GET',
				path: '/tasks',
				qs: { action: 'export', limit: LIST_PAGE_SIZE, offset: page * LIST_PAGE_SIZE },
				chainId: chain,
				abortSignal: ctx.getExecutionCancelSignal?.(),
				subject: 'the task list',
			});
		} catch {
			// A list that cannot be read says nothing about our task (a cancelled run ends here too,
			// and nothing is created after it).
			return 'unknown';
		}
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
 * Looks for the task of an uncertain create until `exportTaskTiming.lookupMs` after the failure:
 * the task, 'absent' when the whole time passed without it, or 'unknown' when the list could not
 * be read to the end (then nobody can say, and nothing is created again).
 */
async function lookForCreatedTask(
	ctx: IExecuteFunctions,
	itemIndex: number,
	reference: string,
	chain: number,
): Promise<{ task?: SpaazaTask; outcome: 'found' | 'absent' | 'unknown'; lookups: number }> {
	const until = Date.now() + exportTaskTiming.lookupMs;
	const delays = exportTaskTiming.lookupDelaysMs;
	for (let lookup = 0; ; lookup++) {
		const wait = Math.min(delays[Math.min(lookup, delays.length - 1)], until - Date.now());
		// The last look-up is made at the bound itself, right before any second create.
		if (wait > 0) await sleep(wait, ctx.getExecutionCancelSignal?.());
		const found = await findCreatedTask(ctx, itemIndex, reference, chain);
		if (found === 'unknown') return { outcome: 'unknown', lookups: lookup + 1 };
		if (found) return { task: found, outcome: 'found', lookups: lookup + 1 };
		if (Date.now() >= until) return { outcome: 'absent', lookups: lookup + 1 };
	}
}

/**
 * `POST /tasks`, retried only where no task can have been made. After a failure that may have
 * made one (no answer in time, a dropped answer, a 502/504) the task list is searched for the
 * run reference until UNCERTAIN_CREATE_LOOKUP_MS have passed; only a task not listed by then is
 * created again, and at most MAX_CREATE_ROUNDS times. When the list cannot say, nothing is
 * created again and the error says so.
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
	let why = '';
	for (let round = 0; round < MAX_CREATE_ROUNDS; round++) {
		try {
			return await spaazaRequest<SpaazaTask>(ctx, itemIndex, {
				api: 'services',
				method: 'POST',
				path: '/tasks',
				body,
				chainId: chain,
				notIdempotent: true,
				subject,
				timeoutMs: exportTaskTiming.createTimeoutMs,
			});
		} catch (error) {
			lastError = error;
		}
		// A refusal or a cancellation is final; only a create that may have happened is looked for.
		if (!requestMayHaveArrived(lastError)) throw lastError;
		const seconds = Math.round(exportTaskTiming.lookupMs / 1000);
		const { task, outcome, lookups } = await lookForCreatedTask(ctx, itemIndex, reference, chain);
		if (task) return task;
		if (outcome === 'unknown') {
			why = `The task list could not be read to the end to check, so the task was not created again.`;
			break;
		}
		why = `It was not in the task list after ${seconds} s (${lookups} look-ups), so it was taken as not created${round + 1 < MAX_CREATE_ROUNDS ? ' and created again' : ''}; after ${MAX_CREATE_ROUNDS} such tries it was not created again.`;
	}
	throw withAdvice(
		lastError,
		`Spaaza may have created the task although its answer was lost. ${why} ` +
			`Look for a task whose description contains "${reference}" before running this again.`,
	);
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
