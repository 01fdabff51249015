import { z } from '../../bundled/zod';

import { SPAAZA_CODES, SpaazaError } from '../../errors';

/** `target.export_index` values of the Tasks API (docs/spaaza-api.md §5.2). */
export const EXPORT_INDEXES = [
	'products',
	'product-variants',
	'users',
	'transactions',
	'vouchers',
	'wallet-ledger',
] as const;
export type ExportIndex = (typeof EXPORT_INDEXES)[number];

export const SEGMENT_JOINS = ['all', 'any'] as const;
export type SegmentJoin = (typeof SEGMENT_JOINS)[number];

/** The operators Spaaza's segment reference confirms (docs/spaaza-api.md §6). */
export const SEGMENT_OPERATORS = [
	'is',
	'is_not',
	'contains',
	'does_not_contain',
	'is_date',
	'is_after_date',
	'is_before_date',
	'is_between_date',
	'relative_less_than',
	'is_between_number',
] as const;
export type SegmentOperator = (typeof SEGMENT_OPERATORS)[number];

export type RuleValueField =
	| 'value'
	| 'start_date'
	| 'end_date'
	| 'min'
	| 'max'
	| 'time_factor'
	| 'time_amount';

/** The "Used with" column of the rule-object table: what each operator needs besides the field. */
export const OPERATOR_FIELDS: Record<SegmentOperator, readonly RuleValueField[]> = {
	is: ['value'],
	is_not: ['value'],
	contains: ['value'],
	does_not_contain: ['value'],
	is_date: ['value'],
	is_after_date: ['start_date'],
	is_before_date: ['end_date'],
	is_between_date: ['start_date', 'end_date'],
	relative_less_than: ['time_factor', 'time_amount'],
	is_between_number: ['min', 'max'],
};

/**
 * Fields an operator needs. The reference names only `relative_less_than` of the `relative_*`
 * family but says they all take `time_factor` + `time_amount`, so other members are let through.
 */
export function fieldsForOperator(operator: string): readonly RuleValueField[] | undefined {
	if (operator in OPERATOR_FIELDS) return OPERATOR_FIELDS[operator as SegmentOperator];
	if (/^relative_[a-z_]+$/.test(operator)) return OPERATOR_FIELDS.relative_less_than;
	return undefined;
}

export interface SegmentRule {
	field_name: string;
	field_type: string;
	operator: string;
	value?: string | number | boolean;
	start_date?: string;
	end_date?: string;
	min?: number;
	max?: number;
	time_factor?: string;
	time_amount?: number;
	nested?: boolean;
	nesting_path?: string;
}

export interface Segment {
	entity: 'people';
	index: ExportIndex;
	join: SegmentJoin;
	chain_id: number;
	rules: SegmentRule[];
}

export interface SegmentProblem {
	/** Where in the segment object, e.g. `rules[0].start_date`. */
	path: string;
	message: string;
}

/** Thrown by the pure segment code: every problem found, the first one in the message. */
export class SpaazaSegmentError extends SpaazaError {
	readonly path: string;
	readonly problems: SegmentProblem[];

	constructor(problems: SegmentProblem[]) {
		const first = problems[0];
		const lines = problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
		super(
			SPAAZA_CODES.SEGMENT_INVALID,
			first.path
				? `Invalid segment at ${first.path}: ${first.message}`
				: `Invalid segment: ${first.message}`,
			{
				path: first.path,
				description: `${lines.join('\n')}\n\nFix the filter; nothing was sent to Spaaza.`,
			},
		);
		this.name = 'SpaazaSegmentError';
		this.path = first.path;
		this.problems = problems;
	}
}

const isoDate = z
	.string({ invalid_type_error: 'must be an ISO 8601 date string, e.g. "2026-05-26T12:00:00Z"' })
	.refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), {
		message: 'must be an ISO 8601 date, e.g. "2026-05-26T12:00:00Z"',
	});
const number = z.number({ invalid_type_error: 'must be a number' }).finite();
const text = z.string({ invalid_type_error: 'must be text' }).trim().min(1, 'must not be empty');

const ruleSchema = z
	.object({
		field_name: text,
		field_type: text,
		operator: text,
		value: z
			.union([text, number, z.boolean()], {
				invalid_type_error: 'must be text, a number or true/false',
			})
			.optional(),
		start_date: isoDate.optional(),
		end_date: isoDate.optional(),
		min: number.optional(),
		max: number.optional(),
		time_factor: text.optional(),
		time_amount: z
			.number({ invalid_type_error: 'must be a whole number' })
			.int('must be a whole number')
			.positive('must be 1 or more')
			.optional(),
		nested: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
		nesting_path: text.optional(),
	})
	.strict()
	.superRefine((rule, ctx) => {
		const needs = fieldsForOperator(rule.operator);
		if (!needs) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['operator'],
				message: `"${rule.operator}" is not a known operator; use one of ${SEGMENT_OPERATORS.join(', ')}`,
			});
			return;
		}
		for (const field of needs) {
			if (rule[field] === undefined) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: [field],
					message: `is required for operator "${rule.operator}"`,
				});
			}
		}
		if (rule.operator === 'is_date' && rule.value !== undefined) {
			if (typeof rule.value !== 'string' || Number.isNaN(Date.parse(rule.value))) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: ['value'],
					message: 'must be a date for "is_date"',
				});
			}
		}
		if (rule.min !== undefined && rule.max !== undefined && rule.min > rule.max) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['max'],
				message: 'must not be less than min',
			});
		}
		if (
			rule.start_date &&
			rule.end_date &&
			Date.parse(rule.start_date) > Date.parse(rule.end_date)
		) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['end_date'],
				message: 'must not be before start_date',
			});
		}
	});

const segmentSchema = z
	.object({
		entity: z.literal('people', {
			errorMap: () => ({ message: 'must be "people" (Spaaza uses it for every index)' }),
		}),
		index: z.enum(EXPORT_INDEXES, {
			errorMap: () => ({ message: `must be one of ${EXPORT_INDEXES.join(', ')}` }),
		}),
		join: z.enum(SEGMENT_JOINS, { errorMap: () => ({ message: 'must be "all" or "any"' }) }),
		chain_id: z
			.number({ invalid_type_error: 'must be a number' })
			.int('must be a whole number')
			.positive('must be a chain ID'),
		rules: z.array(ruleSchema, { invalid_type_error: 'must be a list of rules' }),
	})
	.strict();

function formatPath(path: Array<string | number>): string {
	return path.reduce<string>(
		(acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part),
		'',
	);
}

function toProblems(error: z.ZodError): SegmentProblem[] {
	return error.issues.map((issue) => {
		let message = issue.message;
		if (issue.code === z.ZodIssueCode.invalid_type && issue.received === 'undefined')
			message = 'is required';
		if (issue.code === z.ZodIssueCode.unrecognized_keys) {
			message = `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
		}
		return { path: formatPath(issue.path), message };
	});
}

export interface SegmentContext {
	exportIndex: ExportIndex;
	chainId: number;
}

export type SegmentResult =
	| { ok: true; segment: Segment }
	| { ok: false; error: SpaazaSegmentError };

function fail(path: string, message: string): SegmentResult {
	return { ok: false, error: new SpaazaSegmentError([{ path, message }]) };
}

function parseJson(text: string): { value: unknown } | { error: string } {
	try {
		return { value: JSON.parse(text) };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

/**
 * Checks a segment object (or its JSON text) before it is sent, so a typo is reported with its
 * path instead of as an opaque API refusal. `entity`, `index`, `join` and `chain_id` may be left
 * out; they are filled from the task being created.
 */
export function checkSegment(raw: unknown, context: SegmentContext): SegmentResult {
	let value = raw;
	if (typeof value === 'string') {
		const parsed = parseJson(value);
		if ('error' in parsed) return fail('', `is not valid JSON (${parsed.error})`);
		value = parsed.value;
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return fail(
			'',
			'must be a JSON object with "join" and "rules", e.g. {"join": "all", "rules": [...]}',
		);
	}
	const filled = {
		entity: 'people',
		index: context.exportIndex,
		join: 'all',
		chain_id: context.chainId,
		...(value as Record<string, unknown>),
	};
	const parsed = segmentSchema.safeParse(filled);
	if (!parsed.success)
		return { ok: false, error: new SpaazaSegmentError(toProblems(parsed.error)) };
	if (parsed.data.chain_id !== context.chainId) {
		return fail(
			'chain_id',
			`is ${parsed.data.chain_id} but the task runs for chain ${context.chainId}`,
		);
	}
	return { ok: true, segment: parsed.data };
}

/** As checkSegment, throwing SpaazaSegmentError. */
export function validateSegment(raw: unknown, context: SegmentContext): Segment {
	const result = checkSegment(raw, context);
	if (!result.ok) throw result.error;
	return result.segment;
}
