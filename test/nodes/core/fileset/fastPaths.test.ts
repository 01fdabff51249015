import { KeyIndex } from '../../../../nodes/core/fileset/records/keyIndex';
import { parseSet, readChunked as read } from './helpers';

// The parser's speed-ups (LF-only delimiter until a CR shows up, record shapes, the key index)
// must not change a single record or line number.

describe('a CR first seen late in the file', () => {
	const lf = Array.from({ length: 40 }, (_, i) => `R${i},"v ${i}"`).join('\n');
	const content = `a,b\n${lf}\r\nX,"quoted, last"\r\nY,"two\r\nlines"\r\nZ,z\rz\n`;

	test.each([1, 2, 3, 7, 64, Infinity])(
		'gives the same records in chunks of %p bytes',
		async (size) => {
			const { out, problems } = await read(content, size);
			expect(problems).toEqual([]);
			expect(out.slice(-4)).toEqual([
				[['R39', 'v 39'], 41, 41],
				[['X', 'quoted, last'], 42, 42],
				[['Y', 'two\r\nlines'], 43, 44],
				[['Z', 'z\rz'], 45, 45],
			]);
			expect(out).toHaveLength(44);
		},
	);
});

describe('records built from shapes', () => {
	test('rows with many different blank cells keep only their own keys', async () => {
		const header = 'owner_code,name,price,cost_price,brand,season,unit';
		const rows = Array.from({ length: 12 }, (_, i) =>
			[
				`P${i}`,
				`N${i}`,
				i % 2 ? '1.00' : '',
				i % 3 ? '2.00' : '',
				i % 5 ? 'B' : '',
				i % 7 ? 'S' : '',
				'',
			].join(','),
		);
		const result = await parseSet(`${header}\n${rows.join('\n')}\n`, undefined, {
			requireCompleteSets: false,
		});
		const products = result.sets[0].products;
		expect(products).toHaveLength(12);
		for (const [i, product] of products.entries()) {
			expect(Object.values(product).every((value) => value !== undefined)).toBe(true);
			expect(Object.keys(product)).toEqual([
				'owner_code',
				'name',
				...(i % 2 ? ['price'] : []),
				...(i % 3 ? ['cost_price'] : []),
				...(i % 5 ? ['brand'] : []),
				...(i % 7 ? ['season'] : []),
				'update_if_exists',
				'_source',
			]);
		}
	});

	test('a variant whose later row fills a blank cell has no unset keys', async () => {
		const variants = [
			'product_owner_code,product_variant_owner_code,barcode,colour,update_if_exists',
			'P1,V1,001,,',
			'P1,V2,002,Navy,',
			'P1,V1,003,Red,false',
		].join('\n');
		const result = await parseSet(undefined, variants, { requireCompleteSets: false });
		expect(result.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
		const [v1, v2] = result.sets[0].variants;
		expect(v1).toMatchObject({ owner_code: 'V1', barcodes: ['001', '003'], colour: 'Red' });
		expect(v1.update_if_exists).toBe(false);
		expect(v2.update_if_exists).toBe(true);
		for (const record of [v1, v2]) {
			expect(Object.values(record).every((value) => value !== undefined)).toBe(true);
		}
	});
});

describe('KeyIndex', () => {
	test('finds every earlier key among many, and tells strings from numbers', () => {
		const keys: Array<string | number> = [];
		const index = new KeyIndex<string | number>((item, key) => keys[item] === key);
		let repeats = 0;
		for (let i = 0; i < 20_000; i++) {
			const key = i % 2 ? String(4000000000000 + i) : i;
			if (index.claim(key, keys.length) !== -1) repeats++;
			keys.push(key);
		}
		expect(repeats).toBe(0);
		expect(index.claim('4000000000001', 99)).toBe(1);
		expect(index.claim(19_998, 99)).toBe(19_998);
		expect(index.claim('19998', 20_000)).toBe(-1);
		expect(index.claim(2 ** 40 + 3, 20_001)).toBe(-1);
		expect(index.claim(3, 20_002)).toBe(-1);
	});
});

describe('files that repeat one key on every row stay linear', () => {
	const ROWS = 100_000;

	test('one product on every row', async () => {
		const rows = 'owner_code,name\n' + 'P1,Tank\n'.repeat(ROWS);
		const result = await parseSet(rows, undefined, { requireCompleteSets: false });
		const [product] = result.sets[0].products;
		expect(product._source?.lines).toHaveLength(ROWS);
		expect(product._source?.lines.slice(-2)).toEqual([ROWS, ROWS + 1]);
	});

	test('one variant with a barcode on every row', async () => {
		const rows = Array.from({ length: ROWS }, (_, i) => `P1,V1,${1_000_000 + i}`);
		const variants = `product_owner_code,product_variant_owner_code,barcode\n${rows.join('\n')}\nP1,V1,1000000\n`;
		const result = await parseSet(undefined, variants, { requireCompleteSets: false });
		const [variant] = result.sets[0].variants;
		expect(variant.barcodes).toHaveLength(ROWS);
		expect(variant._source?.lines).toHaveLength(ROWS + 1);
		expect(result.issues.map((issue) => issue.code)).toContain('SPAAZA_REPEATED_BARCODE');
	});
});

describe('a row that repeats the row above', () => {
	// The repeated-row path must check the barcode cell exactly as a row read in full.
	test('with an empty barcode is reported and its variant withheld', async () => {
		const variants = [
			'product_owner_code,product_variant_owner_code,barcode,colour',
			'P1,V1,111,Red',
			'P1,V1,999,Red',
			'P1,V1,,Red',
			'P1,V1,222,Red',
		].join('\n');
		const result = await parseSet(undefined, variants, { requireCompleteSets: false });
		expect(result.sets[0].variants).toEqual([]);
		expect(result.issues).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ code: 'SPAAZA_MISSING_VALUE', line: 4, column: 'barcode' }),
			]),
		);
	});

	test('with a blank (spaces only) barcode is reported the same way', async () => {
		const variants = `product_owner_code,product_variant_owner_code,barcode\nP1,V1,111\nP1,V1,  \n`;
		const result = await parseSet(undefined, variants, { requireCompleteSets: false });
		expect(result.sets[0].variants).toEqual([]);
		expect(result.issues.map((issue) => [issue.code, issue.line])).toContainEqual([
			'SPAAZA_MISSING_VALUE',
			3,
		]);
	});
});
