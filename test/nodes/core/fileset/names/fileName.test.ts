import { checkFileName } from '../../../../../nodes/core/fileset/names/fileName';
import { planFileSets } from '../../../../../nodes/core/fileset/names/fileSets';
import { parseFileSet } from '../../../../../nodes/core/fileset/parseFileSet';
import { GOOD_PRODUCTS, GOOD_VARIANTS, file } from '../helpers';

describe('checkFileName', () => {
	test.each([
		['productlist_20251024_100000.csv', 'productlist', '20251024_100000'],
		['variantlist_20240229_235959.csv', 'variantlist', '20240229_235959'],
		['exports/feeds/productlist_20251024_100000.csv', 'productlist', '20251024_100000'],
		['C:\\feeds\\variantlist_20251024_100000.csv', 'variantlist', '20251024_100000'],
	])('accepts %s', (name, type, fileSet) => {
		expect(checkFileName(name)).toEqual({ ok: true, type, fileSet });
	});

	test.each([
		['productlist_20250230_100000.csv', 'does not exist'],
		['productlist_20250229_100000.csv', 'does not exist'],
		['productlist_20251024_240000.csv', 'does not exist'],
		['productlist_20251024_106000.csv', 'does not exist'],
		['productlist_20251324_100000.csv', 'does not exist'],
		['Productlist_20251024_100000.CSV', 'lowercase'],
		['productlist_2025102_100000.csv', 'expected productlist_YYYYMMDD_HHMMSS.csv'],
		['productlist_20251024-100000.csv', 'expected'],
		['productlist_20251024_100000.txt', 'expected'],
		['stocklist_20251024_100000.csv', 'expected'],
		['productlist_20251024_100000.csv.bak', 'expected'],
		['', 'expected'],
	])('rejects %s', (name, words) => {
		const check = checkFileName(name);
		expect(check.ok).toBe(false);
		expect(check.ok ? '' : check.message).toContain(words);
	});
});

describe('planFileSets', () => {
	const named = (...names: string[]) => names.map((name) => ({ name }));

	test('groups by timestamp and orders sets oldest first, whatever the input order', () => {
		const plan = planFileSets(
			named(
				'variantlist_20251025_080000.csv',
				'productlist_20251024_100000.csv',
				'productlist_20251025_080000.csv',
				'variantlist_20251024_100000.csv',
				'productlist_20241231_235959.csv',
				'variantlist_20241231_235959.csv',
			),
			{ requireCompleteSets: true },
		);
		expect(plan.issues).toEqual([]);
		expect(plan.sets.map((s) => [s.fileSet, s.productlist?.name, s.variantlist?.name])).toEqual([
			['20241231_235959', 'productlist_20241231_235959.csv', 'variantlist_20241231_235959.csv'],
			['20251024_100000', 'productlist_20251024_100000.csv', 'variantlist_20251024_100000.csv'],
			['20251025_080000', 'productlist_20251025_080000.csv', 'variantlist_20251025_080000.csv'],
		]);
	});

	test('a stray file is reported as ignored and the sets still go through', () => {
		const plan = planFileSets(
			named('notes.txt', 'productlist_20251024_100000.csv', 'variantlist_20251024_100000.csv'),
			{ requireCompleteSets: true },
		);
		expect(plan.issues).toEqual([
			expect.objectContaining({ code: 'SPAAZA_FILE_NAME', file: 'notes.txt', severity: 'warning' }),
		]);
		expect(plan.sets).toHaveLength(1);
	});

	test('an unrelated attachment is ignored with a warning; a misnamed CSV is an error', () => {
		const plan = planFileSets(
			named(
				'logo.png',
				'productlist_20251024_100000.txt',
				'products.csv',
				'README',
				'variantlist_20251024_100000.csv',
			),
			{ requireCompleteSets: false },
		);
		expect(plan.issues.map((i) => [i.code, i.file, i.severity])).toEqual([
			['SPAAZA_FILE_NAME', 'logo.png', 'warning'],
			['SPAAZA_FILE_NAME', 'productlist_20251024_100000.txt', 'error'],
			['SPAAZA_FILE_NAME', 'products.csv', 'error'],
			['SPAAZA_FILE_NAME', 'README', 'error'],
			['SPAAZA_SET_INCOMPLETE', undefined, 'warning'],
		]);
	});

	test('a file given twice: neither copy is used and the set is rejected', () => {
		const plan = planFileSets(
			named(
				'productlist_20251024_100000.csv',
				'productlist_20251024_100000.csv',
				'variantlist_20251024_100000.csv',
			),
			{ requireCompleteSets: true },
		);
		expect(plan.issues.map((i) => i.code)).toEqual([
			'SPAAZA_DUPLICATE_FILE',
			'SPAAZA_SET_INCOMPLETE',
		]);
		expect(plan.sets).toEqual([]);
	});

	test('a file given twice with incomplete sets allowed: the other file goes through', () => {
		const plan = planFileSets(
			named(
				'productlist_20251024_100000.csv',
				'productlist_20251024_100000.csv',
				'variantlist_20251024_100000.csv',
			),
			{ requireCompleteSets: false },
		);
		expect(plan.issues.map((i) => [i.code, i.severity])).toEqual([
			['SPAAZA_DUPLICATE_FILE', 'error'],
			['SPAAZA_SET_INCOMPLETE', 'warning'],
		]);
		expect(plan.sets.map((s) => [s.productlist, s.variantlist?.name])).toEqual([
			[undefined, 'variantlist_20251024_100000.csv'],
		]);
	});

	test('sets not newer than the last processed one are skipped with a warning', () => {
		const plan = planFileSets(
			named(
				'productlist_20251024_100000.csv',
				'variantlist_20251024_100000.csv',
				'productlist_20251025_100000.csv',
				'variantlist_20251025_100000.csv',
			),
			{ requireCompleteSets: true, processedUpTo: '20251024_100000' },
		);
		expect(plan.issues).toEqual([
			expect.objectContaining({
				code: 'SPAAZA_SET_SKIPPED',
				fileSet: '20251024_100000',
				severity: 'warning',
			}),
		]);
		// The processed set stays in the plan, marked, so a set read before it in the run can bring it along.
		expect(plan.sets.filter((s) => !s.skipped).map((s) => s.fileSet)).toEqual(['20251025_100000']);
	});
});

describe('parseFileSet across sets', () => {
	test('sets given out of order come out oldest first, and newestFileSet is the last', async () => {
		const result = await parseFileSet([
			file('variantlist_20251026_000000.csv', GOOD_VARIANTS),
			file('productlist_20251026_000000.csv', GOOD_PRODUCTS),
			file('productlist_20251024_100000.csv', GOOD_PRODUCTS),
			file('variantlist_20251024_100000.csv', GOOD_VARIANTS),
		]);
		expect(result.issues).toEqual([]);
		expect(result.sets.map((s) => s.fileSet)).toEqual(['20251024_100000', '20251026_000000']);
		expect(result.sets[1].products[0]._source).toEqual({
			fileSet: '20251026_000000',
			file: 'productlist_20251026_000000.csv',
			lines: [2],
		});
		expect(result.newestFileSet).toBe('20251026_000000');
	});

	test('a skipped set is never opened', async () => {
		const open = jest.fn();
		const result = await parseFileSet(
			[
				{ name: 'productlist_20251024_100000.csv', stream: open },
				{ name: 'variantlist_20251024_100000.csv', stream: open },
			],
			{ processedUpTo: '20251024_100000' },
		);
		expect(open).not.toHaveBeenCalled();
		expect(result.sets).toEqual([]);
		expect(result.newestFileSet).toBeUndefined();
	});
});
