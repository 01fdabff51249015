import { csvChunks, csvFile, fileColumns, rowCount } from '../../../../nodes/core/filewriter';
import { buildText } from './support';

describe('csv writing', () => {
	it.each([
		['plain text', 'Tank top', 'Tank top'],
		['a comma', 'Tops, summer', '"Tops, summer"'],
		['a double quote', '12" screen', '"12"" screen"'],
		['a line feed', 'line 1\nline 2', '"line 1\nline 2"'],
		['a CRLF', 'line 1\r\nline 2', '"line 1\r\nline 2"'],
		['a lone CR', 'line 1\rline 2', '"line 1\rline 2"'],
		['leading and trailing spaces', '  spaced  ', '  spaced  '],
		['a formula-like =', '=SUM(A1:A2)', '=SUM(A1:A2)'],
		['a formula-like +', '+31 20 123', '+31 20 123'],
		['a formula-like -', '-10%', '-10%'],
		['a formula-like @', '@home', '@home'],
		['a semicolon and a tab', 'a;b\tc', 'a;b\tc'],
		['astral and accented characters', 'é ü ß 日本 😀', 'é ü ß 日本 😀'],
	])('writes a value with %s as %j', async (_what, value, cell) => {
		const { text } = await buildText('product', [{ owner_code: 'P1', name: value }]);
		expect(text).toBe(`owner_code,name\nP1,${cell}\n`);
	});

	it('writes booleans as true/false, ids as digits and prices as given, with LF line ends and no BOM', async () => {
		const { text } = await buildText('product', [
			{
				id: '0042',
				owner_code: 'P1',
				name: 'A',
				price: ' 25.00 ',
				cost_price: 0,
				is_promotional: 'TRUE',
				private_label: 0,
			},
		]);
		expect(text).toBe(
			'id,owner_code,name,price,cost_price,is_promotional,private_label\n42,P1,A,25.00,0,true,false\n',
		);
		expect(text.charCodeAt(0)).not.toBe(0xfeff);
	});

	it('orders columns as the field table, writes only used ones, and puts extra columns last, sorted', async () => {
		const { text } = await buildText('product', [
			{ zeta: 'z', unit: 'kg', owner_code: 'P1', name: 'A', alpha: 1 },
			{ owner_code: 'P2', name: 'B', brand: 'Acme', alpha: true },
		]);
		expect(text).toBe('owner_code,name,brand,unit,alpha,zeta\nP1,A,,kg,1,z\nP2,B,Acme,,true,\n');
	});

	it.each([
		['an internal field', { _source: { file: 'x' }, _id: 'a' }],
		['a name with uppercase letters', { Title: 'x', SKU: 'y' }],
		['a name with spaces around it', { ' code': 'x' }],
		['a name with ; or a tab', { 'a;b': 'x', 'a\tb': 'y' }],
		['a name with a control character (Parse would reject the file)', { 'no\u0000te': 'x' }],
		['a nested value', { tags: ['a', 'b'], meta: { a: 1 } }],
		['a blank value', { note: '  ', empty: '', none: null }],
		['the CSV name of a field of the other list', {}],
	])('leaves out %s', async (_what, extra) => {
		const { text } = await buildText('product', [{ owner_code: 'P1', name: 'A', ...extra }]);
		expect(text).toBe('owner_code,name\nP1,A\n');
	});

	it('never writes owner_code as an extra column of a variant list (the parser would ignore it)', async () => {
		const { text } = await buildText('variant', [
			{ owner_code: 'V1', product_variant_owner_code: 'V9', barcode: '1', product_id: 1 },
		]);
		expect(text).toBe('product_variant_owner_code,barcode,product_id\nV1,1,1\n');
	});

	it('writes one row per barcode, keeping leading zeros and 20-digit barcodes as text', async () => {
		const { text, collected } = await buildText('variant', [
			{
				owner_code: 'V1',
				barcodes: ['000123', '12345678901234567890', '000123'],
				product_owner_code: 'P1',
				colour: 'Navy',
			},
			{ owner_code: 'V2', barcodes: '4006381333931, 4006381333948', product_owner_code: 'P1' },
		]);
		expect(text).toBe(
			'product_variant_owner_code,barcode,product_owner_code,colour\n' +
				'V1,000123,P1,Navy\nV1,12345678901234567890,P1,Navy\nV2,4006381333931,P1,\nV2,4006381333948,P1,\n',
		);
		expect(rowCount('variant', collected.records)).toBe(4);
	});

	it('writes the required header for an empty list, so a set can have an empty file', async () => {
		expect((await buildText('product', [])).text).toBe('owner_code,name\n');
		expect((await buildText('variant', [])).text).toBe(
			'product_variant_owner_code,barcode,product_id\n',
		);
	});

	it('writes no name column for products given only by id', () => {
		const records = [{ record: { id: 7, price: '1' }, origin: { itemIndex: 0 } }];
		expect(fileColumns('product', records).map((column) => column.name)).toEqual(['id', 'price']);
	});

	it('produces large inputs in pieces instead of one string (100 000 products)', () => {
		// Checked records as the collector keeps them; the record check itself is tested elsewhere.
		const records = Array.from({ length: 100_000 }, (_, i) => ({
			record: { owner_code: `P${i}`, name: `Product ${i}, "x"`, price: '9.99' },
			origin: { itemIndex: i },
		}));
		let chunks = 0;
		let largest = 0;
		let bytes = 0;
		let lines = 0;
		for (const buffer of csvChunks('product', records)) {
			chunks++;
			largest = Math.max(largest, buffer.length);
			bytes += buffer.length;
			for (let at = buffer.indexOf(10); at !== -1; at = buffer.indexOf(10, at + 1)) lines++;
		}
		expect(lines).toBe(100_001);
		expect(chunks).toBeGreaterThan(100);
		expect(largest).toBeLessThan(bytes / 100);
		// The file handed to n8n is those pieces, once.
		expect(csvFile('product', records).length).toBe(bytes);
	});

	it('passes an error while producing rows on to the reader', async () => {
		const records = [
			{ record: { owner_code: 'V1', barcodes: undefined }, origin: { itemIndex: 0 } },
		];
		expect(() => csvFile('variant', records)).toThrow();
	});
});
