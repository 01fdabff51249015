import {
	PRODUCT_FIELDS,
	VARIANT_FIELDS,
	type FieldRule,
} from '../../../../nodes/core/records/fields';
import { explainInvalid, readerFor } from '../../../../nodes/core/records/values';

const rule = (name: string, fields: readonly FieldRule[] = PRODUCT_FIELDS) =>
	fields.find((f) => f.name === name) as FieldRule;

describe('cell readers', () => {
	test.each([
		['price', '25.00', '25.00'],
		['price', '1501.23', '1501.23'],
		['price', '0', '0'],
		['price', ' 12.5 ', '12.5'],
		['price', '', null],
		['price', '   ', null],
		['id', '456', 456],
		['id', '0042', 42],
		['is_promotional', 'TRUE', true],
		['is_promotional', 'False', false],
		['is_promotional', '1', true],
		['is_promotional', '0', false],
		['is_promotional', ' true ', true],
		['web_url', 'https://example.com/a b', undefined],
		['web_url', 'HTTP://EXAMPLE.COM/x?y=1#z', 'HTTP://EXAMPLE.COM/x?y=1#z'],
		['name', '  Tank  ', '  Tank  '],
		['name', ' ', null],
		['owner_code', 'A'.repeat(64), 'A'.repeat(64)],
		['owner_code', 'A'.repeat(65), undefined],
		['name', '😀'.repeat(255), '😀'.repeat(255)],
		['name', '😀'.repeat(256), undefined],
	])('%s %j → %j', (name, text, value) => {
		expect(readerFor(rule(name))(text)).toEqual(value);
	});

	test('barcodes stay exactly as written', () => {
		const read = readerFor(rule('barcodes', VARIANT_FIELDS));
		for (const code of ['0000123', '12345678901234567890', '2000042436011', 'ABC-123'])
			expect(read(code)).toBe(code);
	});

	test.each([
		['price', '1,501.23', 'no thousands separator'],
		['price', '1.501,23', 'no thousands separator'],
		['price', '1,50', 'dot as the decimal separator'],
		['price', '€25', 'without a currency symbol'],
		['price', '25 EUR', 'without a currency symbol'],
		['price', '-1', 'must not be negative'],
		['price', '.5', 'such as 25 or 25.00'],
		['price', '1e3', 'without a currency symbol, code or letters'],
		['id', '12.0', 'whole number'],
		['id', '0', 'whole number of 1 or more'],
		['is_promotional', 'yes', 'true or false'],
		['web_url', 'www.example.com', 'http:// or https://'],
		['web_url', 'javascript:alert(1)', 'http:// or https://'],
		['description', 'x'.repeat(513), 'is 513 characters long; the most Spaaza accepts is 512'],
	])('%s %j is rejected: %s', (name, text, words) => {
		const r = rule(name);
		expect(readerFor(r)(text)).toBeUndefined();
		expect(explainInvalid(r, text)).toContain(words);
	});
});

describe('control characters', () => {
	// A NUL or other C0 byte in a cell means a damaged or binary file: never sent as catalogue text.
	test.each([
		['name', 'Jum\u0000per'],
		['description', 'bell\u0007'],
		['barcodes', '2000\u001b42', VARIANT_FIELDS],
	])('%s %j is rejected with a reason', (name, text, fields = PRODUCT_FIELDS) => {
		expect(readerFor(rule(name, fields))(text)).toBeUndefined();
		expect(explainInvalid(rule(name, fields), text)).toMatch(/control character/);
	});

	test('tabs and line breaks inside text stay ordinary text', () => {
		expect(readerFor(rule('description'))('a\tb\r\nc')).toBe('a\tb\r\nc');
	});
});

describe('what an invalid whole number is told', () => {
	test.each(['9007199254740992', '12345678901234567890'])(
		'%s is too large, not "digits only"',
		(text) => {
			const rule = { name: 'id', type: 'integer' } as const;
			expect(readerFor(rule)(text)).toBeUndefined();
			const why = explainInvalid(rule, text);
			expect(why).toMatch(/too large/);
			expect(why).toContain('9007199254740991');
			expect(why).not.toMatch(/digits only/);
		},
	);

	test('0 must be 1 or more', () => {
		const rule = { name: 'id', type: 'integer' } as const;
		expect(explainInvalid(rule, '0')).toMatch(/1 or more/);
	});
});
