import { SpaazaSegmentError, validateSegment } from '../../../../../nodes/core/export/segments';

const context = { exportIndex: 'products' as const, chainId: 1764 };

function problemPaths(raw: unknown): string[] {
	try {
		validateSegment(raw, context);
	} catch (error) {
		expect(error).toBeInstanceOf(SpaazaSegmentError);
		expect((error as SpaazaSegmentError).code).toBe('SPAAZA_SEGMENT_INVALID');
		return (error as SpaazaSegmentError).problems.map((p) => p.path);
	}
	throw new Error('expected a segment error');
}

const rule = {
	field_name: 'category',
	field_type: 'keyword',
	operator: 'is',
	value: 'Electronics',
};

describe('validateSegment', () => {
	it('accepts the documented examples unchanged', () => {
		const products = {
			entity: 'people',
			index: 'products',
			join: 'all',
			chain_id: 1764,
			rules: [rule],
		};
		expect(validateSegment(products, context)).toEqual(products);
		const walletLedger = {
			entity: 'people',
			index: 'wallet-ledger',
			join: 'all',
			chain_id: 1764,
			rules: [
				{
					field_name: 'timestamp',
					field_type: 'date',
					operator: 'relative_less_than',
					time_factor: 'day',
					time_amount: 1,
				},
			],
		};
		expect(validateSegment(walletLedger, context)).toEqual(walletLedger);
	});

	it('accepts JSON text and fills entity, index, join and chain_id from the task', () => {
		expect(validateSegment(JSON.stringify({ rules: [rule] }), context)).toEqual({
			entity: 'people',
			index: 'products',
			join: 'all',
			chain_id: 1764,
			rules: [rule],
		});
	});

	it('lets nested-field rules and other relative_* operators through', () => {
		const segment = validateSegment(
			{
				join: 'any',
				rules: [
					{ ...rule, nested: true, nesting_path: 'variants' },
					{
						field_name: 'timestamp',
						field_type: 'date',
						operator: 'relative_more_than',
						time_factor: 'day',
						time_amount: 7,
					},
				],
			},
			context,
		);
		expect(segment.rules).toHaveLength(2);
	});

	it.each([
		['not JSON', '{"join": "all", rules: []}', ['']],
		['an array', [rule], ['']],
		['a wrong entity', { entity: 'products', rules: [] }, ['entity']],
		['an unknown index', { index: 'orders', rules: [] }, ['index']],
		['a wrong join', { join: 'and', rules: [] }, ['join']],
		['another chain', { chain_id: 99, rules: [] }, ['chain_id']],
		['a chain id as text', { chain_id: '1764', rules: [] }, ['chain_id']],
		['missing rules', { join: 'all' }, ['rules']],
		['rules that are not a list', { rules: rule }, ['rules']],
		['an unknown top-level field', { rules: [], filter: 'x' }, ['']],
		[
			'a rule without field_name',
			{ rules: [{ field_type: 'keyword', operator: 'is', value: 'A' }] },
			['rules[0].field_name'],
		],
		['a misspelt rule field', { rules: [{ ...rule, vaule: 'A' }] }, ['rules[0]']],
		['an unknown operator', { rules: [{ ...rule, operator: 'equals' }] }, ['rules[0].operator']],
		[
			'a value operator without value',
			{ rules: [{ field_name: 'a', field_type: 'keyword', operator: 'contains' }] },
			['rules[0].value'],
		],
		['an object value', { rules: [{ ...rule, value: { a: 1 } }] }, ['rules[0].value']],
		[
			'is_date with a non-date',
			{ rules: [{ ...rule, operator: 'is_date', value: 'soon' }] },
			['rules[0].value'],
		],
		[
			'is_between_date with a bad and a reversed date',
			{
				rules: [
					{
						field_name: 't',
						field_type: 'date',
						operator: 'is_between_date',
						start_date: '2026-13-45',
						end_date: '2026-01-01',
					},
				],
			},
			['rules[0].start_date'],
		],
		[
			'a reversed date range',
			{
				rules: [
					{
						field_name: 't',
						field_type: 'date',
						operator: 'is_between_date',
						start_date: '2026-02-01',
						end_date: '2026-01-01',
					},
				],
			},
			['rules[0].end_date'],
		],
		[
			'min and max as text',
			{
				rules: [
					{
						field_name: 'price',
						field_type: 'number',
						operator: 'is_between_number',
						min: '1',
						max: 2,
					},
				],
			},
			['rules[0].min'],
		],
		[
			'a fractional time_amount',
			{
				rules: [
					{
						field_name: 't',
						field_type: 'date',
						operator: 'relative_less_than',
						time_factor: 'day',
						time_amount: 1.5,
					},
				],
			},
			['rules[0].time_amount'],
		],
		[
			'problems in two rules',
			{
				rules: [
					{ ...rule, value: '' },
					{ ...rule, field_type: 7 },
				],
			},
			['rules[0].value', 'rules[1].field_type'],
		],
	])('rejects %s', (_name, raw, paths) => {
		expect(problemPaths(raw)).toEqual(paths);
	});

	it('says what is wrong, at which path', () => {
		expect(() =>
			validateSegment({ rules: [{ ...rule, operator: 'is_between_number' }] }, context),
		).toThrow('Invalid segment at rules[0].min: is required for operator "is_between_number"');
		expect(() => validateSegment({ rules: [{ ...rule, vaule: 1 }] }, context)).toThrow(
			'unknown field "vaule"',
		);
		expect(() => validateSegment('{oops', context)).toThrow('is not valid JSON');
	});
});
