import { toUtcIso } from './dates';
import {
	checkSegment,
	fieldsForOperator,
	SpaazaSegmentError,
	type SegmentResult,
	type ExportIndex,
	type RuleValueField,
	type Segment,
	type SegmentJoin,
} from './schema';

/** One entry of the node's rule builder, as n8n reads back the `rules.rule` fixedCollection. */
export interface RuleBuilderEntry {
	field_name?: unknown;
	field_type?: unknown;
	operator?: unknown;
	value?: unknown;
	start_date?: unknown;
	end_date?: unknown;
	min?: unknown;
	max?: unknown;
	time_factor?: unknown;
	time_amount?: unknown;
}

export interface BuildSegmentInput {
	exportIndex: ExportIndex;
	chainId: number;
	join: SegmentJoin;
	rules: RuleBuilderEntry[];
	/** The workflow's time zone: date fields without an offset are wall-clock times there. */
	timeZone?: string;
}

function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

/** Numbers typed into text-ish fields or produced by expressions arrive as strings. */
function toNumber(value: unknown): unknown {
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
		return Number(value);
	}
	return value;
}

function readField(field: RuleValueField, value: unknown, timeZone: string): unknown {
	switch (field) {
		case 'start_date':
		case 'end_date':
			// An unparseable date is passed on as typed so validation reports it at its path.
			return toUtcIso(value, timeZone) ?? value;
		case 'min':
		case 'max':
		case 'time_amount':
			return toNumber(value);
		default:
			return typeof value === 'string' ? value.trim() : value;
	}
}

/**
 * Turns rule-builder entries into a Spaaza segment object. Each rule keeps only the fields its
 * operator uses (hidden builder fields can still hold stale values), then the whole segment goes
 * through the same validation as a raw JSON segment.
 */
export function checkRuleSegment(input: BuildSegmentInput): SegmentResult {
	const timeZone = input.timeZone ?? 'UTC';
	if (input.rules.length === 0) {
		const error = new SpaazaSegmentError([
			{ path: 'rules', message: 'add at least one rule, or choose no filter' },
		]);
		return { ok: false, error };
	}
	const rules = input.rules.map((entry) => {
		const operator = typeof entry.operator === 'string' ? entry.operator : '';
		const rule: Record<string, unknown> = {
			field_name: typeof entry.field_name === 'string' ? entry.field_name.trim() : entry.field_name,
			field_type: entry.field_type ?? 'keyword',
			operator,
		};
		for (const field of fieldsForOperator(operator) ?? []) {
			if (!isBlank(entry[field])) rule[field] = readField(field, entry[field], timeZone);
		}
		return rule;
	});
	return checkSegment(
		{
			entity: 'people',
			index: input.exportIndex,
			join: input.join,
			chain_id: input.chainId,
			rules,
		},
		{ exportIndex: input.exportIndex, chainId: input.chainId },
	);
}

/** As checkRuleSegment, throwing SpaazaSegmentError. */
export function buildSegment(input: BuildSegmentInput): Segment {
	const result = checkRuleSegment(input);
	if (!result.ok) throw result.error;
	return result.segment;
}
