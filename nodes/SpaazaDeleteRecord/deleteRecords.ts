/**
 * Spaaza Delete Record (docs/nodes/spaaza-delete-record.md): `delete-product` / `delete-product-variant`
 * by Spaaza id (docs/spaaza-api.md §4.1), guarded by Max Deletions: more ids than that and nothing
 * is deleted, so a cut-off feed fed through Compare's Missing From Feed cannot empty a catalogue.
 * One result per input item, like the Upsert nodes; the run fails at the end naming the records
 * that were not deleted, unless the node continues on failure.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { SPAAZA_CODES, SpaazaError, type SpaazaCode } from '../core/errors';
import { readError } from '../shell/nodeError';
import { DEFAULT_MAX_DELETIONS, MAX_DELETE_CONCURRENCY } from './description';
import { PRODUCT_DELETE_NOTE } from '../core/compare/catalogueIndex';
import {
	getSpaazaConnection,
	resolveChain,
	type SpaazaConnection,
} from '../spaaza/transport/connection';
import { DEFAULT_MAX_RETRIES } from '../spaaza/transport/constants';
import { MAX_RETRIES_LIMIT } from '../spaaza/properties';
import { isAbortError } from '../spaaza/transport/failure';
import { mapWithConcurrency } from '../spaaza/transport/pool';
import { requestMayHaveArrived, spaazaRequest } from '../spaaza/transport/request';
import { recordErrorFrom } from '../spaaza/upsert/send';
import type { RecordError } from '../spaaza/upsert/results';

type DeleteStatus = 'deleted' | 'failed' | 'invalid' | 'dry-run';

interface DeleteOutcome {
	status: DeleteStatus;
	id?: number;
	deleted?: IDataObject;
	note?: string;
	error?: RecordError;
	attempts: number;
	cause?: unknown;
}

/** Spaaza's documented code for "does not exist" (docs/spaaza-api.md §1.7). */
const NON_EXISTENT = 68;
const SHOWN_FAILURES = 5;

function wholeNumber(value: unknown, fallback: number, min: number, max: number): number {
	const n = Math.floor(Number(value));
	return value === '' || value === undefined || !Number.isFinite(n)
		? fallback
		: Math.min(max, Math.max(min, n));
}

function parseId(raw: unknown): number | undefined {
	if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0) return raw;
	if (typeof raw === 'string' && /^\s*\d{1,15}\s*$/.test(raw)) {
		const id = Number(raw);
		return id > 0 ? id : undefined;
	}
	return undefined;
}

interface DeleteSettings {
	products: boolean;
	noun: 'product' | 'variant';
	plural: string;
	maxDeletions: number;
	dryRun: boolean;
	concurrency: number;
	maxRetries: number;
}

function readSettings(ctx: IExecuteFunctions): DeleteSettings {
	const products = ctx.getNodeParameter('recordType', 0, 'products') !== 'variants';
	const noun = products ? 'product' : 'variant';
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	return {
		products,
		noun,
		plural: `${noun}s`,
		maxDeletions: wholeNumber(
			ctx.getNodeParameter('maxDeletions', 0, DEFAULT_MAX_DELETIONS),
			DEFAULT_MAX_DELETIONS,
			0,
			Number.MAX_SAFE_INTEGER,
		),
		dryRun: options.dryRun === true,
		concurrency: wholeNumber(options.concurrency, 4, 1, MAX_DELETE_CONCURRENCY),
		maxRetries: wholeNumber(options.maxRetries, DEFAULT_MAX_RETRIES, 0, MAX_RETRIES_LIMIT),
	};
}

/** Each item's Record ID read: what would be deleted, or why the item is invalid. */
function plannedOutcome(
	ctx: IExecuteFunctions,
	itemIndex: number,
	settings: DeleteSettings,
): DeleteOutcome {
	const raw = ctx.getNodeParameter('recordId', itemIndex, '') as unknown;
	const id = parseId(raw);
	if (id !== undefined) return { status: settings.dryRun ? 'dry-run' : 'deleted', id, attempts: 0 };
	return {
		status: 'invalid',
		attempts: 0,
		error: {
			code: SPAAZA_CODES.INVALID_VALUE,
			message: `"${String(raw).slice(0, 40)}" is not a Spaaza ${settings.noun} id (a whole number)`,
		},
	};
}

/** Max Deletions: more ids than that and nothing is deleted. */
function refuseTooMany(ids: readonly number[], settings: DeleteSettings): void {
	const { maxDeletions, plural } = settings;
	if (ids.length <= maxDeletions) return;
	throw new SpaazaError(
		SPAAZA_CODES.TOO_MANY_DELETIONS,
		`${ids.length} ${plural} to delete, more than Max Deletions (${maxDeletions}): nothing was deleted`,
		{
			description: `A feed that was cut off can make every record look missing. Check the ${plural} on this node's input; if deleting all ${ids.length} is right, raise Max Deletions to at least ${ids.length}.`,
		},
	);
}

interface DeleteRun {
	settings: DeleteSettings;
	connection: SpaazaConnection;
	chainId: number;
	signal?: AbortSignal;
}

/** Deletes one record; a refusal is its outcome, only a cancellation is thrown. */
async function deleteOne(
	ctx: IExecuteFunctions,
	run: DeleteRun,
	id: number,
): Promise<DeleteOutcome> {
	const { products, noun, maxRetries } = run.settings;
	let retries = 0;
	let failure: unknown;
	try {
		const answer = await spaazaRequest<IDataObject>(ctx, 0, {
			api: 'api',
			method: 'DELETE',
			path: products ? '/internal/delete-product' : '/internal/delete-product-variant',
			qs: { id },
			chainId: run.chainId,
			requireAdmin: true,
			maxRetries,
			abortSignal: run.signal,
			connection: run.connection,
			subject: `${noun} ${id}`,
			onRetry: (info) => (retries = info.attempt),
		});
		const deleted = answer?.[products ? 'product' : 'product_variant'];
		return {
			status: 'deleted',
			id,
			attempts: retries + 1,
			...(typeof deleted === 'object' && deleted !== null
				? { deleted: deleted as IDataObject }
				: {}),
		};
	} catch (error) {
		failure = error;
	}
	// A cancelled run stops as it is; the item loop passes it on.
	if (run.signal?.aborted || isAbortError(failure)) throw failure;
	const recordError = recordErrorFrom(failure);
	if (retries > 0 && requestMayHaveArrived(failure) && recordError.spaazaCode === NON_EXISTENT) {
		// An attempt whose answer was lost deleted it; the retry then found nothing.
		return {
			status: 'deleted',
			id,
			attempts: retries + 1,
			note: `Spaaza's answer to an earlier attempt was lost and the retry found no ${noun} ${id}: the earlier attempt deleted it.`,
		};
	}
	return { status: 'failed', id, attempts: retries + 1, error: recordError, cause: failure };
}

/** Every id deleted through one concurrency pool; the outcome of each. */
async function deleteAll(
	ctx: IExecuteFunctions,
	ids: readonly number[],
	settings: DeleteSettings,
): Promise<Map<number, DeleteOutcome>> {
	const connection = await getSpaazaConnection(ctx, 0);
	const run: DeleteRun = {
		settings,
		connection,
		chainId: resolveChain(ctx, 0, connection),
		signal: ctx.getExecutionCancelSignal?.(),
	};
	const results = new Map<number, DeleteOutcome>();
	await mapWithConcurrency(ids, settings.concurrency, async (id) => {
		results.set(id, await deleteOne(ctx, run, id));
	});
	return results;
}

/** The error that stops the run when records were not deleted, naming the first few. */
function notDeletedError(
	outcomes: readonly DeleteOutcome[],
	settings: DeleteSettings,
): SpaazaError | undefined {
	const { noun, plural } = settings;
	const bad = outcomes
		.map((outcome, itemIndex) => ({ outcome, itemIndex }))
		.filter(({ outcome }) => outcome.status === 'failed' || outcome.status === 'invalid');
	if (bad.length === 0) return undefined;
	const first = bad[0];
	const deleted = outcomes.filter((outcome) => outcome.status === 'deleted').length;
	const lines = bad
		.slice(0, SHOWN_FAILURES)
		.map(({ outcome }) => `- ${outcome.error?.message ?? 'not deleted'}`);
	if (bad.length > SHOWN_FAILURES) lines.push(`- … and ${bad.length - SHOWN_FAILURES} more`);
	const api = readError(first.outcome.cause).api;
	return new SpaazaError(
		(first.outcome.error?.code as SpaazaCode | undefined) ?? SPAAZA_CODES.API_ERROR,
		`${bad.length} of ${outcomes.length} ${plural} could not be deleted. First: ${first.outcome.error?.message ?? ''}`,
		{
			description: `${lines.join('\n')}\n${deleted ? `The other ${deleted} were deleted. ` : ''}To get one item per ${noun} with its status instead of stopping, set this node's Settings > On Error to "Continue".`,
			itemIndex: first.itemIndex,
			api,
			httpStatus: api ? first.outcome.error?.httpCode : undefined,
			spaazaErrorCode: first.outcome.error?.spaazaCode,
		},
	);
}

/** One output item per input item: its status, the id, and what Spaaza or the check said. */
function resultJson(
	outcome: DeleteOutcome,
	input: IDataObject,
	settings: DeleteSettings,
): IDataObject {
	const { products } = settings;
	return {
		status: outcome.status,
		recordType: products ? 'products' : 'variants',
		...(outcome.id !== undefined ? { id: outcome.id } : {}),
		...(typeof input.owner_code === 'string' ? { owner_code: input.owner_code } : {}),
		attempts: outcome.attempts,
		...(products && outcome.status !== 'invalid'
			? {
					note:
						outcome.status === 'dry-run'
							? `Would delete this product. ${PRODUCT_DELETE_NOTE}`
							: PRODUCT_DELETE_NOTE,
				}
			: {}),
		...(outcome.note ? { deleteNote: outcome.note } : {}),
		...(outcome.deleted ? { deleted: outcome.deleted } : {}),
		...(outcome.error ? { error: outcome.error } : {}),
	};
}

export async function runDelete(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const settings = readSettings(ctx);
	const outcomes = items.map((_item, itemIndex) => plannedOutcome(ctx, itemIndex, settings));
	const ids = [
		...new Set(outcomes.flatMap((outcome) => (outcome.id !== undefined ? [outcome.id] : []))),
	];
	refuseTooMany(ids, settings);
	if (!settings.dryRun && ids.length > 0) {
		const results = await deleteAll(ctx, ids, settings);
		outcomes.forEach((outcome, i) => {
			if (outcome.id !== undefined) outcomes[i] = results.get(outcome.id) ?? outcome;
		});
	}
	if (!ctx.continueOnFail()) {
		const stop = notDeletedError(outcomes, settings);
		if (stop) throw stop;
	}
	return [
		outcomes.map((outcome, itemIndex) => ({
			json: resultJson(outcome, items[itemIndex].json, settings),
			pairedItem: { item: itemIndex },
		})),
	];
}
