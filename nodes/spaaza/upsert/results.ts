/**
 * What the upsert nodes output: one result per record, one summary per input batch, and the one
 * error that names the rejected records when the user did not choose to continue on failure.
 */
import type { IDataObject } from 'n8n-workflow';

import { SPAAZA_CODES } from '../../core/errors';
import type { RecordProblem, RecordSource } from '../../core/records';
import type { InputGroup } from '../../shell/mapping/inputs';
import type { UpsertKind } from '../../shell/mapping/kinds';

export type UpsertStatus = 'upserted' | 'invalid' | 'failed' | 'dry-run';

export interface RecordError extends IDataObject {
	code: string;
	message: string;
	description?: string;
	/** Spaaza's own error code, e.g. 68. */
	spaazaCode?: number;
	spaazaName?: string;
	httpCode?: number;
	/** For invalid records: every field that is wrong. */
	problems?: RecordProblem[];
}

export interface RecordOutcome {
	itemIndex: number;
	status: UpsertStatus;
	ownerCode?: string;
	source?: RecordSource;
	/** The product or variant as Spaaza returned it. */
	written?: IDataObject;
	/** What a dry run would have sent. */
	record?: IDataObject;
	/** Spaaza's warnings on a successful write (docs/spaaza-api.md §8.1), bounded (answer.ts). */
	warnings?: IDataObject[];
	/** Warnings beyond those shown. */
	moreWarnings?: number;
	/** How the outcome was decided when that is not plain, e.g. after a lost answer. */
	note?: string;
	error?: RecordError;
	/** HTTP attempts made for the record: 1 plus retries; 0 when nothing was sent. */
	attempts: number;
	/** The error behind a failure (a SpaazaError, or an n8n error), read with readError. */
	cause?: Error;
}

/** The outcome of a record nothing was sent for: invalid, a dry run, or stopped before sending. */
export function unsentOutcome(
	record: Pick<RecordOutcome, 'itemIndex' | 'ownerCode' | 'source'>,
	status: UpsertStatus,
	more: Partial<RecordOutcome> = {},
): RecordOutcome {
	const { itemIndex, ownerCode, source } = record;
	return { itemIndex, ownerCode, source, status, attempts: 0, ...more };
}

const SHOWN_LINES = 5;

/** 'product "P-1" (productlist_20240101_120000.csv line 3)', as every message names a record. */
export function describeRecord(
	kind: UpsertKind,
	ownerCode: string | undefined,
	source: RecordSource | undefined,
	id?: unknown,
): string {
	const who =
		ownerCode !== undefined
			? `${kind.noun} "${ownerCode}"`
			: id !== undefined && id !== null
				? `${kind.noun} with id ${String(id)}`
				: `${kind.noun} without owner code`;
	if (!source || source.lines.length === 0) return source ? `${who} (${source.file})` : who;
	const lines = source.lines.slice(0, SHOWN_LINES).join(', ');
	const more = source.lines.length > SHOWN_LINES ? ' …' : '';
	return `${who} (${source.file} line${source.lines.length > 1 ? 's' : ''} ${lines}${more})`;
}

/** The json of one record's output item. */
export function resultJson(kind: UpsertKind, outcome: RecordOutcome): IDataObject {
	const json: IDataObject = { status: outcome.status };
	if (outcome.ownerCode !== undefined) json.owner_code = outcome.ownerCode;
	if (outcome.written) json[kind.resultKey] = outcome.written;
	if (outcome.record) json.record = outcome.record;
	if (outcome.error) json.error = outcome.error;
	if (outcome.warnings && outcome.warnings.length > 0) {
		json.warnings = outcome.warnings;
		if (outcome.moreWarnings) json.moreWarnings = outcome.moreWarnings;
	}
	if (outcome.note) json.note = outcome.note;
	json.attempts = outcome.attempts;
	if (outcome.source) json._source = outcome.source as unknown as IDataObject;
	return json;
}

export interface UpsertCounts extends IDataObject {
	total: number;
	upserted: number;
	invalid: number;
	failed: number;
	dryRun: number;
	/** Records that were upserted with warnings from Spaaza. */
	withWarnings: number;
}

export function countOutcomes(outcomes: readonly RecordOutcome[]): UpsertCounts {
	const counts: UpsertCounts = {
		total: outcomes.length,
		upserted: 0,
		invalid: 0,
		failed: 0,
		dryRun: 0,
		withWarnings: 0,
	};
	for (const { status, warnings } of outcomes) {
		if (status === 'dry-run') counts.dryRun++;
		else counts[status]++;
		if (warnings && warnings.length > 0) counts.withWarnings++;
	}
	return counts;
}

/** The json of a batch's output item: its counts, then every record's result in input order. */
export function batchJson(
	kind: UpsertKind,
	group: InputGroup,
	outcomes: readonly RecordOutcome[],
): IDataObject {
	return {
		...(group.fileSet !== undefined ? { fileSet: group.fileSet } : {}),
		...countOutcomes(outcomes),
		results: outcomes.map((outcome) => resultJson(kind, outcome)),
	};
}

/**
 * The json of the one item the Summary and Problems Only output starts with: the counts of every
 * record and the file sets they came from. The records that did not go in follow it, one item each.
 */
export function summaryJson(
	groups: readonly InputGroup[],
	outcomes: readonly RecordOutcome[],
): IDataObject {
	const fileSets = new Set<string>();
	for (const group of groups) if (group.fileSet !== undefined) fileSets.add(group.fileSet);
	for (const outcome of outcomes) if (outcome.source?.fileSet) fileSets.add(outcome.source.fileSet);
	return {
		...(fileSets.size > 0 ? { fileSets: [...fileSets].sort() } : {}),
		...countOutcomes(outcomes),
	};
}

/** The error a record that failed validation carries. */
export function invalidError(
	kind: UpsertKind,
	ownerCode: string | undefined,
	source: RecordSource | undefined,
	problems: RecordProblem[],
	missingFields: ReadonlySet<string>,
): RecordError {
	const allMissing = problems.every((problem) => missingFields.has(problem.field));
	return {
		code: allMissing ? SPAAZA_CODES.MISSING_VALUE : SPAAZA_CODES.INVALID_VALUE,
		message: `${capitalise(describeRecord(kind, ownerCode, source))} is not valid: ${problems.map((p) => p.message).join('; ')}`,
		problems,
	};
}

export function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

const SHOWN_FAILURES = 5;

export interface FailureSummary {
	message: string;
	description: string;
	/** The first record that did not make it, to point n8n at its item. */
	first: RecordOutcome;
}

/** Words for the one error a run with rejected records ends with; undefined when all went in. */
export function summariseFailures(
	kind: UpsertKind,
	outcomes: readonly RecordOutcome[],
): FailureSummary | undefined {
	const bad = outcomes.filter(
		(outcome) => outcome.status === 'invalid' || outcome.status === 'failed',
	);
	if (bad.length === 0) return undefined;
	const counts = countOutcomes(outcomes);
	const parts = [
		counts.invalid ? `${counts.invalid} invalid` : '',
		counts.failed ? `${counts.failed} rejected by Spaaza or not sent` : '',
	].filter(Boolean);
	const message =
		`${bad.length} of ${outcomes.length} ${outcomes.length === 1 ? kind.noun : kind.plural} could not be created or updated ` +
		`(${parts.join(', ')}). First: ${bad[0].error?.message ?? describeRecord(kind, bad[0].ownerCode, bad[0].source)}`;
	const lines = bad.slice(0, SHOWN_FAILURES).map((outcome) => {
		const error = outcome.error;
		const codes = [
			error?.code,
			error?.spaazaCode !== undefined ? `Spaaza error ${error.spaazaCode}` : '',
		]
			.filter(Boolean)
			.join(', ');
		return `- ${error?.message ?? describeRecord(kind, outcome.ownerCode, outcome.source)}${codes ? ` [${codes}]` : ''}`;
	});
	if (bad.length > SHOWN_FAILURES) lines.push(`- … and ${bad.length - SHOWN_FAILURES} more`);
	const written = counts.upserted
		? `The other ${counts.upserted} ${counts.upserted === 1 ? `${kind.noun} was` : `${kind.plural} were`} created or updated. `
		: '';
	const description =
		`${lines.join('\n')}\n${written}To get one item per ${kind.noun} with its status instead of stopping, ` +
		`set this node's Settings > On Error to "Continue (using error output)".`;
	return { message, description, first: bad[0] };
}
