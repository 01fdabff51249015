/**
 * Spaaza Upsert Product / Variant (README "Spaaza Upsert Product / Spaaza Upsert Variant"): read records from rows or batches, validate them
 * with the parser's rules, send the valid ones through one pool, and report every record.
 *
 * It runs once per execution (runOnce, itemLoop.ts), not per item: the pool spans all records of
 * all items, and a rejected record is a result, not an item error; the run fails once at the end,
 * naming the records, unless the user chose to continue on failure.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { getSpaazaConnection, resolveChain } from '../transport/connection';
import { SPAAZA_CODES, SpaazaError, type SpaazaCode } from '../../core/errors';
import { checkFileName } from '../../core/fileset/names/fileName';
import {
	LEDGER_KEY,
	confirmRecords,
	readLedger,
	recordIdentity,
	writeLedger,
	type LedgerPart,
} from '../../core/fileset/ledger/ledger';
import { readError } from '../../shell/nodeError';
import { DEFAULT_MAX_RETRIES } from '../transport/constants';
import { MAX_CONCURRENCY, DEFAULT_CONCURRENCY } from './description';
import { MAX_RETRIES_LIMIT } from '../properties';
import {
	autoRecordInput,
	flattenInput,
	ownerCodeOf,
	sourceOf,
	type RecordEntry,
} from '../../shell/mapping/inputs';
import type { UpsertKind } from '../../shell/mapping/kinds';
import { readManualRecord } from '../../shell/mapping/manual';
import {
	batchJson,
	invalidError,
	resultJson,
	summariseFailures,
	summaryJson,
	unsentOutcome,
	type RecordOutcome,
} from './results';
import { recordErrorFrom, sendRecords, type ReadyRecord } from './send';

interface UpsertOptions {
	concurrency: number;
	maxRetries: number;
	dryRun: boolean;
	/** Output: Summary and Problems Only. */
	summary: boolean;
}

function clamp(value: unknown, min: number, max: number, fallback: number): number {
	const n = Math.floor(Number(value));
	return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

function readOptions(ctx: IExecuteFunctions): UpsertOptions {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	return {
		concurrency: clamp(
			options.concurrency ?? DEFAULT_CONCURRENCY,
			1,
			MAX_CONCURRENCY,
			DEFAULT_CONCURRENCY,
		),
		maxRetries: clamp(
			options.maxRetries ?? DEFAULT_MAX_RETRIES,
			0,
			MAX_RETRIES_LIMIT,
			DEFAULT_MAX_RETRIES,
		),
		dryRun: options.dryRun === true,
		summary: options.output === 'summary',
	};
}

/** Per-item parameters, read once per input item rather than once per record of a batch. */
function perItem<T>(read: (itemIndex: number) => T): (itemIndex: number) => T {
	const cache = new Map<number, T>();
	return (itemIndex) => {
		if (!cache.has(itemIndex)) cache.set(itemIndex, read(itemIndex));
		return cache.get(itemIndex) as T;
	};
}

/** Whether the input leaves a field out, under its API name and its CSV column name alike. */
function blank(kind: UpsertKind, input: unknown, field: string): boolean {
	const record = (typeof input === 'object' && input !== null ? input : {}) as IDataObject;
	const column = kind.fields.find((rule) => rule.name === field)?.column;
	return [field, column].every(
		(key) => key === undefined || [undefined, null, ''].includes(record[key] as never),
	);
}

interface Checked {
	ready?: Omit<ReadyRecord, 'index' | 'chainId'>;
	outcome?: RecordOutcome;
}

function checkEntry(
	ctx: IExecuteFunctions,
	kind: UpsertKind,
	entry: RecordEntry,
	manual: boolean,
	updateIfExists: boolean,
): Checked {
	const source = sourceOf(entry.raw);
	let input: unknown;
	try {
		input = autoRecordInput(
			manual ? readManualRecord(ctx, entry.itemIndex, kind) : entry.raw,
			updateIfExists,
		);
	} catch (error) {
		// An expression that cannot be evaluated is this record's problem, not the whole run's.
		const problems = [{ field: '', message: (error as Error).message }];
		const ownerCode = ownerCodeOf(entry.raw, kind.ownerCodeKeys);
		const invalid = invalidError(kind, ownerCode, source, problems, new Set());
		return {
			outcome: unsentOutcome({ itemIndex: entry.itemIndex, ownerCode, source }, 'invalid', {
				error: invalid,
			}),
		};
	}
	const checked = kind.check(input);
	if (checked.ok) {
		const ownerCode =
			typeof checked.record.owner_code === 'string' ? checked.record.owner_code : undefined;
		return {
			ready: {
				itemIndex: entry.itemIndex,
				record: checked.record as IDataObject,
				ownerCode,
				source,
			},
		};
	}
	const ownerCode = ownerCodeOf(input, kind.ownerCodeKeys);
	const missing = new Set(
		checked.problems.filter((p) => p.field && blank(kind, input, p.field)).map((p) => p.field),
	);
	const error = invalidError(kind, ownerCode, source, checked.problems, missing);
	return {
		outcome: unsentOutcome({ itemIndex: entry.itemIndex, ownerCode, source }, 'invalid', { error }),
	};
}

function failRun(ctx: IExecuteFunctions, kind: UpsertKind, outcomes: RecordOutcome[]): void {
	const summary = summariseFailures(kind, outcomes);
	if (!summary) return;
	const { first } = summary;
	const refusedBySpaaza = first.status === 'failed' && readError(first.cause).api;
	const error = new SpaazaError(
		(first.error?.code as SpaazaCode | undefined) ?? SPAAZA_CODES.API_ERROR,
		summary.message,
		{
			description: summary.description,
			itemIndex: first.itemIndex,
			// Refused by Spaaza: shown as the API error it was; invalid records never reached Spaaza.
			api: refusedBySpaaza,
			httpStatus: refusedBySpaaza ? first.error?.httpCode : undefined,
			invalid: outcomes.filter((o) => o.status === 'invalid').length,
			failed: outcomes.filter((o) => o.status === 'failed').length,
			spaazaErrorCode: first.error?.spaazaCode,
		},
	);
	throw error;
}

/**
 * Skip Processed Sets (fileset/ledger/ledger.ts): tells the ledger which records of which sets reached a
 * final state in this call — upserted, or invalid (reported, and just as invalid next run). A
 * failed record or a dry run does not count, so its set stays pending and is read again. Records
 * are named by their line (or owner code), so a call repeated by Retry On Fail counts each once.
 */
function confirmLanded(ctx: IExecuteFunctions, outcomes: readonly RecordOutcome[]): void {
	const landed: Record<LedgerPart, Map<string, number[]>> = {
		products: new Map(),
		variants: new Map(),
	};
	for (const outcome of outcomes) {
		if (
			!outcome ||
			(outcome.status !== 'upserted' && outcome.status !== 'invalid') ||
			!outcome.source?.fileSet
		)
			continue;
		const name = checkFileName(outcome.source.file);
		if (!name.ok) continue;
		const part = landed[name.type === 'productlist' ? 'products' : 'variants'];
		const ids = part.get(outcome.source.fileSet) ?? [];
		ids.push(recordIdentity(outcome.source.lines, String(outcome.ownerCode ?? '')));
		part.set(outcome.source.fileSet, ids);
	}
	if (landed.products.size + landed.variants.size === 0) return;
	const global = ctx.getWorkflowStaticData('global');
	if (!(LEDGER_KEY in global)) return;
	const ledger = readLedger(global);
	const run = ctx.getExecutionId() ?? '';
	confirmRecords(ledger, run, 'products', landed.products);
	confirmRecords(ledger, run, 'variants', landed.variants);
	writeLedger(global, ledger);
}

export async function runUpsert(
	ctx: IExecuteFunctions,
	kind: UpsertKind,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const manual = ctx.getNodeParameter('mappingMode', 0, 'auto') === 'manual';
	const options = readOptions(ctx);
	const continueOnFail = ctx.continueOnFail();
	const updateIfExists = perItem((i) => ctx.getNodeParameter('updateIfExists', i, true) !== false);

	const { groups, entries } = flattenInput(items, manual);
	const outcomes: RecordOutcome[] = new Array<RecordOutcome>(entries.length);
	const ready: ReadyRecord[] = [];
	entries.forEach((entry, index) => {
		const checked = checkEntry(ctx, kind, entry, manual, updateIfExists(entry.itemIndex));
		if (checked.outcome) outcomes[index] = checked.outcome;
		else if (checked.ready) ready.push({ ...checked.ready, index, chainId: 0 });
	});

	if (options.dryRun) {
		for (const record of ready) {
			outcomes[record.index] = unsentOutcome(record, 'dry-run', { record: record.record });
		}
	} else if (ready.length > 0) {
		const connection = await getSpaazaConnection(ctx, ready[0].itemIndex);
		const chainOf = perItem((itemIndex): number | Error => {
			try {
				return resolveChain(ctx, itemIndex, connection);
			} catch (error) {
				return error as Error;
			}
		});
		const sendable: ReadyRecord[] = [];
		for (const record of ready) {
			const chain = chainOf(record.itemIndex);
			if (typeof chain === 'number') {
				record.chainId = chain;
				sendable.push(record);
				continue;
			}
			// A Chain ID that names no chain: nothing of this item is sent anywhere.
			outcomes[record.index] = unsentOutcome(record, 'failed', {
				error: recordErrorFrom(chain),
				cause: chain,
			});
		}
		await sendRecords(ctx, kind, sendable, outcomes, { ...options, continueOnFail, connection });
	}

	if (!options.dryRun) confirmLanded(ctx, outcomes);
	if (!continueOnFail) failRun(ctx, kind, outcomes);

	const errorOutput = ctx.getNode().onError === 'continueErrorOutput';
	const recordItem = (outcome: RecordOutcome): INodeExecutionData => {
		const pairedItem = { item: outcome.itemIndex };
		const json = resultJson(kind, outcome);
		if (errorOutput && (outcome.status === 'invalid' || outcome.status === 'failed')) {
			// n8n sends an item down the error output when its json holds only error, message and
			// details, and then adds the input item's fields (the record as given). An item-level
			// `error` would route it too, but n8n then replaces the json with the bare message.
			const { error, ...details } = json;
			return { json: { error, details }, pairedItem };
		}
		return { json, pairedItem };
	};
	if (options.summary) {
		// Results of records that went in are what fills a large run's memory (docs/SCALING.md);
		// the summary is derived from every input item, as n8n's Aggregate node pairs its item.
		const problems = outcomes.filter((o) => o.status === 'invalid' || o.status === 'failed');
		const summary: INodeExecutionData = {
			json: summaryJson(groups, outcomes),
			pairedItem: items.map((_, item) => ({ item })),
		};
		return [[summary, ...problems.map(recordItem)]];
	}
	const output: INodeExecutionData[] = groups.map((group) => {
		if (group.batch) {
			return {
				json: batchJson(kind, group, outcomes.slice(group.first, group.first + group.count)),
				pairedItem: { item: group.itemIndex },
			};
		}
		return recordItem(outcomes[group.first]);
	});
	return [output];
}
