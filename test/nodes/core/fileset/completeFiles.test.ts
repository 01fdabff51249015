import { holdIncompleteFiles } from '../../../../nodes/core/fileset/completeFiles';

const NOW = Date.parse('2025-11-01T12:00:00Z');
const P = 'productlist_20251101_100000.csv';
const V = 'variantlist_20251101_100000.csv';
const options = { now: NOW, minimumAgeMs: 60_000, previous: {}, remembered: true };

describe('Wait for Complete Files', () => {
	test('a file younger than the minimum age holds its whole set', () => {
		const files = [
			{ name: P, bytes: 10, modifiedAt: NOW - 5_000 },
			{ name: V, bytes: 20, modifiedAt: NOW - 600_000 },
		];
		const result = holdIncompleteFiles(files, options);
		expect(result.ready).toEqual([]);
		expect(result.issues).toEqual([
			expect.objectContaining({
				code: 'SPAAZA_FILE_NOT_READY',
				severity: 'warning',
				file: P,
				fileSet: '20251101_100000',
				message: expect.stringContaining('modified 5 s ago'),
			}),
		]);
		expect(result.seen).toEqual({ [P]: 10, [V]: 20 });
	});

	test('old enough by modified time: read on first sight; a listed size unlike the bytes received holds it', () => {
		const old = NOW - 3_600_000;
		expect(
			holdIncompleteFiles([{ name: P, bytes: 10, listedSize: 10, modifiedAt: old }], options).ready,
		).toHaveLength(1);
		const cut = holdIncompleteFiles(
			[{ name: P, bytes: 8, listedSize: 10, modifiedAt: old }],
			options,
		);
		expect(cut.ready).toEqual([]);
		expect(cut.issues[0].message).toContain('listed with 10 bytes but 8 bytes were downloaded');
	});

	test('a size change since the previous poll holds the file; other sets go ahead', () => {
		const other = 'productlist_20251102_100000.csv';
		const result = holdIncompleteFiles(
			[
				{ name: `inbox/${P}`, bytes: 12, modifiedAt: NOW - 3_600_000 },
				{ name: other, bytes: 5, modifiedAt: NOW - 3_600_000 },
			],
			{ ...options, previous: { [P]: 10, [other]: 5 } },
		);
		expect(result.ready.map((file) => file.name)).toEqual([other]);
		expect(result.issues[0].message).toContain('size changed from 10 to 12 bytes');
	});

	test('without a modified time the size must be seen twice, unless nothing is remembered (manual run)', () => {
		expect(holdIncompleteFiles([{ name: P, bytes: 10 }], options).ready).toEqual([]);
		expect(
			holdIncompleteFiles([{ name: P, bytes: 10 }], { ...options, previous: { [P]: 10 } }).ready,
		).toHaveLength(1);
		expect(
			holdIncompleteFiles([{ name: P, bytes: 10 }], { ...options, remembered: false }).ready,
		).toHaveLength(1);
	});
});
