import { type Sandbox, startSandbox } from '../../sandbox';
import { filterBySegment, type SegmentRule, SegmentError } from '../../sandbox/segments';
import { adminHeaders, call, tokenHeaders } from './sandboxClient';

const NOW = Date.parse('2026-05-26T12:00:00Z');
const rows = [
	{
		owner_code: 'A',
		category: 'Electronics',
		name: 'Radio',
		price: 25,
		is_promotional: true,
		created_date: '2026-05-26T08:00:00+00:00',
	},
	{
		owner_code: 'B',
		category: 'Clothing > Tops',
		name: 'Tank top',
		price: 12.5,
		is_promotional: false,
		created_date: '2026-05-20T08:00:00+00:00',
	},
	{
		owner_code: 'C',
		category: null,
		name: 'Tea',
		price: null,
		is_promotional: null,
		created_date: '2025-01-01T00:00:00+00:00',
	},
];
const fields = Object.keys(rows[0]);
const codes = (rules: SegmentRule[], join: 'all' | 'any' = 'all') =>
	filterBySegment(rows, { join, rules }, (row) => row, fields, NOW).map((row) => row.owner_code);

describe('segment rules (docs/spaaza-api.md §6)', () => {
	it.each<[string, SegmentRule, string[]]>([
		['is', { field_name: 'category', operator: 'is', value: 'Electronics' }, ['A']],
		['is on a number', { field_name: 'price', operator: 'is', value: '25.00' }, ['A']],
		['is on a boolean', { field_name: 'is_promotional', operator: 'is', value: 'true' }, ['A']],
		['is_not', { field_name: 'category', operator: 'is_not', value: 'Electronics' }, ['B', 'C']],
		['contains (any case)', { field_name: 'name', operator: 'contains', value: 'TOP' }, ['B']],
		[
			'does_not_contain',
			{ field_name: 'name', operator: 'does_not_contain', value: 'top' },
			['A', 'C'],
		],
		[
			'is_between_number',
			{ field_name: 'price', operator: 'is_between_number', min: 10, max: 20 },
			['B'],
		],
		[
			'is_between_number with only min',
			{ field_name: 'price', operator: 'is_between_number', min: '20' },
			['A'],
		],
		['is_date', { field_name: 'created_date', operator: 'is_date', value: '2026-05-20' }, ['B']],
		[
			'is_after_date',
			{ field_name: 'created_date', operator: 'is_after_date', start_date: '2026-05-21T00:00:00Z' },
			['A'],
		],
		[
			'is_before_date',
			{ field_name: 'created_date', operator: 'is_before_date', end_date: '2026-05-21T00:00:00Z' },
			['B', 'C'],
		],
		[
			'is_between_date',
			{
				field_name: 'created_date',
				operator: 'is_between_date',
				start_date: '2026-01-01T00:00:00Z',
				end_date: '2026-05-21T00:00:00Z',
			},
			['B'],
		],
		[
			'relative_less_than 1 day',
			{
				field_name: 'created_date',
				operator: 'relative_less_than',
				time_factor: 'day',
				time_amount: 1,
			},
			['A'],
		],
		[
			'relative_less_than 2 weeks',
			{
				field_name: 'created_date',
				operator: 'relative_less_than',
				time_factor: 'week',
				time_amount: '2',
			},
			['A', 'B'],
		],
	])('%s', (_label, rule, expected) => {
		expect(codes([rule])).toEqual(expected);
	});

	it('joins rules with all (AND) and any (OR); no rules keeps every row', () => {
		const rules: SegmentRule[] = [
			{ field_name: 'category', operator: 'is', value: 'Electronics' },
			{ field_name: 'name', operator: 'contains', value: 'tea' },
		];
		expect(codes(rules, 'all')).toEqual([]);
		expect(codes(rules, 'any')).toEqual(['A', 'C']);
		expect(codes([])).toEqual(['A', 'B', 'C']);
	});

	// The message names what is wrong, so it is the case's title too.
	it.each<[string, SegmentRule]>([
		['unknown field "colour_code"', { field_name: 'colour_code', operator: 'is', value: 'x' }],
		['unknown operator "starts_with"', { field_name: 'name', operator: 'starts_with', value: 'x' }],
		['needs value', { field_name: 'name', operator: 'is' }],
		[
			'needs end_date',
			{ field_name: 'created_date', operator: 'is_between_date', start_date: '2026-01-01' },
		],
		[
			'not an ISO 8601 date',
			{ field_name: 'created_date', operator: 'is_after_date', start_date: 'soon' },
		],
		[
			'unknown time_factor',
			{
				field_name: 'created_date',
				operator: 'relative_less_than',
				time_factor: 'fortnight',
				time_amount: 1,
			},
		],
		['needs min and/or max', { field_name: 'price', operator: 'is_between_number' }],
	])('refuses a rule, saying: %s', (message, rule) => {
		expect(() => codes([rule])).toThrow(SegmentError);
		expect(() => codes([rule])).toThrow(message);
	});
});

describe('segment-filtered export tasks', () => {
	let sandbox: Sandbox;
	let clock = NOW;

	const runExport = async (index: string, trigger: Record<string, unknown>) => {
		const headers = tokenHeaders(sandbox);
		const created = await call(`${sandbox.servicesUrl}/tasks`, {
			headers,
			json: {
				chain: 1764,
				desc: 'filtered',
				target: { action: 'export', export_index: index, export_format: 'json' },
				trigger: { once: new Date(clock).toISOString(), ...trigger },
			},
		});
		clock += 200;
		const task = (await call(`${sandbox.servicesUrl}/tasks/${created.body.id}`, { headers })).body;
		if (task.state.code !== 'DONE') return { task, rows: undefined };
		const { url } = (
			await call(`${sandbox.servicesUrl}/tasks/${task.id}/download_url`, { headers })
		).body;
		return { task, rows: (await (await fetch(url)).json()) as Array<Record<string, unknown>> };
	};

	beforeAll(async () => {
		sandbox = await startSandbox({ now: () => clock, taskRunMs: 100 });
		const admin = await adminHeaders(sandbox);
		const products = [
			{ owner_code: 'TV', name: 'Television', category: 'Electronics', is_promotional: true },
			{ owner_code: 'TEE', name: 'T-shirt', category: 'Clothing' },
		];
		for (const product of products) {
			await call(`${sandbox.apiUrl}/internal/add-product`, {
				headers: admin,
				json: { chain_id: 1764, ...product },
			});
			await call(`${sandbox.apiUrl}/internal/add-product-variant`, {
				headers: admin,
				json: {
					chain_id: 1764,
					product_owner_code: product.owner_code,
					owner_code: `${product.owner_code}-1`,
					barcodes: [`${product.owner_code}-B`],
				},
			});
		}
	});
	afterAll(() => sandbox.close());

	const segment = (rules: SegmentRule[], index = 'products') => ({
		entity: 'people',
		index,
		join: 'all',
		chain_id: 1764,
		rules,
	});

	it('filters products on a product field', async () => {
		const { rows } = await runExport('products', {
			segment: segment([
				{ field_name: 'category', field_type: 'keyword', operator: 'is', value: 'Electronics' },
			]),
		});
		expect(rows!.map((row) => row.owner_code)).toEqual(['TV']);
	});

	it('filters product variants on a field of their product (the documented category example)', async () => {
		const { rows } = await runExport('product-variants', {
			segment: segment(
				[{ field_name: 'category', field_type: 'keyword', operator: 'is', value: 'Clothing' }],
				'product-variants',
			),
		});
		expect(rows!.map((row) => row.owner_code)).toEqual(['TEE-1']);
	});

	it('applies the saved segment named by segment_id', async () => {
		const { rows } = await runExport('products', { segment_id: 'sandbox-promotional' });
		expect(rows!.map((row) => row.owner_code)).toEqual(['TV']);
	});

	it('filters the fixed samples of other indexes on their documented fields', async () => {
		const { rows } = await runExport('wallet-ledger', {
			segment: segment(
				[
					{
						field_name: 'timestamp',
						field_type: 'date',
						operator: 'relative_less_than',
						time_factor: 'day',
						time_amount: 1,
					},
				],
				'wallet-ledger',
			),
		});
		expect(rows).toHaveLength(1);
	});

	it('ends the task in ERROR with a log line for an unknown field or segment id', async () => {
		const unknownField = await runExport('products', {
			segment: segment([{ field_name: 'colour_code', operator: 'is', value: 'red' }]),
		});
		expect(unknownField.task.state.code).toBe('ERROR');
		expect(unknownField.task.logs.at(-1)).toMatchObject({
			level: 'error',
			message: expect.stringContaining('unknown field "colour_code"'),
		});
		const unknownSegment = await runExport('products', { segment_id: 'seg-404' });
		expect(unknownSegment.task.state.code).toBe('ERROR');
		expect(unknownSegment.task.logs.at(-1).message).toContain('Segment "seg-404" was not found');
	});
});
