import {
	MAX_REMEMBERED_FILES,
	holdIncompleteFiles,
} from '../../../../../nodes/core/fileset/names/completeFiles';

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

describe('Wait for Complete Files at its memory cap', () => {
	// 2 × the cap, from a source without a modified time (Read Files, email attachments): every
	// file must be read within a few polls, not held forever.
	const files = Array.from({ length: 2 * MAX_REMEMBERED_FILES }, (_, i) => {
		const set = i >> 1;
		const stamp = `20251101_10${String(Math.floor(set / 60)).padStart(2, '0')}${String(set % 60).padStart(2, '0')}`;
		return { name: `${i % 2 ? 'variant' : 'product'}list_${stamp}.csv`, bytes: 100 + i };
	});

	test('every file is read within three polls; memory never holds more than the cap; the cap is said in a warning', () => {
		expect(new Set(files.map((f) => f.name)).size).toBe(files.length);
		const read = new Set<string>();
		let previous: Record<string, number> = {};
		for (let poll = 1; poll <= 3; poll++) {
			const result = holdIncompleteFiles(files, { ...options, previous });
			expect(Object.keys(result.seen).length).toBeLessThanOrEqual(MAX_REMEMBERED_FILES);
			for (const file of result.ready) read.add(file.name);
			expect(result.issues).toContainEqual(
				expect.objectContaining({
					code: 'SPAAZA_FILE_NOT_READY',
					message: expect.stringContaining(`${MAX_REMEMBERED_FILES.toLocaleString('en')} files`),
				}),
			);
			previous = result.seen;
		}
		expect(read.size).toBe(files.length);
	});

	test('the files held are remembered first, oldest set first', () => {
		const result = holdIncompleteFiles(files, { ...options, previous: {} });
		const second = holdIncompleteFiles(files, { ...options, previous: result.seen });
		// The first poll remembered the oldest sets: they are read now; the rest are remembered now.
		expect(second.ready).toHaveLength(MAX_REMEMBERED_FILES);
		expect(second.ready.map((f) => f.name)).toEqual(
			files.slice(0, MAX_REMEMBERED_FILES).map((f) => f.name),
		);
		expect(Object.keys(second.seen)).toEqual(files.slice(MAX_REMEMBERED_FILES).map((f) => f.name));
	});
});
