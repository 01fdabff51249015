import { CappedList } from '../bounded';
import { SPAAZA_CODES, SpaazaFileSetError, type SpaazaIssue } from '../errors';
import type { MissingField } from '../records/required';

export type FileIssue = Omit<SpaazaIssue, 'fileSet' | 'file'>;

export interface FileReporter {
	report(issue: FileIssue): void;
	/** Adds the summary of issues left out because of the cap. */
	finish(): void;
}

/**
 * A file where every row is wrong (say, a price column with comma decimals) would otherwise
 * produce one Errors item per row; past this many the rest are counted, not listed.
 */
export const MAX_ISSUES_PER_FILE = 10_000;

/**
 * Collects the issues of one file, stamping them with the set and file name. With
 * `onInvalidRow: 'fail'` the first error stops processing by throwing `SpaazaFileSetError`.
 */
export function createFileReporter(
	where: { fileSet?: string; file?: string },
	out: SpaazaIssue[],
	failOnError: boolean,
	limit = MAX_ISSUES_PER_FILE,
): FileReporter {
	const listed = new CappedList(out, limit);
	return {
		report(issue) {
			const full: SpaazaIssue = {
				severity: issue.severity,
				code: issue.code,
				message: issue.message,
				...where,
				...(issue.line === undefined ? {} : { line: issue.line }),
				...(issue.column === undefined ? {} : { column: issue.column }),
				...(issue.value === undefined ? {} : { value: issue.value }),
			};
			if (failOnError && full.severity === 'error') {
				// The message of a stopped run must say which file, as there is no Errors item around it.
				const where = full.file ? `${full.file}: ` : '';
				throw new SpaazaFileSetError({ ...full, message: `${where}${full.message}` });
			}
			listed.add(full);
		},
		finish() {
			if (listed.leftOut === 0) return;
			out.push({
				severity: 'warning',
				code: SPAAZA_CODES.TOO_MANY_ISSUES,
				message: `${listed.leftOut} more problems in this file are not listed (only the first ${limit} are). Fix the ones listed and run again`,
				...where,
			});
		},
	};
}

/** One error per required value a row lacks; the product and the variant rows report them alike. */
export function reportMissing(
	report: (issue: FileIssue) => void,
	line: number,
	missing: readonly MissingField[],
): void {
	for (const m of missing) {
		report({
			severity: 'error',
			code: SPAAZA_CODES.MISSING_VALUE,
			message: `Line ${line}: ${m.message}`,
			line,
			column: m.column,
		});
	}
}
