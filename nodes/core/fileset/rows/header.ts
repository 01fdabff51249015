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
	const error = (code: SpaazaIssue['code'], message: string, column?: string) =>
		report({
			severity: 'error',
			code,
			message,
			line,
			...(column === undefined ? {} : { column, value: column }),
		});

	const separator = separatorOf(header);
	if (separator) {
		error(
			SPAAZA_CODES.CSV_SYNTAX,
			`The file is separated by ${separator}, not commas. Save or export it as "CSV (comma delimited)" and try again`,
		);
		return undefined;
	}
	const known = knownColumns(kind);
	const keys = new Set(FIELDS[kind].map((rule) => rule.name));
	const names = header.map((name) => name.trim());
	let rejected = false;
	const seen = new Set<string>();
	const unknown: string[] = [];
	const ignored: string[] = [];
	const plan = names.map((name, index): ColumnPlan | undefined => {
		if (name === '') {
			ignored.push(`column ${index + 1} (no name)`);
			return undefined;
		}
		if (hasControlCharacter(name)) {
			// A NUL or other control character in a column name: a damaged file, or not a CSV file.
			// Read as an unknown column, the field it spoils (e.g. `\0id`) would be lost in silence.
			rejected = true;
			const shown = JSON.stringify(clip(name, 80)).slice(1, -1);
			error(
				SPAAZA_CODES.CSV_SYNTAX,
				`Column ${index + 1} of the header ("${shown}") ${CONTROL_CHARACTER_PROBLEM.replace('Remove it', 'Fix the header')}`,
				shown,
			);
			return undefined;
		}
		if (name !== name.toLowerCase()) {
			rejected = true;
			error(
				SPAAZA_CODES.HEADER_CASE,
				`Column "${clip(name, 80)}" must be written in lowercase ("${clip(name.toLowerCase(), 80)}"): Spaaza column names are lowercase API parameter names. Lowercase it`,
				name,
			);
			return undefined;
		}
		if (seen.has(name)) {
			rejected = true;
			error(
				SPAAZA_CODES.DUPLICATE_COLUMN,
				`Column "${clip(name, 80)}" appears more than once in the header. Keep one`,
				name,
			);
			return undefined;
		}
		seen.add(name);
		const field = known.get(name);
		if (field)
			return {
				column: name,
				key: field.rule.name,
				rule: field.rule,
				read: field.read,
				share: pool(),
			};
		// A column named like a record key (e.g. `owner_code` in a variant list) would overwrite it.
		if (keys.has(name) || name.startsWith('_')) {
			ignored.push(name);
			return undefined;
		}
		unknown.push(name);
		return { column: name, key: name, read: passThrough, share: pool() };
	});
	if (rejected) return undefined;

	for (const group of requiredColumnGroups(kind, seen)) {
		if (group.some((name) => seen.has(name))) continue;
		rejected = true;
		const wanted = group.map((name) => `"${name}"`).join(' or ');
		error(
			SPAAZA_CODES.MISSING_COLUMN,
			`The header has no ${wanted} column, which a ${kind === 'product' ? 'product list' : 'variant list'} needs. Add it`,
			group[0],
		);
	}
	if (rejected) return undefined;

	if (unknown.length > 0 || ignored.length > 0) {
		// A header of thousands of columns names a few of them, each cut short.
		const named = (name: string) => clip(name, 80);
		const parts = [];
		if (unknown.length > 0)
			parts.push(
				`${nameSome(unknown, named)} ${unknown.length === 1 ? 'is not a field' : 'are not fields'} Spaaza documents: kept on each record as text for later nodes, but the Upsert nodes do not send ${unknown.length === 1 ? 'it' : 'them'} to Spaaza`,
			);
		if (ignored.length > 0)
			parts.push(`${nameSome(ignored, named)} ${ignored.length === 1 ? 'is' : 'are'} ignored`);
		report({
			severity: 'warning',
			code: SPAAZA_CODES.UNKNOWN_COLUMN,
			message: `Unknown columns: ${parts.join('; ')}. Check the spelling if Spaaza should use them`,
			line,
			column: nameSome([...unknown, ...ignored], named),
		});
	}
	return plan;
}
