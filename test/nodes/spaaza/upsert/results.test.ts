import { PRODUCT_UPSERT, VARIANT_UPSERT } from '../../../../nodes/shell/mapping/kinds';
import {
	batchJson,
	countOutcomes,
	describeRecord,
	invalidError,
	resultJson,
	summariseFailures,
	type RecordOutcome,
} from '../../../../nodes/spaaza/upsert/results';

const file = 'variantlist_20240101_120000.csv';
const source = (lines: number[]) => ({ fileSet: '20240101_120000', file, lines });

function outcome(
	status: RecordOutcome['status'],
	ownerCode: string,
	extra: Partial<RecordOutcome> = {},
): RecordOutcome {
	return {
		itemIndex: 0,
		status,
		ownerCode,
		attempts: status === 'upserted' || status === 'failed' ? 1 : 0,
		...extra,
	};
}

describe('describeRecord', () => {
	it.each([
		['V-1', source([4]), `variant "V-1" (${file} line 4)`],
		['V-1', source([4, 5, 9]), `variant "V-1" (${file} lines 4, 5, 9)`],
		['V-1', source([1, 2, 3, 4, 5, 6, 7]), `variant "V-1" (${file} lines 1, 2, 3, 4, 5 …)`],
		['V-1', source([]), `variant "V-1" (${file})`],
		['V-1', undefined, 'variant "V-1"'],
		[undefined, source([2]), `variant without owner code (${file} line 2)`],
	])('names %p from %j', (ownerCode, where, expected) => {
		expect(describeRecord(VARIANT_UPSERT, ownerCode, where)).toBe(expected);
	});
});

describe('resultJson', () => {
	it('puts status, owner code, Spaaza’s object, error, attempts and source in that order', () => {
		const json = resultJson(
			VARIANT_UPSERT,
			outcome('upserted', 'V-1', { written: { id: 9 }, attempts: 3, source: source([2]) }),
		);
		expect(json).toEqual({
			status: 'upserted',
			owner_code: 'V-1',
			product_variant: { id: 9 },
			attempts: 3,
			_source: source([2]),
		});
		expect(Object.keys(json)).toEqual([
			'status',
			'owner_code',
			'product_variant',
			'attempts',
			'_source',
		]);
	});

	it('leaves out what a record does not have, and never carries the n8n error object', () => {
		const json = resultJson(
			PRODUCT_UPSERT,
			outcome('failed', 'P-1', {
				error: { code: 'SPAAZA_API_ERROR', message: 'no' },
				cause: new Error('x'),
			}),
		);
		expect(json).toEqual({
			status: 'failed',
			owner_code: 'P-1',
			error: { code: 'SPAAZA_API_ERROR', message: 'no' },
			attempts: 1,
		});
	});

	it('shows what a dry run would send', () => {
		expect(
			resultJson(PRODUCT_UPSERT, outcome('dry-run', 'P-1', { record: { owner_code: 'P-1' } })),
		).toEqual({
			status: 'dry-run',
			owner_code: 'P-1',
			record: { owner_code: 'P-1' },
			attempts: 0,
		});
	});
});

describe('counts and batches', () => {
	const outcomes = [
		outcome('upserted', 'A'),
		outcome('invalid', 'B'),
		outcome('failed', 'C'),
		outcome('dry-run', 'D'),
		outcome('upserted', 'E'),
	];
	const COUNTS = { total: 5, upserted: 2, invalid: 1, failed: 1, dryRun: 1, withWarnings: 0 };

	it('counts each status', () => {
		expect(countOutcomes(outcomes)).toEqual(COUNTS);
	});

	it('summarises a batch: file set, counts, then every result in input order', () => {
		const json = batchJson(
			PRODUCT_UPSERT,
			{ itemIndex: 2, batch: true, fileSet: 'S1', first: 0, count: 5 },
			outcomes,
		);
		expect(json).toMatchObject({ fileSet: 'S1', ...COUNTS });
		expect((json.results as Array<{ owner_code: string }>).map((r) => r.owner_code)).toEqual([
			'A',
			'B',
			'C',
			'D',
			'E',
		]);
		expect(
			batchJson(PRODUCT_UPSERT, { itemIndex: 0, batch: true, first: 0, count: 0 }, []),
		).toEqual({
			total: 0,
			upserted: 0,
			invalid: 0,
			failed: 0,
			dryRun: 0,
			withWarnings: 0,
			results: [],
		});
	});
});

describe('invalidError', () => {
	const problems = [
		{ field: 'price', message: 'price "1,50" must use a dot' },
		{ field: 'name', message: 'A product needs a name' },
	];

	it('names the record and every problem', () => {
		const error = invalidError(PRODUCT_UPSERT, 'P-1', source([3]), problems, new Set(['name']));
		expect(error).toEqual({
			code: 'SPAAZA_INVALID_VALUE',
			message: `Product "P-1" (${file} line 3) is not valid: price "1,50" must use a dot; A product needs a name`,
			problems,
		});
	});

	it('uses the missing-value code when every problem is a missing field', () => {
		expect(
			invalidError(PRODUCT_UPSERT, 'P-1', undefined, [problems[1]], new Set(['name'])).code,
		).toBe('SPAAZA_MISSING_VALUE');
	});
});

describe('summariseFailures', () => {
	it('is undefined when every record went in', () => {
		expect(
			summariseFailures(PRODUCT_UPSERT, [outcome('upserted', 'A'), outcome('dry-run', 'B')]),
		).toBeUndefined();
	});

	it('counts the failures, names the first and lists up to five with their codes', () => {
		const failed = (code: string, n: number) =>
			outcome('failed', `V-${n}`, {
				itemIndex: n,
				error: {
					code,
					message: `variant "V-${n}" (${file} line ${n + 1}) was refused`,
					spaazaCode: 68,
				},
			});
		const outcomes = [
			outcome('upserted', 'V-0'),
			outcome('invalid', 'V-1', {
				itemIndex: 1,
				error: { code: 'SPAAZA_INVALID_VALUE', message: 'V-1 is not valid' },
			}),
			...[2, 3, 4, 5, 6, 7].map((n) => failed('SPAAZA_API_ERROR', n)),
		];
		const summary = summariseFailures(VARIANT_UPSERT, outcomes)!;
		expect(summary.first.itemIndex).toBe(1);
		expect(summary.message).toBe(
			'7 of 8 variants could not be created or updated (1 invalid, 6 rejected by Spaaza or not sent). First: V-1 is not valid',
		);
		const lines = summary.description.split('\n');
		expect(lines[0]).toBe('- V-1 is not valid [SPAAZA_INVALID_VALUE]');
		expect(lines[1]).toBe(
			`- variant "V-2" (${file} line 3) was refused [SPAAZA_API_ERROR, Spaaza error 68]`,
		);
		expect(lines[5]).toBe('- … and 2 more');
		expect(lines[6]).toContain('The other 1 variant was created or updated.');
		expect(lines[6]).toContain('Continue (using error output)');
	});

	it('uses the singular for one record', () => {
		const summary = summariseFailures(PRODUCT_UPSERT, [
			outcome('invalid', 'A', { error: { code: 'X', message: 'bad' } }),
		])!;
		expect(summary.message).toBe(
			'1 of 1 product could not be created or updated (1 invalid). First: bad',
		);
	});
});
