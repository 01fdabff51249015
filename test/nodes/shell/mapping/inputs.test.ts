import {
	autoRecordInput,
	flattenInput,
	isBatchItem,
	ownerCodeOf,
	sourceOf,
} from '../../../../nodes/shell/mapping/inputs';

const source = { fileSet: '20240101_120000', file: 'productlist_20240101_120000.csv', lines: [3] };

describe('flattenInput', () => {
	it('makes one record per row item', () => {
		const { groups, entries } = flattenInput([
			{ json: { owner_code: 'A' } },
			{ json: { owner_code: 'B' } },
		]);
		expect(entries).toEqual([
			{ itemIndex: 0, raw: { owner_code: 'A' } },
			{ itemIndex: 1, raw: { owner_code: 'B' } },
		]);
		expect(groups).toEqual([
			{ itemIndex: 0, batch: false, first: 0, count: 1 },
			{ itemIndex: 1, batch: false, first: 1, count: 1 },
		]);
	});

	it('spreads batch items into their records, remembering the item and file set', () => {
		const { groups, entries } = flattenInput([
			{ json: { fileSet: 'S1', records: [{ owner_code: 'A' }, { owner_code: 'B' }] } },
			{ json: { owner_code: 'C' } },
			{ json: { records: [] } },
			{ json: { fileSet: 'S2', records: [{ owner_code: 'D' }] } },
		]);
		expect(
			entries.map((entry) => [entry.itemIndex, (entry.raw as { owner_code: string }).owner_code]),
		).toEqual([
			[0, 'A'],
			[0, 'B'],
			[1, 'C'],
			[3, 'D'],
		]);
		expect(groups).toEqual([
			{ itemIndex: 0, batch: true, fileSet: 'S1', first: 0, count: 2 },
			{ itemIndex: 1, batch: false, first: 2, count: 1 },
			{ itemIndex: 2, batch: true, fileSet: undefined, first: 3, count: 0 },
			{ itemIndex: 3, batch: true, fileSet: 'S2', first: 3, count: 1 },
		]);
	});

	it('keeps non-object batch entries as records, so validation reports them', () => {
		const { entries } = flattenInput([{ json: { records: ['oops', null] } }]);
		expect(entries.map((entry) => entry.raw)).toEqual(['oops', null]);
	});

	it('treats every item as one record when asked to (manual mapping)', () => {
		const { groups, entries } = flattenInput([{ json: { records: [{ owner_code: 'A' }] } }], true);
		expect(entries).toHaveLength(1);
		expect(groups[0].batch).toBe(false);
	});

	it('recognises batch items by their records list', () => {
		expect(isBatchItem({ records: [] })).toBe(true);
		expect(isBatchItem({ records: 'A' })).toBe(false);
		expect(isBatchItem({ owner_code: 'A' })).toBe(false);
	});
});

describe('autoRecordInput', () => {
	it.each([undefined, null, ''])(
		'fills update_if_exists from the node when the record has %p',
		(value) => {
			expect(autoRecordInput({ owner_code: 'A', update_if_exists: value }, false)).toEqual({
				owner_code: 'A',
				update_if_exists: false,
			});
		},
	);

	it.each([false, 'true', 0])('keeps the record’s own update_if_exists %p', (value) => {
		expect(autoRecordInput({ owner_code: 'A', update_if_exists: value }, true)).toEqual({
			owner_code: 'A',
			update_if_exists: value,
		});
	});

	it('leaves other fields, _source included, for the record schema to keep or drop', () => {
		const raw = { owner_code: 'A', _source: source, sku: 'x' };
		expect(autoRecordInput(raw, true)).toEqual({ ...raw, update_if_exists: true });
	});

	it('passes non-objects through untouched', () => {
		expect(autoRecordInput('text', true)).toBe('text');
		expect(autoRecordInput([1], true)).toEqual([1]);
	});
});

describe('sourceOf', () => {
	it('reads Parse’s _source', () => {
		expect(sourceOf({ _source: source })).toEqual(source);
	});

	it('ignores a _source of another shape', () => {
		expect(sourceOf({ _source: 'sheet row 3' })).toBeUndefined();
		expect(sourceOf({ _source: { file: 'a.csv' } })).toBeUndefined();
		expect(sourceOf({})).toBeUndefined();
		expect(sourceOf(null)).toBeUndefined();
	});

	it('keeps only numeric lines and tolerates a missing file set', () => {
		expect(sourceOf({ _source: { file: 'a.csv', lines: [2, '3', 4] } })).toEqual({
			fileSet: '',
			file: 'a.csv',
			lines: [2, 4],
		});
	});
});

describe('ownerCodeOf', () => {
	it('takes the first key that has a value, numbers included', () => {
		const keys = ['owner_code', 'product_variant_owner_code'];
		expect(ownerCodeOf({ product_variant_owner_code: 'V-1' }, keys)).toBe('V-1');
		expect(ownerCodeOf({ owner_code: '', product_variant_owner_code: 'V-1' }, keys)).toBe('V-1');
		expect(ownerCodeOf({ owner_code: 1234 }, keys)).toBe('1234');
		expect(ownerCodeOf({ owner_code: '  ' }, keys)).toBeUndefined();
		expect(ownerCodeOf('A', keys)).toBeUndefined();
	});
});
