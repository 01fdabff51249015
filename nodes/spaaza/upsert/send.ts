/**
 * Sends validated records to Spaaza through one concurrency pool shared by all input items, so a
 * batch of 500 and 500 row items go equally fast, and turns each answer into a record outcome.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { SPAAZA_CODES } from '../../core/errors';
import { readError } from '../../shell/nodeError';
import type { RecordSource } from '../../core/records';
import { isAbortError } from '../transport/failure';
import { mapWithConcurrency } from '../transport/pool';
import type { SpaazaConnection } from '../transport/connection';
import { requestMayHaveArrived, spaazaRequest, type SpaazaRetryTiming } from '../transport/request';
import type { UpsertKind } from '../../shell/mapping/kinds';
import { namesProductById, ProductIdResolver } from './productIds';
import {
	capitalise,
	describeRecord,
	unsentOutcome,
	type RecordError,
	type RecordOutcome,
} from './results';
import { projectAnswer, shownWarnings } from './answer';

export interface ReadyRecord {
	/** Position in the flat record list, where its outcome goes. */
	index: number;
	itemIndex: number;
	chainId: number;
	record: IDataObject;
	ownerCode?: string;
	source?: RecordSource;
}

export interface SendOptions {
	concurrency: number;
	maxRetries: number;
	/** Stop at once on a credential-wide failure instead of reporting it on every record. */
	continueOnFail: boolean;
	retryTiming?: SpaazaRetryTiming;
	connection?: SpaazaConnection;
}

/**
 * Failures that are about the credential, not the record: every later record would fail the same
 * way (and an admin login would be retried once per record), so nothing more is sent.
 */
const CREDENTIAL_FAILURES = new Set<string>([
	SPAAZA_CODES.ADMIN_AUTH_REQUIRED,
	SPAAZA_CODES.AUTH_FAILED,
	SPAAZA_CODES.TWO_FACTOR_REQUIRED,
]);

export function recordErrorFrom(error: unknown): RecordError {
	const { code, message, description, facts } = readError(error);
	const json: RecordError = { code: code ?? SPAAZA_CODES.API_ERROR, message };
	if (description) json.description = description;
	if (typeof facts.spaazaErrorCode === 'number') json.spaazaCode = facts.spaazaErrorCode;
	if (typeof facts.spaazaErrorName === 'string') json.spaazaName = facts.spaazaErrorName;
	if (typeof facts.httpStatus === 'number') json.httpCode = facts.httpStatus;
	return json;
}

/** Spaaza's error names and words for "that record exists already" (the code is undocumented). */
const EXISTS_NAME = /(^|_)(already_)?exists?$/i;
const EXISTS_WORDS = /already exists/i;

/** Whether Spaaza refused a write because the record already exists. */
function refusedAsExisting(error: unknown): boolean {
	const { facts, message } = readError(error);
	const name = facts.spaazaErrorName;
	if (typeof name === 'string' && EXISTS_NAME.test(name)) return true;
	return facts.httpStatus !== undefined && EXISTS_WORDS.test(message);
}

function keyOf(ready: ReadyRecord): string {
	const { owner_code: ownerCode, id } = ready.record;
	return `${ready.chainId}\u0000${ownerCode !== undefined ? String(ownerCode) : `#${String(id)}`}`;
}

/**
 * Product records keyed only by `id` get their owner code from get-product (productIds.ts) before
 * any write, through the same concurrency limit; then every record is keyed by owner code, so two
 * records for one product still go one after the other in input order. A failed look-up fails its
 * record, which is not sent.
 */
async function resolveProductIds(
	ctx: IExecuteFunctions,
	kind: UpsertKind,
	records: readonly ReadyRecord[],
	outcomes: RecordOutcome[],
	options: SendOptions,
	signal: AbortSignal | undefined,
): Promise<readonly ReadyRecord[]> {
	if (kind.kind !== 'product' || !records.some((ready) => namesProductById(ready.record)))
		return records;
	const resolver = new ProductIdResolver(ctx, { ...options, signal });
	const resolved = new Array<ReadyRecord | undefined>(records.length);
	await mapWithConcurrency(records, options.concurrency, async (ready, position) => {
		if (!namesProductById(ready.record)) {
			resolved[position] = ready;
			return;
		}
		const subject = describeRecord(kind, ready.ownerCode, ready.source, ready.record.id);
		let stop: unknown;
		try {
			const record = await resolver.resolve(ready.itemIndex, ready.chainId, ready.record, subject);
			resolved[position] = { ...ready, record, ownerCode: record.owner_code as string };
		} catch (error) {
			if (signal?.aborted || isAbortError(error)) stop = error;
			outcomes[ready.index] = unsentOutcome(ready, 'failed', {
				error: recordErrorFrom(error),
				cause: error as Error,
			});
		}
		if (stop !== undefined) throw stop;
	});
	return resolved.filter((ready): ready is ReadyRecord => ready !== undefined);
}

/**
 * Runs works of one key one after the other, in call order, and works of different keys freely:
 * two records for one owner code (e.g. two sheet rows) sent in parallel could make Spaaza create
 * the product twice, and the later row must win.
 */
function oneAtATimePerKey(): <T>(key: string, work: () => Promise<T>) => Promise<T> {
	const running = new Map<string, Promise<void>>();
	return async (key, work) => {
		const before = running.get(key);
		let done = () => {};
		const mine = new Promise<void>((resolve) => (done = resolve));
		running.set(key, mine);
		try {
			if (before) await before;
			return await work();
		} finally {
			done();
			if (running.get(key) === mine) running.delete(key);
		}
	};
}

/** Writes one record; a refusal or a cancellation is its outcome, nothing is thrown. */
async function writeRecord(
	ctx: IExecuteFunctions,
	kind: UpsertKind,
	ready: ReadyRecord,
	options: SendOptions,
	signal: AbortSignal | undefined,
): Promise<RecordOutcome> {
	const base = { itemIndex: ready.itemIndex, ownerCode: ready.ownerCode, source: ready.source };
	let retries = 0;
	let warned: Pick<RecordOutcome, 'warnings' | 'moreWarnings'> = {};
	let failure: unknown;
	try {
		const results = await spaazaRequest<IDataObject>(ctx, ready.itemIndex, {
			api: 'api',
			method: 'POST',
			path: kind.path,
			body: { chain_id: ready.chainId, ...ready.record },
			chainId: ready.chainId,
			requireAdmin: true,
			maxRetries: options.maxRetries,
			abortSignal: signal,
			subject: describeRecord(kind, ready.ownerCode, ready.source),
			retryTiming: options.retryTiming,
			connection: options.connection,
			onRetry: (info) => (retries = info.attempt),
			onWarnings: (warnings, count) => {
				const { warnings: shown, more } = shownWarnings(warnings, count);
				warned = { warnings: shown, ...(more > 0 ? { moreWarnings: more } : {}) };
			},
		});
		// Only a projection is kept: the answer itself is dropped here (answer.ts).
		const written = projectAnswer(kind, results?.[kind.resultKey]);
		return {
			...base,
			status: 'upserted',
			attempts: retries + 1,
			...(written ? { written } : {}),
			...warned,
		};
	} catch (error) {
		failure = error;
	}
	if (
		ready.record.update_if_exists !== true &&
		requestMayHaveArrived(failure) &&
		refusedAsExisting(failure)
	) {
		// An attempt whose answer was lost created the record; the retry then found it.
		return {
			...base,
			status: 'upserted',
			attempts: retries + 1,
			note: `Spaaza's answer to an earlier attempt was lost, and the retry was refused because the ${kind.noun} already exists: the earlier attempt wrote it.`,
		};
	}
	const recordError = recordErrorFrom(failure);
	// A record the credential could not send was not written.
	const sent = recordError.code !== SPAAZA_CODES.ADMIN_AUTH_REQUIRED;
	return {
		...base,
		status: 'failed',
		attempts: sent ? retries + 1 : 0,
		error: recordError,
		cause: failure as Error,
	};
}

export async function sendRecords(
	ctx: IExecuteFunctions,
	kind: UpsertKind,
	records: readonly ReadyRecord[],
	outcomes: RecordOutcome[],
	options: SendOptions,
): Promise<void> {
	const signal = ctx.getExecutionCancelSignal?.();
	records = await resolveProductIds(ctx, kind, records, outcomes, options, signal);
	let credentialFailure: { error: unknown; recordError: RecordError } | undefined;
	const inTurn = oneAtATimePerKey();

	await mapWithConcurrency(records, options.concurrency, async (ready) => {
		if (credentialFailure) {
			const subject = describeRecord(kind, ready.ownerCode, ready.source);
			outcomes[ready.index] = unsentOutcome(ready, 'failed', {
				error: {
					...credentialFailure.recordError,
					message: `${capitalise(subject)} was not sent, because Spaaza refused the credential: ${credentialFailure.recordError.message}`,
				},
				cause: credentialFailure.error as Error,
			});
			return;
		}
		const outcome = await inTurn(
			keyOf(ready),
			async () => await writeRecord(ctx, kind, ready, options, signal),
		);
		outcomes[ready.index] = outcome;
		if (outcome.status !== 'failed' || !outcome.error) return;
		// A cancelled run stops; so does a credential no record can use, unless the node continues.
		const error = outcome.cause;
		if (signal?.aborted || isAbortError(error)) throw error;
		if (CREDENTIAL_FAILURES.has(outcome.error.code)) {
			credentialFailure ??= { error, recordError: outcome.error };
			if (!options.continueOnFail) throw error;
		}
	});
}
