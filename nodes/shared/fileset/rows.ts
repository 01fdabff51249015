import { SPAAZA_CODES } from '../errors';
import { explainInvalid } from '../records/values';
import type { ColumnPlan } from './header';
import type { FileIssue } from './reporter';

export type RowRecord = Record<string, unknown>;

/** Long values (a 600-character description) are cut in messages; `value` keeps them whole. */
export function quoted(text: string): string {
	return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

/**
 * Turns one data row into a record with the column plan: blank cells are left out, every bad
 * cell is reported (so one fix round is enough) and a row with any bad cell gives `undefined`.
 */
export function readRow(
	plan: ReadonlyArray<ColumnPlan | undefined>,
	fields: string[],
	line: number,
	report: (issue: FileIssue) => void,
): RowRecord | undefined {
	if (fields.length !== plan.length) {
		report({
			severity: 'error',
			code: SPAAZA_CODES.CSV_SYNTAX,
			message: `Line ${line} has ${fields.length} values but the header has ${plan.length} columns, so the values cannot be matched to columns. Check for a missing or extra comma, or a value with a comma that is not in double quotes`,
			line,
		});
		return undefined;
	}
	const record: RowRecord = {};
	let valid = true;
	for (let i = 0; i < fields.length; i++) {
		const text = fields[i];
		if (text === '') continue;
		const column = plan[i];
		if (column === undefined) continue;
		const value = column.read(text);
		if (value === null) continue;
		if (value === undefined) {
			valid = false;
			const rule = column.rule;
			report({
				severity: 'error',
				code: SPAAZA_CODES.INVALID_VALUE,
				message: `Line ${line}: ${column.column} ${quoted(text)} ${rule ? explainInvalid(rule, text) : 'is not valid'}`,
				line,
				column: column.column,
				value: text,
			});
			continue;
		}
		record[column.key] = typeof value === 'string' ? column.share(value) : value;
	}
	return valid ? record : undefined;
}
