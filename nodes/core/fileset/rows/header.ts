import { SPAAZA_CODES, type SpaazaIssue } from '../../errors';
import {
	FIELDS,
	columnOf,
	requiredColumnGroups,
	type FieldRule,
	type RecordKind,
} from '../../records/fields';
import { clip, nameSome } from '../../bounded';
import {
	CONTROL_CHARACTER_PROBLEM,
	hasControlCharacter,
	MAX_CELL_LENGTH,
	readerFor,
	type CellReader,
} from '../../records/values';
import { createStringPool, type StringPool } from './stringPool';

/** How one CSV column becomes a record key. */
export interface ColumnPlan {
	/** Header as written in the file (trimmed). */
	column: string;
	/** Record key. */
	key: string;
	rule?: FieldRule;
	read: CellReader;
	/** Shares repeated values of this column; per file. */
	share: StringPool;
}

export type HeaderIssue = Omit<SpaazaIssue, 'fileSet' | 'file'>;

// Passed-through text follows the catalogue text rule: a control character means damage.
const passThrough: CellReader = (text) =>
	text.length > MAX_CELL_LENGTH
		? undefined
		: text.trim() === ''
			? null
			: hasControlCharacter(text)
				? undefined
				: text;

const readersByKind = new Map<RecordKind, Map<string, { rule: FieldRule; read: CellReader }>>();

function knownColumns(kind: RecordKind) {
	let known = readersByKind.get(kind);
	if (!known) {
		known = new Map(FIELDS[kind].map((rule) => [columnOf(rule), { rule, read: readerFor(rule) }]));
		readersByKind.set(kind, known);
	}
	return known;
}

function separatorOf(header: string[]): string | undefined {
	for (const name of header) {
		if (name.includes(';')) return 'semicolons (;)';
		if (name.includes('\t')) return 'tabs';
	}
	return undefined;
}

type HeaderProblem = { code: SpaazaIssue['code']; message: string; column?: string };

/** Why a column name makes the file unusable: a control character, capitals, or a repeat. */
function columnNameProblem(
	name: string,
	index: number,
	seen: Set<string>,
): HeaderProblem | undefined {
	if (hasControlCharacter(name)) {
		// A NUL or other control character in a column name: a damaged file, or not a CSV file.
		// Read as an unknown column, the field it spoils (e.g. `\0id`) would be lost in silence.
		const shown = JSON.stringify(clip(name, 80)).slice(1, -1);
		return {
			code: SPAAZA_CODES.CSV_SYNTAX,
			message: `Column ${index + 1} of the header ("${shown}") ${CONTROL_CHARACTER_PROBLEM.replace('Remove it', 'Fix the header')}`,
			column: shown,
		};
	}
	if (name !== name.toLowerCase()) {
		return {
			code: SPAAZA_CODES.HEADER_CASE,
			message: `Column "${clip(name, 80)}" must be written in lowercase ("${clip(name.toLowerCase(), 80)}"): Spaaza column names are lowercase API parameter names. Lowercase it`,
			column: name,
		};
	}
	if (seen.has(name)) {
		return {
			code: SPAAZA_CODES.DUPLICATE_COLUMN,
			message: `Column "${clip(name, 80)}" appears more than once in the header. Keep one`,
			column: name,
		};
	}
	return undefined;
}

/** The required columns (or groups of alternatives, such as id or owner_code) the header lacks. */
function missingColumns(kind: RecordKind, seen: Set<string>): HeaderProblem[] {
	return requiredColumnGroups(kind, seen)
		.filter((group) => !group.some((name) => seen.has(name)))
		.map((group) => ({
			code: SPAAZA_CODES.MISSING_COLUMN,
			message: `The header has no ${group.map((name) => `"${name}"`).join(' or ')} column, which a ${kind === 'product' ? 'product list' : 'variant list'} needs. Add it`,
			column: group[0],
		}));
}

/** One warning for the columns that are kept as text or ignored. */
function unknownColumnsWarning(unknown: string[], ignored: string[], line: number): HeaderIssue {
	// A header of thousands of columns names a few of them, each cut short.
	const named = (name: string) => clip(name, 80);
	const parts = [];
	if (unknown.length > 0)
		parts.push(
			`${nameSome(unknown, named)} ${unknown.length === 1 ? 'is not a field' : 'are not fields'} Spaaza documents: kept on each record as text for later nodes, but the Create or Update nodes do not send ${unknown.length === 1 ? 'it' : 'them'} to Spaaza`,
		);
	if (ignored.length > 0)
		parts.push(`${nameSome(ignored, named)} ${ignored.length === 1 ? 'is' : 'are'} ignored`);
	return {
		severity: 'warning',
		code: SPAAZA_CODES.UNKNOWN_COLUMN,
		message: `Unknown columns: ${parts.join('; ')}. Check the spelling if Spaaza should use them`,
		line,
		column: nameSome([...unknown, ...ignored], named),
	};
}

/**
 * Checks the header row and turns it into a column plan. Returns `undefined` when the file must
 * be rejected; every reason found is reported, so one round of fixes is enough.
 */
export function planColumns(
	kind: RecordKind,
	header: string[],
	line: number,
	report: (issue: HeaderIssue) => void,
	shareStrings = true,
): Array<ColumnPlan | undefined> | undefined {
	const pool = (): StringPool => (shareStrings ? createStringPool() : (text) => text);
	const error = ({ code, message, column }: HeaderProblem) =>
		report({
			severity: 'error',
			code,
			message,
			line,
			...(column === undefined ? {} : { column, value: column }),
		});

	const separator = separatorOf(header);
	if (separator) {
		error({
			code: SPAAZA_CODES.CSV_SYNTAX,
			message: `The file is separated by ${separator}, not commas. Save or export it as "CSV (comma delimited)" and try again`,
		});
		return undefined;
	}
	const known = knownColumns(kind);
	const keys = new Set(FIELDS[kind].map((rule) => rule.name));
	let rejected = false;
	const seen = new Set<string>();
	const unknown: string[] = [];
	const ignored: string[] = [];
	const plan = header.map((written, index): ColumnPlan | undefined => {
		const name = written.trim();
		if (name === '') {
			ignored.push(`column ${index + 1} (no name)`);
			return undefined;
		}
		const problem = columnNameProblem(name, index, seen);
		if (problem) {
			rejected = true;
			error(problem);
			return undefined;
		}
		seen.add(name);
		const field = known.get(name);
		if (field) {
			const { rule, read } = field;
			return { column: name, key: rule.name, rule, read, share: pool() };
		}
		// A column named like a record key (e.g. `owner_code` in a variant list) would overwrite it.
		if (keys.has(name) || name.startsWith('_')) {
			ignored.push(name);
			return undefined;
		}
		unknown.push(name);
		return { column: name, key: name, read: passThrough, share: pool() };
	});
	if (rejected) return undefined;

	const missing = missingColumns(kind, seen);
	missing.forEach(error);
	if (missing.length > 0) return undefined;

	if (unknown.length > 0 || ignored.length > 0)
		report(unknownColumnsWarning(unknown, ignored, line));
	return plan;
}
