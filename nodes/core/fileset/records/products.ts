import { SPAAZA_CODES } from '../../errors';
import { missingRequired } from '../../records/required';
import type { ProductRecord, RecordSource } from '../../records/types';
import { sameRecord } from '../../records/values';
import { reportMissing, type FileIssue } from '../reporter';
import type { RowRecord } from '../rows/rows';
import { KeyIndex } from './keyIndex';
import { appended } from './lists';

/**
 * Collects product rows. The same owner_code (or id) twice in one file is never sent twice:
 * exact repeats are imported once with a warning, differing rows are all rejected because
 * nobody can tell which one is right.
 */
export function collectProducts(
	source: Omit<RecordSource, 'lines'>,
	updateIfExists: boolean,
	report: (issue: FileIssue) => void,
) {
	const records: Array<ProductRecord | undefined> = [];
	const byKey = new KeyIndex<string | number>((index, key) => {
		const record = records[index] as ProductRecord;
		return (record.owner_code ?? record.id) === key;
	});
	const clashing = new Map<number, string>();

	return {
		add(row: RowRecord, line: number): void {
			if (row.id === undefined && (row.owner_code === undefined || row.name === undefined)) {
				reportMissing(report, line, missingRequired('product', row));
				return;
			}
			if (row.update_if_exists === undefined) row.update_if_exists = updateIfExists;
			const key = row.owner_code !== undefined ? (row.owner_code as string) : (row.id as number);
			const earlier = byKey.claim(key, records.length);
			if (earlier === -1) {
				row._source = {
					fileSet: source.fileSet,
					file: source.file,
					lines: [line],
				};
				records.push(row as ProductRecord);
				return;
			}
			const first = records[earlier] as ProductRecord;
			const lines = (first._source as RecordSource).lines;
			(first._source as RecordSource).lines = appended(lines, line);
			const what = typeof key === 'string' ? `owner_code ${JSON.stringify(key)}` : `id ${key}`;
			if (!clashing.has(earlier) && sameRecord(first, row)) {
				report({
					severity: 'warning',
					code: SPAAZA_CODES.DUPLICATE_RECORD,
					message: `Line ${line} repeats the product on line ${lines[0]} (${what}) exactly; it is imported once`,
					line,
					column: typeof key === 'string' ? 'owner_code' : 'id',
					value: String(key),
				});
				return;
			}
			clashing.set(earlier, what);
		},
		finish(): ProductRecord[] {
			for (const [index, what] of clashing) {
				const record = records[index] as ProductRecord;
				const lines = (record._source as RecordSource).lines;
				report({
					severity: 'error',
					code: SPAAZA_CODES.DUPLICATE_RECORD,
					message: `The product with ${what} is on lines ${lines.join(', ')} with different values. Keep one row per product; none of these rows was imported`,
					line: lines[0],
					column: typeof record.owner_code === 'string' ? 'owner_code' : 'id',
					value: typeof record.owner_code === 'string' ? record.owner_code : String(record.id),
				});
				records[index] = undefined;
			}
			return clashing.size === 0
				? (records as ProductRecord[])
				: records.filter((r): r is ProductRecord => r !== undefined);
		},
	};
}
