import { RecordCollector, readTimestamp, fileTimestamp } from '../../../../nodes/core/filewriter';
import { MAX_ISSUES_PER_FILE } from '../../../../nodes/core/fileset';
import type { RecordKind } from '../../../../nodes/core/records';

function collect(kind: RecordKind, records: unknown[]) {
	const collector = new RecordCollector(kind);
	records.forEach((record, itemIndex) => collector.add(record, { itemIndex }));
	return collector.finish();
}

const brief = (
	issues: Array<{ severity: string; code: string; itemIndex: number; field?: string }>,
) =>
	issues.map(
		(issue) =>
			`${issue.severity} ${issue.code} item ${issue.itemIndex}${issue.field ? ` ${issue.field}` : ''}`,
	);

describe('record checks before writing', () => {
	it('reports every problem of a record with item, owner code, field, column and value', () => {
		const result = collect('variant', [
			{ product_variant_owner_code: 'V1', barcode: '1', price: '€5', web_url: 'example.com' },
		]);
		expect(result.records).toEqual([]);
		expect(result.invalid).toBe(1);
		expect(result.issues).toEqual([
			expect.objectContaining({
				severity: 'error',
				code: 'SPAAZA_INVALID_VALUE',
				itemIndex: 0,
				owner_code: 'V1',
				field: 'price',
				column: 'price',
				value: '€5',
			}),
			expect.objectContaining({
				code: 'SPAAZA_INVALID_VALUE',
				field: 'web_url',
				value: 'example.com',
			}),
			expect.objectContaining({
				code: 'SPAAZA_MISSING_VALUE',
				field: 'product_owner_code',
				column: 'product_owner_code',
			}),
		]);
		expect(result.issues[0].message).toBe(
			'Item 0 ("V1"): price "€5" must be a plain number such as 25.00, without a currency symbol, code or letters',
		);
		expect(result.issues[2]).not.toHaveProperty('value');
	});

	it('names the CSV column of a variant field', () => {
		const result = collect('variant', [{ barcodes: ['1'], product_id: 1 }]);
		expect(result.issues).toEqual([
			expect.objectContaining({
				code: 'SPAAZA_MISSING_VALUE',
				field: 'owner_code',
				column: 'product_variant_owner_code',
			}),
		]);
	});

	it('rejects a variant without barcodes even when it only updates (a variant list has one row per barcode)', () => {
		const result = collect('variant', [
			{ owner_code: 'V1', product_id: 1, update_if_exists: true },
		]);
		expect(brief(result.issues)).toEqual(['error SPAAZA_MISSING_VALUE item 0 barcodes']);
	});

	it('rejects an extra column Parse would reject: a control character, or a cell over the length cap', () => {
		const result = collect('product', [
			{ owner_code: 'P1', name: 'Shirt', notes: 'damaged\u0000cell' },
			{ owner_code: 'P2', name: 'Shirt', notes: 'x'.repeat(65_537) },
			{ owner_code: 'P3', name: 'Shirt', notes: 'tab\tand\nnewline are text' },
		]);
		expect(brief(result.issues)).toEqual([
			'error SPAAZA_INVALID_VALUE item 0 notes',
			'error SPAAZA_INVALID_VALUE item 1 notes',
		]);
		expect(result.records.map(({ record }) => record.owner_code)).toEqual(['P3']);
	});

	it('rejects text with a lone surrogate, which UTF-8 cannot hold', () => {
		const result = collect('product', [
			{ owner_code: 'P1', name: 'Broken \uD83D emoji', extra: 'x\uDE00' },
		]);
		expect(brief(result.issues)).toEqual([
			'error SPAAZA_INVALID_VALUE item 0 name',
			'error SPAAZA_INVALID_VALUE item 0 extra',
		]);
		expect(result.invalid).toBe(1);
	});

	it('says so when an input is not an object at all', () => {
		const result = collect('product', ['P1']);
		expect(result.issues).toEqual([
			expect.objectContaining({
				code: 'SPAAZA_INVALID_VALUE',
				message: 'Item 0: A record must be a JSON object',
			}),
		]);
	});

	it('records an input that could not be read', () => {
		const collector = new RecordCollector('product');
		collector.addUnreadable({ itemIndex: 3 }, 'the column values could not be read: boom');
		expect(collector.finish()).toMatchObject({
			invalid: 1,
			issues: [
				{
					code: 'SPAAZA_INVALID_VALUE',
					itemIndex: 3,
					message: 'Item 3: the column values could not be read: boom',
				},
			],
		});
	});

	it(`lists at most ${MAX_ISSUES_PER_FILE} problems and counts the rest`, () => {
		const result = collect(
			'product',
			Array.from({ length: MAX_ISSUES_PER_FILE + 5 }, (_, i) => ({ owner_code: `P${i}` })),
		);
		expect(result.invalid).toBe(MAX_ISSUES_PER_FILE + 5);
		expect(result.issues).toHaveLength(MAX_ISSUES_PER_FILE + 1);
		expect(result.issues.at(-1)).toMatchObject({
			code: 'SPAAZA_TOO_MANY_ISSUES',
			itemIndex: MAX_ISSUES_PER_FILE,
		});
		expect(result.issues.at(-1)?.message).toMatch(/^5 more problems, from item 10000 on/);
	});
});

describe('duplicates, by the parser rules', () => {
	it('writes an exact repeat of a product once, with a warning', () => {
		const product = { owner_code: 'P1', name: 'A', price: '1.00' };
		const result = collect('product', [product, { ...product, _source: { file: 'other' } }]);
		expect(result.records.map((entry) => entry.origin.itemIndex)).toEqual([0]);
		expect(brief(result.issues)).toEqual(['warning SPAAZA_DUPLICATE_RECORD item 1 owner_code']);
		expect(result.invalid).toBe(0);
	});

	it('withholds every product that shares an owner_code with different values', () => {
		const result = collect('product', [
			{ owner_code: 'P1', name: 'A' },
			{ owner_code: 'P2', name: 'B' },
			{ owner_code: 'P1', name: 'C' },
		]);
		expect(result.records.map((entry) => entry.record.owner_code)).toEqual(['P2']);
		expect(brief(result.issues)).toEqual([
			'error SPAAZA_DUPLICATE_RECORD item 0 owner_code',
			'error SPAAZA_DUPLICATE_RECORD item 2 owner_code',
		]);
		expect(result.issues[0].message).toMatch(/item 0, item 2/);
		expect(result.invalid).toBe(2);
	});

	it('tells products given only by id apart by id, and from an owner code that looks the same', () => {
		const result = collect('product', [
			{ id: 5, price: '1' },
			{ id: '5', price: '2' },
			{ owner_code: '5', name: 'Five' },
		]);
		expect(result.records.map((entry) => entry.origin.itemIndex)).toEqual([2]);
		expect(brief(result.issues)).toEqual([
			'error SPAAZA_DUPLICATE_RECORD item 0 id',
			'error SPAAZA_DUPLICATE_RECORD item 1 id',
		]);
	});

	it('merges records of one variant as the parser merges its rows: barcodes combined in order, repeats dropped', () => {
		const result = collect('variant', [
			{ product_variant_owner_code: 'V1', barcode: '111', product_id: 1, price: '25' },
			{ product_variant_owner_code: 'V2', barcode: '333', product_id: 1 },
			{
				product_variant_owner_code: 'V1',
				barcode: '222',
				product_id: 1,
				price: '25.00',
				size: 'M',
			},
			{ owner_code: 'V1', barcodes: ['111', '444'], product_id: 1 },
		]);
		expect(result.records.map((entry) => entry.record)).toEqual([
			{ owner_code: 'V1', barcodes: ['111', '222', '444'], product_id: 1, price: '25', size: 'M' },
			{ owner_code: 'V2', barcodes: ['333'], product_id: 1 },
		]);
		expect(brief(result.issues)).toEqual(['warning SPAAZA_REPEATED_BARCODE item 3 barcodes']);
		expect(result.invalid).toBe(0);
	});

	it('writes an exact repeat of a variant once', () => {
		const variant = { owner_code: 'V1', barcodes: ['1', '2'], product_id: 1 };
		const result = collect('variant', [variant, variant]);
		expect(result.records).toHaveLength(1);
		expect(brief(result.issues)).toEqual(['warning SPAAZA_DUPLICATE_RECORD item 1 owner_code']);
	});

	it('withholds every record of a variant whose records disagree', () => {
		const result = collect('variant', [
			{ owner_code: 'V1', barcodes: ['1'], product_id: 1, colour: 'Navy' },
			{ owner_code: 'V2', barcodes: ['3'], product_id: 1 },
			{ owner_code: 'V1', barcodes: ['2'], product_id: 1, colour: 'Red' },
		]);
		expect(result.records.map((entry) => entry.record.owner_code)).toEqual(['V2']);
		expect(brief(result.issues)).toEqual([
			'error SPAAZA_VARIANT_CONFLICT item 0 colour',
			'error SPAAZA_VARIANT_CONFLICT item 2 colour',
		]);
		expect(result.issues[1]).toMatchObject({ value: 'Red' });
		expect(result.issues[0].message).toMatch(/"Navy" and "Red"/);
		expect(result.invalid).toBe(2);
	});

	it('withholds every variant that has a barcode of another variant', () => {
		const result = collect('variant', [
			{ owner_code: 'V1', barcodes: ['1', '2'], product_id: 1 },
			{ owner_code: 'V2', barcodes: ['3'], product_id: 1 },
			{ owner_code: 'V3', barcodes: ['2'], product_id: 1 },
			{ owner_code: 'V3', barcodes: ['5'], product_id: 1 },
		]);
		expect(result.records.map((entry) => entry.record.owner_code)).toEqual(['V2']);
		expect(brief(result.issues)).toEqual([
			'error SPAAZA_DUPLICATE_BARCODE item 0 barcodes',
			'error SPAAZA_DUPLICATE_BARCODE item 2 barcodes',
		]);
		expect(result.issues[0]).toMatchObject({ column: 'barcode', value: '2' });
		expect(result.invalid).toBe(3);
	});
});

describe('file timestamp', () => {
	const now = new Date(Date.UTC(2025, 9, 24, 8, 5, 9));

	it.each([
		['', '20251024_080509'],
		[undefined, '20251024_080509'],
		['20251024_100000', '20251024_100000'],
		[' 20240229_235959 ', '20240229_235959'],
		['2025-10-24T12:00:00+02:00', '20251024_100000'],
		['2025-10-24T10:00:00.000Z', '20251024_100000'],
	])('reads %j as %s', (value, timestamp) => {
		expect(readTimestamp(value, now)).toEqual({ ok: true, timestamp });
	});

	it.each([
		'20250229_100000',
		'20251024_240000',
		'20251024_1000',
		'2025-10-24',
		'2025-10-24T10:00:00',
		'now',
		'20251024 100000',
	])('rejects %j', (value) => {
		const check = readTimestamp(value, now);
		expect(check.ok).toBe(false);
		expect(!check.ok && check.message).toMatch(/YYYYMMDD_HHMMSS/);
	});

	it('formats in UTC with leading zeros', () => {
		expect(fileTimestamp(new Date(Date.UTC(987, 0, 2, 3, 4, 5)))).toBe('09870102_030405');
	});
});
