import { CappedList, clip } from '../bounded';
import { SPAAZA_CODES } from '../errors';
import { MAX_ISSUES_PER_FILE } from '../fileset/reporter';
import { FIELDS, columnOf, type RecordKind } from '../records/fields';
import { checkProductRecord, checkVariantRecord, type RecordProblem } from '../records/validate';
import {
	CONTROL_CHARACTER_PROBLEM,
	explainOversized,
	hasControlCharacter,
} from '../records/values';
import { removeDuplicates } from './duplicates';
import {
	issueFor,
	type BuildIssue,
	type FileRecord,
	type IssueFacts,
	type RecordOrigin,
} from './issues';
import { otherFields } from './otherFields';

export interface CollectOptions {
	/** Write fields that are not Spaaza fields as extra columns (default true). */
	includeOtherFields?: boolean;
}

export interface CollectedRecords {
	kind: RecordKind;
	records: FileRecord[];
	issues: BuildIssue[];
	/** Input records that are not written because of an error. */
	invalid: number;
}

// A lone UTF-16 surrogate (half an emoji) has no UTF-8 form: it would be written as U+FFFD and
// read back as a different value.
const BROKEN_TEXT = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function hasBrokenText(value: unknown): boolean {
	if (typeof value === 'string') return BROKEN_TEXT.test(value);
	return Array.isArray(value) && value.some(hasBrokenText);
}

/** An issue's `value`: cut at 2,000 characters, as an input field may hold megabytes. */
function shown(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	return clip(typeof value === 'object' ? JSON.stringify(value) : String(value), 2_000);
}

/**
 * Checks records for one file with the parser's own rules (records/) and collects the ones to
 * write. Only plain data is kept, so a Build → Parse round trip gives back the same records.
 */
export class RecordCollector {
	private readonly records: FileRecord[] = [];
	private readonly issues: BuildIssue[] = [];
	private readonly listed = new CappedList(this.issues, MAX_ISSUES_PER_FILE);
	private invalid = 0;
	private readonly columnByKey: Map<string, string>;

	constructor(
		readonly kind: RecordKind,
		private readonly options: CollectOptions = {},
	) {
		this.columnByKey = new Map(FIELDS[kind].map((rule) => [rule.name, columnOf(rule)]));
	}

	add(input: unknown, origin: RecordOrigin): void {
		const check = this.kind === 'product' ? checkProductRecord(input) : checkVariantRecord(input);
		const raw =
			typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
		const ownerCode = shown(
			raw.owner_code ?? (this.kind === 'variant' ? raw.product_variant_owner_code : undefined),
		);
		if (!check.ok) {
			this.reject(
				origin,
				ownerCode,
				check.problems.map((problem) => this.fromProblem(problem, raw)),
			);
			return;
		}

		const record: Record<string, unknown> = { ...check.record };
		const others = (this.options.includeOtherFields ?? true) ? otherFields(this.kind, input) : {};
		Object.assign(record, others);
		const problems: IssueFacts[] = [];
		// Extra columns follow the parser's pass-through rule (fileset/rows/header.ts), so Build never
		// writes a cell that Parse would then reject as damaged.
		for (const [field, text] of Object.entries(others)) {
			const problem =
				explainOversized(text) ??
				(hasControlCharacter(text) ? CONTROL_CHARACTER_PROBLEM : undefined);
			if (problem === undefined) continue;
			problems.push({
				severity: 'error',
				code: SPAAZA_CODES.INVALID_VALUE,
				field,
				column: field,
				message: `${field} ${problem}`,
			});
		}
		for (const [field, value] of Object.entries(record)) {
			if (!hasBrokenText(value)) continue;
			problems.push({
				severity: 'error',
				code: SPAAZA_CODES.INVALID_VALUE,
				field,
				column: this.columnByKey.get(field) ?? field,
				message: `${field} contains a broken character (half of an emoji or other symbol) that cannot be saved in a UTF-8 file. Fix the text where it comes from`,
			});
		}
		if (this.kind === 'variant' && !Array.isArray(record.barcodes)) {
			problems.push({
				severity: 'error',
				code: SPAAZA_CODES.MISSING_VALUE,
				field: 'barcodes',
				column: 'barcode',
				message:
					'A variant needs at least one barcode to be written to a variant list, which has one row per barcode',
			});
		}
		if (problems.length > 0) this.reject(origin, shown(record.owner_code) ?? ownerCode, problems);
		else this.records.push({ record, origin });
	}

	/** An input the node could not turn into a record at all (e.g. a failing expression). */
	addUnreadable(origin: RecordOrigin, message: string): void {
		this.reject(origin, undefined, [
			{ severity: 'error', code: SPAAZA_CODES.INVALID_VALUE, message },
		]);
	}

	/** The records to write, after the duplicate rules the parser applies to a file. */
	finish(): CollectedRecords {
		const { kept, issues, withheld } = removeDuplicates(this.kind, this.records);
		for (const issue of issues) this.listed.add(issue);
		const first = this.listed.firstLeftOut;
		if (first) {
			this.issues.push({
				severity: 'warning',
				code: SPAAZA_CODES.TOO_MANY_ISSUES,
				message: `${this.listed.leftOut} more problems, from item ${first.itemIndex} on, are not listed (only the first ${MAX_ISSUES_PER_FILE} are). Fix the ones listed and run again`,
				itemIndex: first.itemIndex,
			});
		}
		return {
			kind: this.kind,
			records: kept,
			issues: this.issues,
			invalid: this.invalid + withheld,
		};
	}

	private fromProblem(problem: RecordProblem, raw: Record<string, unknown>): IssueFacts {
		const field = problem.field;
		const column = this.columnByKey.get(field);
		const alias = column !== undefined && column !== field ? raw[column] : undefined;
		const value = shown(raw[field] ?? alias);
		const blank = value === undefined || value.trim() === '';
		return {
			severity: 'error',
			code: field !== '' && blank ? SPAAZA_CODES.MISSING_VALUE : SPAAZA_CODES.INVALID_VALUE,
			message: problem.message,
			...(field === '' ? {} : { field, column: column ?? field }),
			...(blank ? {} : { value }),
		};
	}

	private reject(
		origin: RecordOrigin,
		ownerCode: string | undefined,
		problems: IssueFacts[],
	): void {
		this.invalid++;
		for (const problem of problems) this.listed.add(issueFor(origin, ownerCode, problem));
	}
}
