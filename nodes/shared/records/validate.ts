import type { ZodError } from 'zod';

import { productRecordSchema, variantRecordSchema } from './schemas';
import type { ProductRecord, VariantRecord } from './types';

export interface RecordProblem {
	/** Record key the problem concerns ('' for the record as a whole). */
	field: string;
	message: string;
}

export type RecordCheck<T> = { ok: true; record: T } | { ok: false; problems: RecordProblem[] };

function problemsOf(error: ZodError): RecordProblem[] {
	return error.issues.map((issue) => ({
		field: issue.path.length > 0 ? String(issue.path[0]) : '',
		message: issue.message,
	}));
}

/** Validates and coerces a product record with the parser's rules; never throws. */
export function checkProductRecord(input: unknown): RecordCheck<ProductRecord> {
	const parsed = productRecordSchema.safeParse(input);
	return parsed.success
		? { ok: true, record: parsed.data }
		: { ok: false, problems: problemsOf(parsed.error) };
}

/** Validates and coerces a variant record with the parser's rules; never throws. */
export function checkVariantRecord(input: unknown): RecordCheck<VariantRecord> {
	const parsed = variantRecordSchema.safeParse(input);
	return parsed.success
		? { ok: true, record: parsed.data }
		: { ok: false, problems: problemsOf(parsed.error) };
}
