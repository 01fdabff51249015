import { SPAAZA_CODES } from '../../errors';
import { clip } from '../../bounded';
import { CONTROL_CHARACTER_PROBLEM, explainInvalid, explainOversized } from '../../records/values';
import { rowPlace } from '../csv/csvReader';
import type { ColumnPlan } from './header';
import type { FileIssue } from '../reporter';

export type RowRecord = Record<string, unknown>;

/** `line` is where the row starts; `lastLine` where it ends, later when a quoted value holds a line break. */
export type RowReader = (
	fields: string[],
	line: number,
	report: (issue: FileIssue) => void,
	lastLine?: number,
) => RowRecord | undefined;

// V8's inline cache for `{ ...shape }` copies up to four shapes fast; past that each copy goes
// through the runtime and is slower than adding the keys one by one.
const MAX_SHAPES = 4;
// A bit per column in the shape's key; wider files build records key by key.
const MAX_MASKED_COLUMNS = 31;

/**
 * Long values (a 600-character description) are cut in messages; `value` keeps them whole up to
 * this length, above Spaaza's longest field (1,024), so only a damaged cell is cut there too.
 */
const MAX_VALUE_SHOWN = 2_000;

/** Long values are cut in messages. */
export function quoted(text: string): string {
	return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

/**
 * What a cell gives its column: the value, `null` for no value (an empty or blank cell) or
 * `undefined` for an invalid one. Every path that reads a cell goes through this, so a shortcut
 * cannot take a cell the full row reader would have reported.
 */
export function cellValue(column: ColumnPlan, text: string): unknown {
	return text === '' ? null : column.read(text);
}

/**
 * Makes the reader that turns one data row into a record with the column plan: blank cells are
 * left out, every bad cell is reported (so one fix round is enough) and a row with any bad cell
 * gives `undefined`.
 *
 * Records are copied from a per-file shape (a template holding the row's keys, then `later`
 * keys the caller sets afterwards) rather than grown key by key: a `{}` grown to 16 keys
 * reallocates its property store three times and ends up with its fields out of line, so the
 * records took about 3% more heap and a little longer to build. A row has `undefined` under the
 * `later` keys until the caller sets them.
 */
export function createRowReader(
	plan: ReadonlyArray<ColumnPlan | undefined>,
	later: readonly string[],
	useShapes = true,
): RowReader {
	const values: unknown[] = new Array(plan.length).fill(undefined);
	const shapes = new Map<number, RowRecord>();
	const masked = plan.length <= MAX_MASKED_COLUMNS;

	function shapeOf(mask: number): RowRecord | undefined {
		const shape = shapes.get(mask);
		if (shape !== undefined || shapes.size >= MAX_SHAPES || !masked || !useShapes) return shape;
		const template: RowRecord = {};
		for (let i = 0; i < plan.length; i++) if (mask & (1 << i)) template[plan[i]!.key] = null;
		for (const key of later) if (!(key in template)) template[key] = null;
		// JSON.parse lays all of an object's keys out inline, which a copy then inherits.
		const made = JSON.parse(JSON.stringify(template)) as RowRecord;
		for (const key in made) made[key] = undefined;
		shapes.set(mask, made);
		return made;
	}

	return (fields, line, report, lastLine = line) => {
		if (fields.length !== plan.length) {
			report({
				severity: 'error',
				code: SPAAZA_CODES.CSV_SYNTAX,
				message: `${rowPlace(line, lastLine)} has ${fields.length} values but the header has ${plan.length} columns, so the values cannot be matched to columns. Check for a missing or extra comma, a missing line break, or a value with a comma that is not in double quotes`,
				line,
			});
			return undefined;
		}
		let valid = true;
		let mask = 0;
		for (let i = 0; i < fields.length; i++) {
			values[i] = undefined;
			const column = plan[i];
			if (column === undefined) continue;
			const text = fields[i];
			const value = cellValue(column, text);
			if (value === null) continue;
			if (value === undefined) {
				valid = false;
				const rule = column.rule;
				report({
					severity: 'error',
					code: SPAAZA_CODES.INVALID_VALUE,
					message: `${rowPlace(line, lastLine)}: ${column.column} ${quoted(text)} ${rule ? explainInvalid(rule, text) : (explainOversized(text) ?? CONTROL_CHARACTER_PROBLEM)}`,
					line,
					column: column.column,
					// The cell as written, unless it is megabytes long (see MAX_CELL_LENGTH).
					value: clip(text, MAX_VALUE_SHOWN),
				});
				continue;
			}
			values[i] = typeof value === 'string' ? column.share(value) : value;
			mask |= 1 << i;
		}
		if (!valid) return undefined;
		const shape = shapeOf(mask);
		const record: RowRecord = shape === undefined ? {} : { ...shape };
		for (let i = 0; i < fields.length; i++) {
			const value = values[i];
			if (value !== undefined) record[plan[i]!.key] = value;
		}
		return record;
	};
}
