import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { SpaazaFileSetError } from '../../../../nodes/core/errors';
import { parseFileSet } from '../../../../nodes/core/fileset/parseFileSet';
import { PRODUCT_DATA_COLUMNS } from '../../../fixtures/documentedColumns';

const SAMPLES = join(__dirname, '../../../../samples');
const open = (name: string) => ({
	name,
	stream: () => Promise.resolve(createReadStream(join(SAMPLES, name))),
});

describe('the shipped sample file set', () => {
	test('parses with no issues into the expected records', async () => {
		const result = await parseFileSet([
			open('productlist_20251024_100000.csv'),
			open('variantlist_20251024_100000.csv'),
		]);
		expect(result.issues).toEqual([]);
		const [set] = result.sets;
		expect(set.fileSet).toBe('20251024_100000');
		expect(set.products).toHaveLength(64);

		const rows = readFileSync(join(SAMPLES, 'variantlist_20251024_100000.csv'), 'utf8')
			.trim()
			.split('\n')
			.slice(1);
		const codes = new Set(rows.map((row) => row.split(',')[1]));
		expect(rows.length).toBeGreaterThanOrEqual(200);
		expect(set.variants).toHaveLength(codes.size);
		expect(set.variants.reduce((n, v) => n + v.barcodes.length, 0)).toBe(rows.length);
		expect(set.variants.some((v) => v.barcodes.length === 3)).toBe(true);
		expect(set.variants.flatMap((v) => v.barcodes).some((b) => b.startsWith('00'))).toBe(true);
		expect(set.variants.flatMap((v) => v.barcodes).some((b) => b.length === 20)).toBe(true);

		const split = set.variants.find((v) => v.owner_code === 'TOP-1001-S-NAV');
		expect(split?.barcodes).toEqual(['2000042436018', '2000042436025']);
		expect(split?._source?.lines).toEqual([2, rows.length + 1]);

		const aran = set.products.find((p) => p.name === 'Jumper, Aran Knit (Limited Edition)');
		expect(aran?.description).toBe('Hand-finished Aran knit.\nDry clean only; store folded.');
		expect(aran?._source?.lines).toEqual([5]);
		expect(set.products[4]._source?.lines).toEqual([7]);
		expect(set.products.some((p) => p.name === '日本 Sencha Green Tea')).toBe(true);
		for (const field of PRODUCT_DATA_COLUMNS) {
			expect(set.products.some((p) => p[field] !== undefined)).toBe(true);
		}
	});

	test('the malformed set gives the documented errors and its good rows', async () => {
		const dir = 'malformed';
		const result = await parseFileSet([
			open(`${dir}/productlist_20251025_090000.csv`),
			open(`${dir}/variantlist_20251025_090000.csv`),
		]);
		const [set] = result.sets;
		expect(set.products.map((p) => p.owner_code)).toEqual(['BAD-P01', 'BAD-P06', 'BAD-P08']);
		expect(set.variants.map((v) => [v.owner_code, v.barcodes])).toEqual([
			['BAD-V07', ['0000099000073']],
			['BAD-V08', ['2000099000080']],
		]);
		expect(result.issues.map((i) => [i.file?.slice(0, 11), i.line, i.code, i.column])).toEqual([
			['productlist', 3, 'SPAAZA_INVALID_VALUE', 'price'],
			['productlist', 4, 'SPAAZA_INVALID_VALUE', 'is_promotional'],
			['productlist', 5, 'SPAAZA_INVALID_VALUE', 'web_url'],
			['productlist', 6, 'SPAAZA_MISSING_VALUE', 'name'],
			['productlist', 8, 'SPAAZA_INVALID_VALUE', 'price'],
			['variantlist', 7, 'SPAAZA_CSV_SYNTAX', undefined],
			['variantlist', 8, 'SPAAZA_MISSING_VALUE', 'barcode'],
			['variantlist', 9, 'SPAAZA_INVALID_VALUE', 'price'],
			['variantlist', 11, 'SPAAZA_REPEATED_BARCODE', 'barcode'],
			['variantlist', 2, 'SPAAZA_DUPLICATE_BARCODE', 'barcode'],
			['variantlist', 5, 'SPAAZA_VARIANT_CONFLICT', 'colour'],
		]);
		const duplicate = result.issues.find((i) => i.code === 'SPAAZA_DUPLICATE_BARCODE');
		expect(duplicate?.message).toContain('BAD-V01 (lines 2, 3), BAD-V02 (line 4)');
	});

	test('onInvalidRow fail stops at the first error, naming file, line and column', async () => {
		const run = parseFileSet(
			[
				open('malformed/productlist_20251025_090000.csv'),
				open('malformed/variantlist_20251025_090000.csv'),
			],
			{ onInvalidRow: 'fail' },
		);
		await expect(run).rejects.toBeInstanceOf(SpaazaFileSetError);
		await expect(run).rejects.toThrow('productlist_20251025_090000.csv: Line 3: price "1,501.23"');
		await expect(run).rejects.toMatchObject({
			code: 'SPAAZA_INVALID_VALUE',
			issue: {
				file: 'productlist_20251025_090000.csv',
				line: 3,
				column: 'price',
				value: '1,501.23',
			},
		});
	});
});
