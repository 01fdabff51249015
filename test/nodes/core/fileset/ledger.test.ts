import type { IDataObject } from 'n8n-workflow';

import {
	MAX_PENDING_SETS,
	confirmRecords,
	markPending,
	readLedger,
	writeLedger,
	type Ledger,
} from '../../../../nodes/core/fileset/ledger';

const A = '20251101_100000';
const B = '20251102_100000';

const fresh = (): Ledger => ({ pending: {} });

describe('file-set ledger', () => {
	test('a set is done only when both its products and its variants of the same run are confirmed', () => {
		const ledger = fresh();
		expect(markPending(ledger, 'run-1', [{ fileSet: A, products: 2, variants: 3 }], 3)).toEqual([]);
		expect(confirmRecords(ledger, 'run-1', 'products', new Map([[A, 2]]))).toEqual([]);
		expect(confirmRecords(ledger, 'run-1', 'variants', new Map([[A, 2]]))).toEqual([]);
		expect(ledger.doneUpTo).toBeUndefined();
		expect(confirmRecords(ledger, 'run-1', 'variants', new Map([[A, 1]]))).toEqual([A]);
		expect(ledger).toEqual({ doneUpTo: A, pending: {} });
	});

	test("another execution's upserts do not count towards a set", () => {
		const ledger = fresh();
		markPending(ledger, 'run-1', [{ fileSet: A, products: 1, variants: 0 }], 3);
		expect(confirmRecords(ledger, 'run-2', 'products', new Map([[A, 1]]))).toEqual([]);
		expect(ledger.pending[A].productsDone).toBe(0);
	});

	test('a set without records is done at once; a set an earlier run left pending is reported, as an error after N runs', () => {
		const ledger = fresh();
		markPending(ledger, 'run-1', [{ fileSet: A, products: 0, variants: 0 }], 2);
		expect(ledger.doneUpTo).toBe(A);
		markPending(ledger, 'run-1', [{ fileSet: B, products: 4, variants: 1 }], 2);
		confirmRecords(ledger, 'run-1', 'products', new Map([[B, 3]]));
		const second = markPending(ledger, 'run-2', [{ fileSet: B, products: 4, variants: 1 }], 2);
		expect(second).toEqual([
			expect.objectContaining({
				code: 'SPAAZA_SET_NOT_CONFIRMED',
				severity: 'warning',
				fileSet: B,
				value: '3 of 4 products and 0 of 1 variants',
			}),
		]);
		const third = markPending(ledger, 'run-3', [{ fileSet: B, products: 4, variants: 1 }], 2);
		expect(third).toEqual([
			expect.objectContaining({
				severity: 'error',
				value: '0 of 4 products and 0 of 1 variants',
				message: expect.stringContaining('2 runs in a row'),
			}),
		]);
		expect(ledger.pending[B].runs).toBe(3);
	});

	test('a newer set done covers an older pending one; pending sets are capped', () => {
		const ledger = fresh();
		markPending(
			ledger,
			'r',
			[
				{ fileSet: A, products: 1, variants: 0 },
				{ fileSet: B, products: 1, variants: 0 },
			],
			3,
		);
		confirmRecords(ledger, 'r', 'products', new Map([[B, 1]]));
		expect(ledger).toEqual({ doneUpTo: B, pending: {} });

		const many = Array.from({ length: MAX_PENDING_SETS + 5 }, (_, i) => ({
			fileSet: `2026${String(i).padStart(4, '0')}_000000`,
			products: 1,
			variants: 0,
		}));
		markPending(ledger, 'r', many, 3);
		const kept = Object.keys(ledger.pending);
		expect(kept).toHaveLength(MAX_PENDING_SETS);
		expect(kept).not.toContain(many[0].fileSet);
	});

	test('static data round trip keeps a plain object and drops what does not fit', () => {
		const data: IDataObject = {};
		const ledger = fresh();
		markPending(ledger, 'r', [{ fileSet: A, products: 1, variants: 2 }], 3);
		writeLedger(data, ledger);
		expect(readLedger(data)).toEqual(ledger);
		expect(
			readLedger({ spaazaFileSets: { doneUpTo: 5, pending: { [A]: { products: 1 }, [B]: 'x' } } }),
		).toEqual({ pending: {} });
	});
});
