import type { SpaazaCode } from '../errors';

/** Where a record came from: the input item, and its place in a batch item's `records`. */
export interface RecordOrigin {
	itemIndex: number;
	recordIndex?: number;
}

/** One problem with an input record; the shape of the entries of Build's `errors` list. */
export interface BuildIssue extends RecordOrigin {
	severity: 'error' | 'warning';
	code: SpaazaCode;
	message: string;
	owner_code?: string;
	/** Record key (API name) the problem concerns. */
	field?: string;
	/** CSV column of that field. */
	column?: string;
	value?: string;
}

/** The facts of an issue without where it came from; `issueFor` adds those. */
export type IssueFacts = Omit<BuildIssue, 'itemIndex' | 'recordIndex' | 'owner_code'>;

/** A record that passed the checks, ready to be written. */
export interface FileRecord {
	record: Record<string, unknown>;
	origin: RecordOrigin;
}

export function describeOrigin(origin: RecordOrigin): string {
	return origin.recordIndex === undefined
		? `Item ${origin.itemIndex}`
		: `Item ${origin.itemIndex}, record ${origin.recordIndex}`;
}

/** An issue that says which input record it is about, first in the message and as fields. */
export function issueFor(
	origin: RecordOrigin,
	ownerCode: string | undefined,
	facts: IssueFacts,
): BuildIssue {
	const who =
		ownerCode === undefined
			? describeOrigin(origin)
			: `${describeOrigin(origin)} (${JSON.stringify(ownerCode)})`;
	return {
		severity: facts.severity,
		code: facts.code,
		message: `${who}: ${facts.message}`,
		...origin,
		...(ownerCode === undefined ? {} : { owner_code: ownerCode }),
		...(facts.field === undefined ? {} : { field: facts.field }),
		...(facts.column === undefined ? {} : { column: facts.column }),
		...(facts.value === undefined ? {} : { value: facts.value }),
	};
}
