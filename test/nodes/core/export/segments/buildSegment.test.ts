import {
	buildSegment,
	SpaazaSegmentError,
	type RuleBuilderEntry,
} from '../../../../../nodes/core/export/segments';

const chainId = 1764;

function build(rules: RuleBuilderEntry[], join: 'all' | 'any' = 'all', timeZone = 'UTC') {
	return buildSegment({ exportIndex: 'products', chainId, join, rules, timeZone });
}

function buildError(rules: RuleBuilderEntry[]): SpaazaSegmentError {
	try {
		build(rules);
	} catch (error) {
		expect(error).toBeInstanceOf(SpaazaSegmentError);
		return error as SpaazaSegmentError;
	}
	throw new Error('expected a segment error');
}

// Every builder field filled in, as a rule whose operator was changed in the UI may leave them.
const stale = {
	value: 'stale',
	start_date: '2020-01-01T00:00:00Z',
	end_date: '2020-12-31T00:00:00Z',
	min: 1,
	max: 2,
	time_factor: 'day',
	time_amount: 9,
};

describe('buildSegment: one rule per operator', () => {
	// The operator, the rule's field and type, what the builder holds, and what the segment
	// carries when the builder's text is not sent as it is (dates get their UTC "Z").
	it.each<[string, string, string, Record<string, unknown>, Record<string, unknown>?]>([
		['is', 'category', 'keyword', { value: 'Electronics' }],
		['is_not', 'brand', 'keyword', { value: 'Acme' }],
		['contains', 'name', 'keyword', { value: 'shirt' }],
		['does_not_contain', 'name', 'keyword', { value: 'sale' }],
		['is_date', 'created_date', 'date', { value: '2026-05-26' }],
		[
			'is_after_date',
			'created_date',
			'date',
			{ start_date: '2026-05-01T00:00:00' },
			{ start_date: '2026-05-01T00:00:00Z' },
		],
		['is_before_date', 'created_date', 'date', { end_date: '2026-06-01T08:30:00Z' }],
		[
			'is_between_date',
			'timestamp',
			'date',
			{ start_date: '2026-05-01', end_date: '2026-05-31T23:59:59' },
			{ start_date: '2026-05-01T00:00:00Z', end_date: '2026-05-31T23:59:59Z' },
		],
		['relative_less_than', 'timestamp', 'date', { time_factor: 'day', time_amount: 1 }],
		['is_between_number', 'price', 'number', { min: 10, max: 99.5 }],
	])('%s', (operator, field_name, field_type, given, sent = given) => {
		const segment = build([{ ...stale, field_name, field_type, ...given, operator }]);
		expect(segment).toEqual({
			entity: 'people',
			index: 'products',
			join: 'all',
			chain_id: chainId,
			rules: [{ field_name, field_type, operator, ...sent }],
		});
	});
});

describe('buildSegment: segment shape', () => {
	it('matches the documented products filtering example exactly', () => {
		const segment = build([
			{ field_name: 'category', field_type: 'keyword', operator: 'is', value: 'Electronics' },
		]);
		expect(JSON.stringify(segment)).toBe(
			JSON.stringify({
				entity: 'people',
				index: 'products',
				join: 'all',
				chain_id: chainId,
				rules: [
					{ field_name: 'category', field_type: 'keyword', operator: 'is', value: 'Electronics' },
				],
			}),
		);
	});

	it('uses the export index and the any join', () => {
		const segment = buildSegment({
			exportIndex: 'product-variants',
			chainId,
			join: 'any',
			rules: [
				{ field_name: 'colour', field_type: 'keyword', operator: 'is', value: 'Red' },
				{ field_name: 'size', field_type: 'keyword', operator: 'is', value: 'XL' },
			],
		});
		expect(segment.index).toBe('product-variants');
		expect(segment.join).toBe('any');
		expect(segment.rules).toHaveLength(2);
	});

	it('defaults the field type to keyword and trims names and values', () => {
		const segment = build([{ field_name: ' category ', operator: 'is', value: ' Shoes ' }]);
		expect(segment.rules[0]).toEqual({
			field_name: 'category',
			field_type: 'keyword',
			operator: 'is',
			value: 'Shoes',
		});
	});

	it('reads numbers typed as text', () => {
		const segment = build([
			{
				field_name: 'price',
				field_type: 'number',
				operator: 'is_between_number',
				min: '5',
				max: '7.25',
			},
			{
				field_name: 'timestamp',
				field_type: 'date',
				operator: 'relative_less_than',
				time_factor: 'day',
				time_amount: '3',
			},
		]);
		expect(segment.rules[0]).toMatchObject({ min: 5, max: 7.25 });
		expect(segment.rules[1]).toMatchObject({ time_amount: 3 });
	});

	it('reads wall-clock dates in the workflow time zone and sends UTC', () => {
		const segment = build(
			[
				{
					field_name: 'created_date',
					field_type: 'date',
					operator: 'is_after_date',
					start_date: '2026-07-01T12:00:00',
				},
			],
			'all',
			'Europe/Amsterdam',
		);
		expect(segment.rules[0].start_date).toBe('2026-07-01T10:00:00Z');
	});
});

describe('buildSegment: errors name the rule and field', () => {
	it('requires at least one rule', () => {
		expect(() => build([])).toThrow(SpaazaSegmentError);
		expect(buildError([]).path).toBe('rules');
	});

	it.each([
		['is', { value: '' }, 'rules[0].value'],
		['is_after_date', {}, 'rules[0].start_date'],
		['is_before_date', {}, 'rules[0].end_date'],
		['is_between_date', { start_date: '2026-05-01T00:00:00Z' }, 'rules[0].end_date'],
		['relative_less_than', { time_factor: 'day' }, 'rules[0].time_amount'],
		['is_between_number', { min: 3 }, 'rules[0].max'],
	])('%s without its fields', (operator, fields, path) => {
		const error = buildError([{ field_name: 'f', field_type: 'keyword', operator, ...fields }]);
		expect(error.code).toBe('SPAAZA_SEGMENT_INVALID');
		expect(error.path).toBe(path);
		expect(error.message).toContain(path);
	});

	it('rejects a missing field name, a bad date, a reversed range and an unknown operator', () => {
		expect(buildError([{ field_name: '', operator: 'is', value: 'x' }]).path).toBe(
			'rules[0].field_name',
		);
		expect(
			buildError([
				{
					field_name: 'd',
					field_type: 'date',
					operator: 'is_after_date',
					start_date: 'next tuesday',
				},
			]).path,
		).toBe('rules[0].start_date');
		expect(
			buildError([{ field_name: 'p', operator: 'is_between_number', min: 9, max: 1 }]).path,
		).toBe('rules[0].max');
		expect(buildError([{ field_name: 'p', operator: 'greater_than', value: 1 }]).path).toBe(
			'rules[0].operator',
		);
	});

	it('reports the rule by its position', () => {
		const error = buildError([
			{ field_name: 'category', operator: 'is', value: 'A' },
			{
				field_name: 'created_date',
				field_type: 'date',
				operator: 'is_between_date',
				start_date: '2026-01-01',
			},
		]);
		expect(error.path).toBe('rules[1].end_date');
	});
});
