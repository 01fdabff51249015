import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseFileSet } from '../../../../../nodes/core/fileset/parseFileSet';
import { file, readChunked as records } from '../helpers';

const SAMPLES = join(__dirname, '../../../../../samples');
const PRODUCTS = readFileSync(join(SAMPLES, 'productlist_20251024_100000.csv'));
const VARIANTS = readFileSync(join(SAMPLES, 'variantlist_20251024_100000.csv'));

describe('streaming', () => {
	const tricky = Buffer.from(
		'\uFEFFowner_code,name,price\r\nP1,"Crème, ""brûlée""\r\n日本",1\r\n\r\nP2,Weiß,2\r\nP3,"a\nb\nc",3',
		'utf8',
	);

	test('a BOM, CRLF, multi-line quoted values and multi-byte characters give physical lines', async () => {
		const { out, problems } = await records(tricky, Infinity);
		expect(problems).toEqual([]);
		expect(out).toEqual([
			[['owner_code', 'name', 'price'], 1, 1],
			[['P1', 'Crème, "brûlée"\r\n日本', '1'], 2, 3],
			[['P2', 'Weiß', '2'], 5, 5],
			[['P3', 'a\nb\nc', '3'], 6, 8],
		]);
	});

	test.each([1, 2, 3, 5, 7, 13])(
		'chunks of %i bytes (splitting characters, quotes and CRLF) give the same records',
		async (size) => {
			expect(await records(tricky, size)).toEqual(await records(tricky, Infinity));
		},
	);

	test('a stray CR inside an unquoted value does not split the file', async () => {
		const { out, problems } = await records('a,b\nx\ry,1\nz,2\n', 3);
		expect(problems).toEqual([]);
		expect(out).toEqual([
			[['a', 'b'], 1, 1],
			[['x\ry', '1'], 2, 2],
			[['z', '2'], 3, 3],
		]);
	});

	test('invalid UTF-8 is found even when the bad byte ends a chunk', async () => {
		const bad = Buffer.concat([
			Buffer.from('a,b\nx,caf'),
			Buffer.from([0xc3]),
			Buffer.from('\ny,z\n'),
		]);
		for (const size of [1, 2, 9, 10, Infinity]) {
			const { out, problems } = await records(bad, size);
			expect(problems).toEqual([['SPAAZA_ENCODING', 2]]);
			expect(out.map((r) => r[0][0])).toEqual(['a', 'y']);
		}
	});

	test('a file that ends inside a multi-byte character is an encoding problem', async () => {
		const cut = Buffer.concat([Buffer.from('a,b\nx,caf'), Buffer.from([0xc3])]);
		const { problems } = await records(cut, 4);
		expect(problems).toEqual([['SPAAZA_ENCODING', 2]]);
	});

	test('the sample set parses the same in tiny chunks as in one', async () => {
		const parse = async (size: number) => {
			const result = await parseFileSet([
				file('productlist_20251024_100000.csv', PRODUCTS, size),
				file('variantlist_20251024_100000.csv', VARIANTS, size),
			]);
			return {
				issues: result.issues,
				sets: result.sets.map(({ products, variants }) => ({ products, variants })),
			};
		};
		const whole = await parse(Infinity);
		for (const size of [1, 3, 64, 1000]) expect(await parse(size)).toEqual(whole);
	});
});
