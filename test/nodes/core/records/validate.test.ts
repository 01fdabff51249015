import { FIELDS, columnOf, requiredColumnGroups } from '../../../../nodes/core/records/fields';
import { checkProductRecord, checkVariantRecord } from '../../../../nodes/core/records/validate';
import { DOCUMENTED_COLUMNS } from '../../../fixtures/documentedColumns';

describe('field table', () => {
	test('covers README "Spaaza file sets" for both record kinds', () => {
		expect(FIELDS.product.map(columnOf)).toEqual(DOCUMENTED_COLUMNS.product);
		expect(FIELDS.variant.map(columnOf)).toEqual(DOCUMENTED_COLUMNS.variant);
	});

	test('required columns', () => {
		expect(requiredColumnGroups('product', new Set(['owner_code']))).toEqual([
			['owner_code', 'id'],
			['name'],
		]);
		expect(requiredColumnGroups('product', new Set(['id']))).toEqual([['owner_code', 'id']]);
		expect(requiredColumnGroups('variant', new Set())).toEqual([
			['product_variant_owner_code'],
			['barcode'],
			['product_id', 'product_owner_code'],
		]);
	});
});

describe('checkProductRecord', () => {
	test('coerces spreadsheet values and drops unknown keys', () => {
		expect(
			checkProductRecord({
				owner_code: 12345,
				name: 'Tank',
				price: 25.5,
				cost_price: '17.40',
				is_promotional: 'TRUE',
				private_label: 0,
				id: '',
				description: null,
				_source: { file: 'x' },
				colour: 'Navy',
			}),
		).toEqual({
			ok: true,
			record: {
				owner_code: '12345',
				name: 'Tank',
				price: '25.5',
				cost_price: '17.40',
				is_promotional: true,
				private_label: false,
			},
		});
	});

	test('id alone is enough; neither id nor owner_code is not', () => {
		expect(checkProductRecord({ id: '77' })).toEqual({ ok: true, record: { id: 77 } });
		expect(checkProductRecord({ name: 'x' })).toEqual({
			ok: false,
			problems: [{ field: 'owner_code', message: expect.stringContaining('owner_code') }],
		});
		expect(checkProductRecord({ owner_code: 'A' })).toEqual({
			ok: false,
			problems: [{ field: 'name', message: expect.stringContaining('needs a name') }],
		});
	});

	test('reports every bad field with the parser’s words', () => {
		const check = checkProductRecord({
			owner_code: 'A',
			name: 'x',
			price: '1,501.23',
			web_url: 'ftp://x',
			is_promotional: 'yes',
			cost_price: -1,
		});
		expect(check.ok).toBe(false);
		if (check.ok) return;
		expect(check.problems.map((p) => p.field)).toEqual([
			'price',
			'cost_price',
			'web_url',
			'is_promotional',
		]);
		expect(check.problems[0].message).toContain('no thousands separator');
		expect(check.problems[1].message).toContain('negative');
	});

	test('a non-object is a problem, not a crash', () => {
		expect(checkProductRecord(null)).toEqual({
			ok: false,
			problems: [{ field: '', message: 'A record must be a JSON object' }],
		});
		expect(checkProductRecord('x').ok).toBe(false);
	});
});

describe('checkVariantRecord', () => {
	test('accepts the CSV names and a comma-separated barcode list', () => {
		expect(
			checkVariantRecord({
				product_variant_owner_code: 'V1',
				barcode: '0012, 0013,0012',
				product_id: '45',
				price: '25.00',
			}),
		).toEqual({
			ok: true,
			record: { owner_code: 'V1', barcodes: ['0012', '0013'], product_id: 45, price: '25.00' },
		});
	});

	test('keeps barcode strings exactly and refuses numbers that lost digits', () => {
		expect(
			checkVariantRecord({
				owner_code: 'V',
				product_owner_code: 'P',
				barcodes: ['00000000000000000001', 2000042436011],
			}),
		).toEqual({
			ok: true,
			record: {
				owner_code: 'V',
				product_owner_code: 'P',
				barcodes: ['00000000000000000001', '2000042436011'],
			},
		});
		const lost = checkVariantRecord({
			owner_code: 'V',
			product_owner_code: 'P',
			barcodes: [Number.MAX_SAFE_INTEGER + 2],
		});
		expect(lost.ok).toBe(false);
	});

	test('barcodes are required unless the record updates an existing variant', () => {
		expect(checkVariantRecord({ owner_code: 'V', product_owner_code: 'P' })).toEqual({
			ok: false,
			problems: [{ field: 'barcodes', message: 'A new variant needs at least one barcode' }],
		});
		expect(
			checkVariantRecord({ owner_code: 'V', product_owner_code: 'P', update_if_exists: 'true' }).ok,
		).toBe(true);
	});

	test('needs its product', () => {
		const check = checkVariantRecord({ owner_code: 'V', barcodes: ['1'] });
		expect(check).toEqual({
			ok: false,
			problems: [
				{
					field: 'product_owner_code',
					message: expect.stringContaining('product_owner_code or a product_id'),
				},
			],
		});
	});
});

describe('an empty barcode is reported, never dropped', () => {
	// A variant's barcodes replace the ones in Spaaza: dropping an empty entry without a word
	// would send the other barcodes alone and delete one there.
	test.each([
		['an empty string in the list', ['111', '', '222']],
		['a blank string in the list', ['111', '  ', '222']],
		['null in the list', ['111', null, '222']],
		['an empty part of a comma-separated list', '111,,222'],
	])('%s', (_name, barcodes) => {
		const check = checkVariantRecord({ owner_code: 'V1', product_owner_code: 'P1', barcodes });
		expect(check).toEqual({
			ok: false,
			problems: [
				{
					field: 'barcodes',
					message: expect.stringMatching(/barcode 2 of 3 is empty.*delete/i),
				},
			],
		});
	});
});
