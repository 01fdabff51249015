/**
 * Segment filters (docs/spaaza-api.md §6) evaluated on the sandbox's own rows. The operator list and
 * their semantics beyond the documented names are the sandbox's reading (see README.md).
 */

export interface SegmentRule {
	field_name: string;
	field_type?: string;
	operator: string;
	value?: unknown;
	start_date?: string;
	end_date?: string;
	min?: number | string;
	max?: number | string;
	time_factor?: string;
	time_amount?: number | string;
}

export interface Segment {
	entity?: string;
	index?: string;
	join?: 'all' | 'any';
	chain_id?: number;
	rules: SegmentRule[];
}

/** A segment that cannot be evaluated: the task ends in ERROR with this message as its log line. */
export class SegmentError extends Error {}

const DAY_MS = 24 * 60 * 60 * 1000;
const TIME_FACTORS_MS: Record<string, number> = {
	minute: 60 * 1000,
	hour: 60 * 60 * 1000,
	day: DAY_MS,
	week: 7 * DAY_MS,
	month: 30 * DAY_MS,
	year: 365 * DAY_MS,
};

type Row = Record<string, unknown>;
type Predicate = (row: Row) => boolean;

const isNumeric = (value: unknown) =>
	value !== null && value !== '' && Number.isFinite(Number(value));
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

function same(a: unknown, b: unknown): boolean {
	if (a === null || a === undefined) return false;
	return String(a) === String(b) || (isNumeric(a) && isNumeric(b) && Number(a) === Number(b));
}

function dateOf(value: unknown): number | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	const ms = Date.parse(String(value));
	return Number.isNaN(ms) ? undefined : ms;
}

function compile(
	rule: SegmentRule,
	position: number,
	knownFields: string[],
	now: number,
): Predicate {
	const label = `Segment rule ${position} (${rule.operator} on ${rule.field_name})`;
	if (!knownFields.includes(rule.field_name)) {
		throw new SegmentError(
			`Segment rule ${position}: unknown field "${rule.field_name}" for this index; known fields: ${knownFields.join(', ')}`,
		);
	}
	const field = (row: Row) => row[rule.field_name];
	const need = (...names: Array<keyof SegmentRule>) => {
		const absent = names.filter(
			(name) => rule[name] === undefined || rule[name] === null || rule[name] === '',
		);
		if (absent.length) throw new SegmentError(`${label} needs ${absent.join(' and ')}`);
	};
	const needDate = (name: 'start_date' | 'end_date' | 'value') => {
		const ms = dateOf(rule[name]);
		if (ms === undefined) throw new SegmentError(`${label}: ${name} is not an ISO 8601 date`);
		return ms;
	};
	const onDate =
		(test: (ms: number) => boolean): Predicate =>
		(row) => {
			const ms = dateOf(field(row));
			return ms !== undefined && test(ms);
		};
	switch (rule.operator) {
		case 'is':
		case 'is_not': {
			need('value');
			const matches: Predicate = (row) => asList(field(row)).some((item) => same(item, rule.value));
			return rule.operator === 'is' ? matches : (row) => !matches(row);
		}
		case 'contains':
		case 'does_not_contain': {
			need('value');
			const needle = String(rule.value).toLowerCase();
			const matches: Predicate = (row) =>
				asList(field(row)).some(
					(item) =>
						item !== null && item !== undefined && String(item).toLowerCase().includes(needle),
				);
			return rule.operator === 'contains' ? matches : (row) => !matches(row);
		}
		case 'is_between_number': {
			if (!isNumeric(rule.min) && !isNumeric(rule.max))
				throw new SegmentError(`${label} needs min and/or max numbers`);
			const min = isNumeric(rule.min) ? Number(rule.min) : -Infinity;
			const max = isNumeric(rule.max) ? Number(rule.max) : Infinity;
			return (row) =>
				isNumeric(field(row)) && Number(field(row)) >= min && Number(field(row)) <= max;
		}
		case 'is_date': {
			need('value');
			const day = new Date(needDate('value')).toISOString().slice(0, 10);
			return onDate((ms) => new Date(ms).toISOString().slice(0, 10) === day);
		}
		case 'is_after_date': {
			need('start_date');
			const start = needDate('start_date');
			return onDate((ms) => ms > start);
		}
		case 'is_before_date': {
			need('end_date');
			const end = needDate('end_date');
			return onDate((ms) => ms < end);
		}
		case 'is_between_date': {
			need('start_date', 'end_date');
			const start = needDate('start_date');
			const end = needDate('end_date');
			return onDate((ms) => ms >= start && ms <= end);
		}
		case 'relative_less_than': {
			need('time_factor', 'time_amount');
			const unit = TIME_FACTORS_MS[String(rule.time_factor)];
			if (!unit) {
				throw new SegmentError(
					`${label}: unknown time_factor "${rule.time_factor}" (use ${Object.keys(TIME_FACTORS_MS).join(', ')})`,
				);
			}
			if (!isNumeric(rule.time_amount))
				throw new SegmentError(`${label}: time_amount must be a number`);
			const since = now - Number(rule.time_amount) * unit;
			return onDate((ms) => ms > since);
		}
		default:
			throw new SegmentError(`${label}: unknown operator "${rule.operator}"`);
	}
}

/** Rows that match; throws SegmentError for a rule that cannot be evaluated, even with no rows. */
export function filterBySegment<T>(
	rows: T[],
	segment: Segment,
	fieldsOf: (row: T) => Row,
	knownFields: string[],
	now: number,
): T[] {
	const predicates = segment.rules.map((rule, index) => compile(rule, index + 1, knownFields, now));
	if (predicates.length === 0) return rows;
	const any = segment.join === 'any';
	return rows.filter((row) => {
		const fields = fieldsOf(row);
		return any ? predicates.some((test) => test(fields)) : predicates.every((test) => test(fields));
	});
}
