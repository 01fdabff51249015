import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { SPAAZA_CODES } from '../shared/errors';
import { getSpaazaConnection } from '../shared/connection';
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
} from '../shared/segments';
import { getTask, parseTaskId, type SpaazaTask } from '../shared/tasks';
import { spaazaRequest } from '../shared/transport/request';

/**
 * `POST /tasks/{id}/execute` answers only once the export has run (docs/spaaza-api.md §5.6), so it gets
 * far longer than an ordinary request; big exports take minutes.
 */
const EXECUTE_TIMEOUT_MS = 15 * 60_000;

type Filter = 'none' | 'rules' | 'segmentId' | 'json';

function segmentError(ctx: IExecuteFunctions, itemIndex: number, error: SpaazaSegmentError) {
	const lines = error.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
	const err = new NodeOperationError(ctx.getNode(), error.message, {
		itemIndex,
		description: `${lines.join('\n')}\n\nFix the filter; nothing was sent to Spaaza. Error code: ${SPAAZA_CODES.SEGMENT_INVALID}.`,
	});
	err.context.code = SPAAZA_CODES.SEGMENT_INVALID;
	err.context.path = error.path;
	return err;
}

function segmentFilter(ctx: IExecuteFunctions, itemIndex: number, result: SegmentResult): IDataObject {
	if (!result.ok) throw segmentError(ctx, itemIndex, result.error);
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
			return segmentFilter(ctx, itemIndex, checkRuleSegment({ exportIndex, chainId, join, rules, timeZone }));
		}
		case 'json': {
			const raw = ctx.getNodeParameter('segmentJson', itemIndex, '') as unknown;
			return segmentFilter(ctx, itemIndex, checkSegment(raw, { exportIndex, chainId }));
		}
		case 'segmentId': {
			const segmentId = String(ctx.getNodeParameter('segmentId', itemIndex, '')).trim();
			if (segmentId === '') {
				const error = new SpaazaSegmentError([{ path: 'segment_id', message: 'enter the ID of a saved segment' }]);
				throw segmentError(ctx, itemIndex, error);
			}
			return { segment_id: segmentId };
		}
		default:
			return {};
	}
}

function readStartTime(ctx: IExecuteFunctions, itemIndex: number): string {
	if (ctx.getNodeParameter('runAt', itemIndex, 'now') !== 'scheduled') return formatUtcIso(new Date());
	const raw = ctx.getNodeParameter('scheduledTime', itemIndex, '') as unknown;
	const once = toUtcIso(raw, ctx.getTimezone());
	if (once === undefined) {
		throw new NodeOperationError(ctx.getNode(), `"${String(raw)}" is not a date and time`, {
			itemIndex,
			description: 'Set Scheduled Time to a date and time such as 2026-05-26T12:00:00, or choose Run At: Now.',
		});
	}
	return once;
}

export async function createExportTask(ctx: IExecuteFunctions, itemIndex: number): Promise<SpaazaTask> {
	const connection = await getSpaazaConnection(ctx);
	const chainOverride = Number(ctx.getNodeParameter('chainId', itemIndex, 0));
	const chain = Number.isInteger(chainOverride) && chainOverride > 0 ? chainOverride : connection.chainId;
	const exportIndex = ctx.getNodeParameter('exportIndex', itemIndex, 'products') as ExportIndex;
	const exportFormat = ctx.getNodeParameter('exportFormat', itemIndex, 'csv') as string;
	const desc =
		String(ctx.getNodeParameter('description', itemIndex, '')).trim() ||
		`${exportIndex} export (${exportFormat}) from n8n`;
	const options = ctx.getNodeParameter('options', itemIndex, {}) as { executeNow?: boolean };

	const body: IDataObject = {
		chain,
		desc,
		target: { action: 'export', export_index: exportIndex, export_format: exportFormat },
		trigger: { once: readStartTime(ctx, itemIndex), ...readFilter(ctx, itemIndex, exportIndex, chain) },
	};
	const task = await spaazaRequest<SpaazaTask>(ctx, itemIndex, {
		api: 'services',
		method: 'POST',
		path: '/tasks',
		body,
		subject: `${exportIndex} export task`,
	});
	if (parseTaskId((task as Partial<SpaazaTask> | undefined)?.id) === undefined) {
		// Without an id nothing downstream can wait for or download the export: say so here.
		const code = SPAAZA_CODES.BAD_RESPONSE;
		const message = 'Spaaza answered the new export task without a task id';
		const error = new NodeApiError(ctx.getNode(), { spaaza: code }, { itemIndex, message });
		error.message = message;
		error.description = `Check the Services API base URL of the Spaaza credential. Error code: ${code}.`;
		error.context.code = code;
		throw error;
	}
	if (!options.executeNow) return task;

	await spaazaRequest<IDataObject>(ctx, itemIndex, {
		api: 'services',
		method: 'POST',
		path: `/tasks/${task.id}/execute`,
		timeoutMs: EXECUTE_TIMEOUT_MS,
		abortSignal: ctx.getExecutionCancelSignal(),
		subject: `task ${task.id}`,
	});
	// Execute answers with the state only; the full task is what the next node needs.
	return await getTask(ctx, itemIndex, task.id);
}
