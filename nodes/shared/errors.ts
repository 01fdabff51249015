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

/** Thrown by the pure core when processing cannot go on (e.g. `onInvalidRow: fail`). */
export class SpaazaFileSetError extends Error {
	readonly code: SpaazaCode;
	readonly issue: SpaazaIssue;

	constructor(issue: SpaazaIssue) {
		super(issue.message);
		this.name = 'SpaazaFileSetError';
		this.code = issue.code;
		this.issue = issue;
	}
}
