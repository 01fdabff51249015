/**
 * The one error vocabulary of the package. Every problem a user can see — a rejected CSV line, a
 * Spaaza API refusal, a task that failed — carries one of these stable codes, so workflows can
 * branch on `code` and tests assert on it rather than on prose.
 */
export const SPAAZA_CODES = {
	// File-set problems (Parse Spaaza File Set, Build Spaaza File Set).
	FILE_NAME: 'SPAAZA_FILE_NAME',
	SET_INCOMPLETE: 'SPAAZA_SET_INCOMPLETE',
	DUPLICATE_FILE: 'SPAAZA_DUPLICATE_FILE',
	SET_SKIPPED: 'SPAAZA_SET_SKIPPED',
	SET_NOT_CONFIRMED: 'SPAAZA_SET_NOT_CONFIRMED',
	FILE_NOT_READY: 'SPAAZA_FILE_NOT_READY',
	EMPTY_FILE: 'SPAAZA_EMPTY_FILE',
	MISSING_COLUMN: 'SPAAZA_MISSING_COLUMN',
	HEADER_CASE: 'SPAAZA_HEADER_CASE',
	DUPLICATE_COLUMN: 'SPAAZA_DUPLICATE_COLUMN',
	UNKNOWN_COLUMN: 'SPAAZA_UNKNOWN_COLUMN',
	INVALID_VALUE: 'SPAAZA_INVALID_VALUE',
	MISSING_VALUE: 'SPAAZA_MISSING_VALUE',
	DUPLICATE_RECORD: 'SPAAZA_DUPLICATE_RECORD',
	DUPLICATE_BARCODE: 'SPAAZA_DUPLICATE_BARCODE',
	REPEATED_BARCODE: 'SPAAZA_REPEATED_BARCODE',
	VARIANT_CONFLICT: 'SPAAZA_VARIANT_CONFLICT',
	CSV_SYNTAX: 'SPAAZA_CSV_SYNTAX',
	ENCODING: 'SPAAZA_ENCODING',
	TOO_MANY_ISSUES: 'SPAAZA_TOO_MANY_ISSUES',
	TOO_MANY_RECORDS: 'SPAAZA_TOO_MANY_RECORDS',
	ROWS_REJECTED: 'SPAAZA_ROWS_REJECTED',
	// Workflow layout (Spaaza Upsert Variant before Spaaza Upsert Product).
	VARIANTS_BEFORE_PRODUCTS: 'SPAAZA_VARIANTS_BEFORE_PRODUCTS',
	// Spaaza API and transport problems (all API nodes).
	API_ERROR: 'SPAAZA_API_ERROR',
	ADMIN_AUTH_REQUIRED: 'SPAAZA_ADMIN_AUTH_REQUIRED',
	TWO_FACTOR_REQUIRED: 'SPAAZA_2FA_REQUIRED',
	REQUEST_TIMEOUT: 'SPAAZA_REQUEST_TIMEOUT',
	NETWORK: 'SPAAZA_NETWORK',
	BAD_RESPONSE: 'SPAAZA_BAD_RESPONSE',
	// Tasks and exports.
	TASK_FAILED: 'SPAAZA_TASK_FAILED',
	TASK_TIMEOUT: 'SPAAZA_TASK_TIMEOUT',
	TASK_NOT_READY: 'SPAAZA_TASK_NOT_READY',
	URL_EXPIRED: 'SPAAZA_URL_EXPIRED',
	SEGMENT_INVALID: 'SPAAZA_SEGMENT_INVALID',
	NOT_EXPORT_TASK: 'SPAAZA_NOT_EXPORT_TASK',
	// Spaaza Delete Record.
	TOO_MANY_DELETIONS: 'SPAAZA_TOO_MANY_DELETIONS',
	// Credentials and storage downloads.
	AUTH_FAILED: 'SPAAZA_AUTH_FAILED',
	DOWNLOAD_FAILED: 'SPAAZA_DOWNLOAD_FAILED',
	CREDENTIAL_INVALID: 'SPAAZA_CREDENTIAL_INVALID',
} as const;

export type SpaazaCode = (typeof SPAAZA_CODES)[keyof typeof SPAAZA_CODES];

/** One reported problem: the shape of every item on Parse's `Errors` output and in `errors` lists. */
export interface SpaazaIssue {
	severity: 'error' | 'warning';
	code: SpaazaCode;
	message: string;
	fileSet?: string;
	file?: string;
	/** 1-based physical line in the file where the record (or problem) starts. */
	line?: number;
	/** The column name (header) the problem concerns. */
	column?: string;
	value?: string;
}

/**
 * The facts an error carries besides its code. Read by `toNodeError` (nodeError.ts), the one place
 * that turns a SpaazaError into the n8n error users see, and into continue-on-fail items.
 */
export interface SpaazaErrorFacts {
	/** What to do about it, shown under the message; the code is added after it. */
	description?: string;
	/** The input item the problem belongs to (default: the item being processed). */
	itemIndex?: number;
	/** Spaaza (or its storage) answered with something wrong: shown as a NodeApiError. */
	api?: boolean;
	fileSet?: string;
	file?: string;
	/** 1-based physical line in the file. */
	line?: number;
	/** The column name (header) the problem concerns. */
	column?: string;
	/** Where in a segment object, e.g. `rules[0].start_date`. */
	path?: string;
	httpStatus?: number;
	/** Spaaza's own numeric error code, e.g. 68 (our code is `SpaazaError.code`). */
	spaazaErrorCode?: number;
	/** Spaaza's error name, e.g. `permission_denied_or_non_existent`. */
	spaazaErrorName?: string;
	/** What the failed request concerned: 'product P1 (productlist_….csv line 3)', 'task 12'. */
	subject?: string;
	/** Retries made before giving up. */
	retries?: number;
	taskId?: number;
	/** Task facts: the state it was in, its last state, its log lines. */
	state?: string | null;
	lastState?: string;
	logs?: string[];
	/** Upsert run failures: how many records were invalid and how many Spaaza refused. */
	invalid?: number;
	failed?: number;
}

/**
 * The one error type of the package: a stable SPAAZA_* code and the facts (file, line, column,
 * record, Spaaza's own code …). Pure code throws it; nodeError.ts shows it the n8n way.
 */
export class SpaazaError extends Error {
	readonly code: SpaazaCode;
	readonly facts: SpaazaErrorFacts;

	constructor(code: SpaazaCode, message: string, facts: SpaazaErrorFacts = {}) {
		super(message);
		this.name = 'SpaazaError';
		this.code = code;
		this.facts = facts;
	}
}

/** Thrown by the file-set core when processing cannot go on (e.g. `onInvalidRow: fail`). */
export class SpaazaFileSetError extends SpaazaError {
	readonly issue: SpaazaIssue;

	constructor(issue: SpaazaIssue) {
		const { fileSet, file, line, column } = issue;
		super(issue.code, issue.message, { fileSet, file, line, column });
		this.name = 'SpaazaFileSetError';
		this.issue = issue;
	}
}
