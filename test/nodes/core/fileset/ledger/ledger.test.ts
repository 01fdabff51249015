import type { IDataObject } from 'n8n-workflow';

import {
	MAX_LANDED_RANGES,
	MAX_PENDING_SETS,
	confirmRecords,
	isProcessed,
	markPending,
	markSeen,
	readLedger,
	recordIdentity,
	writeLedger,
	type Ledger,
} from '../../../../../nodes/core/fileset/ledger/ledger';

/** Three file sets' timestamps, oldest first. */
const [A, B, C] = ['20251101_100000', '20251102_100000', '20251103_100000'];

const fresh = (): Ledger => ({ pending: {} });
/** Lines 2.. of a file: the identities of its first n records. */
const lines = (n: number, from = 2) => Array.from({ length: n }, (_, i) => from + i);
/** The first record (line 2) of each set given, as confirmed by an upsert. */
const firstRecordOf = (...sets: string[]) =>
	new Map<string, number[]>(sets.map((set) => [set, [2]]));

describe('file-set ledger', () => {
	test('a set is done only when both its products and its variants of the same run are confirmed', () => {
		const ledger = fresh();
		expect(markPending(ledger, 'run-1', [{ fileSet: A, products: 2, variants: 3 }], 3)).toEqual([]);
		expect(confirmRecords(ledger, 'run-1', 'products', new Map([[A, lines(2)]]))).toEqual([]);
		expect(confirmRecords(ledger, 'run-1', 'variants', new Map([[A, lines(2)]]))).toEqual([]);
		expect(ledger.doneUpTo).toBeUndefined();
		expect(confirmRecords(ledger, 'run-1', 'variants', new Map([[A, [4]]]))).toEqual([A]);
		expect(ledger).toEqual({ doneUpTo: A, pending: {} });
	});

	test('a record counts once however often it is confirmed (Retry On Fail, a node run twice)', () => {
		const ledger = fresh();
		markPending(ledger, 'run-1', [{ fileSet: A, products: 2, variants: 0 }], 3);
		for (let attempt = 0; attempt < 5; attempt++)
			expect(confirmRecords(ledger, 'run-1', 'products', firstRecordOf(A))).toEqual([]);
		expect(ledger.pending[A]).toMatchObject({ productsDone: 1, productsLanded: [2, 2] });
		expect(isProcessed(ledger, A)).toBe(false);
		expect(confirmRecords(ledger, 'run-1', 'products', new Map([[A, [3]]]))).toEqual([A]);
		// Records without a line are named by their owner code.
		expect(recordIdentity([], 'P1')).toBe(recordIdentity(undefined, 'P1'));
		expect(recordIdentity([], 'P1')).not.toBe(recordIdentity([], 'P2'));
		expect(recordIdentity([7, 8], 'P1')).toBe(7);
	});

	test("another execution's upserts do not count towards a set", () => {
		const ledger = fresh();
		markPending(ledger, 'run-1', [{ fileSet: A, products: 1, variants: 0 }], 3);
		expect(confirmRecords(ledger, 'run-2', 'products', firstRecordOf(A))).toEqual([]);
		expect(ledger.pending[A].productsDone).toBe(0);
	});

	test('a set without records is done at once; a set an earlier run left pending is reported, as an error after N runs', () => {
		const ledger = fresh();
		markPending(ledger, 'run-1', [{ fileSet: A, products: 0, variants: 0 }], 2);
		expect(ledger.doneUpTo).toBe(A);
		markPending(ledger, 'run-1', [{ fileSet: B, products: 4, variants: 1 }], 2);
		confirmRecords(ledger, 'run-1', 'products', new Map([[B, lines(3)]]));
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

	test('a newer set that landed is not confirmed past an older one that did not; both are read again, then confirmed together', () => {
		const ledger = fresh();
		const both = [
			{ fileSet: A, products: 1, variants: 0 },
			{ fileSet: B, products: 1, variants: 0 },
		];
		markPending(ledger, 'r1', both, 3);
		expect(confirmRecords(ledger, 'r1', 'products', firstRecordOf(B))).toEqual([B]);
		expect(ledger.doneUpTo).toBeUndefined();
		expect(isProcessed(ledger, A)).toBe(false);
		expect(isProcessed(ledger, B)).toBe(false);

		const again = markPending(ledger, 'r2', both, 3);
		expect(again.map((i) => [i.fileSet, i.severity])).toEqual([
			[A, 'warning'],
			[B, 'warning'],
		]);
		expect(again[1].message).toContain(`imported again after the older set ${A}`);
		confirmRecords(ledger, 'r2', 'products', firstRecordOf(A, B));
		expect(ledger).toEqual({ doneUpTo: B, pending: {} });
	});

	test('a held set holds back the newer ones; a rejected one only when asked, and is reported every run', () => {
		const ledger = fresh();
		markSeen(
			ledger,
			'r1',
			[
				{ fileSet: A, state: 'waiting' },
				{ fileSet: B, state: 'read', products: 1 },
			],
			{ unconfirmedRuns: 3 },
		);
		confirmRecords(ledger, 'r1', 'products', firstRecordOf(B));
		expect(ledger.doneUpTo).toBeUndefined();

		const rejected = fresh();
		const seen = [
			{ fileSet: A, state: 'rejected' as const },
			{ fileSet: B, state: 'read' as const, products: 1 },
		];
		markSeen(rejected, 'r1', seen, { unconfirmedRuns: 2 });
		confirmRecords(rejected, 'r1', 'products', firstRecordOf(B));
		expect(rejected.doneUpTo).toBe(B);
		expect(isProcessed(rejected, A)).toBe(false);
		expect(isProcessed(rejected, B)).toBe(true);
		const second = markSeen(rejected, 'r2', [seen[0]], { unconfirmedRuns: 2 });
		expect(second).toEqual([
			expect.objectContaining({
				severity: 'warning',
				fileSet: A,
				message: expect.stringContaining('does not hold back the sets after it'),
			}),
		]);
		expect(markSeen(rejected, 'r3', [seen[0]], { unconfirmedRuns: 2 })[0].severity).toBe('error');
		// Fixed at last: read behind the mark, which moves back before it until it lands.
		markSeen(rejected, 'r4', [{ fileSet: A, state: 'read', products: 1 }, seen[1]], {
			unconfirmedRuns: 2,
		});
		expect(isProcessed(rejected, B)).toBe(false);
		confirmRecords(rejected, 'r4', 'products', firstRecordOf(A, B));
		expect(rejected).toEqual({ doneUpTo: B, pending: {} });

		const holding = fresh();
		markSeen(holding, 'r1', seen, { unconfirmedRuns: 2, holdBackAfterRejected: true });
		confirmRecords(holding, 'r1', 'products', firstRecordOf(B));
		expect(holding.doneUpTo).toBeUndefined();
	});

	test('a set whose files are gone before it landed is dropped with an error (only by the Parse node that saw it)', () => {
		const ledger = fresh();
		markSeen(ledger, 'r1', [{ fileSet: A, state: 'read', products: 1 }], {
			unconfirmedRuns: 3,
			node: 'Parse',
		});
		const other = markSeen(ledger, 'r2', [], {
			unconfirmedRuns: 3,
			node: 'Parse 2',
			present: new Set(),
		});
		expect(other).toEqual([]);
		const gone = markSeen(ledger, 'r2', [{ fileSet: C, state: 'read', products: 0 }], {
			unconfirmedRuns: 3,
			node: 'Parse',
			present: new Set([C]),
		});
		expect(gone).toEqual([
			expect.objectContaining({ severity: 'error', fileSet: A, code: 'SPAAZA_SET_NOT_CONFIRMED' }),
		]);
		expect(ledger).toEqual({ doneUpTo: C, pending: {} });
	});

	test('pending sets are capped: the newest are left out, so they are read again rather than skipped', () => {
		const ledger = fresh();
		const many = Array.from({ length: 2 * MAX_PENDING_SETS }, (_, i) => ({
			fileSet: `2026${String(i).padStart(4, '0')}_000000`,
			products: 1,
			variants: 0,
		}));
		markPending(ledger, 'r', many, 3);
		const kept = Object.keys(ledger.pending).sort();
		expect(kept).toEqual(many.slice(0, MAX_PENDING_SETS).map((s) => s.fileSet));
		// The newest lands; it is not in the ledger, so nothing is confirmed past the others.
		confirmRecords(ledger, 'r', 'products', firstRecordOf(many[many.length - 1].fileSet));
		expect(ledger.doneUpTo).toBeUndefined();
		for (const set of many) expect(isProcessed(ledger, set.fileSet)).toBe(false);
	});

	test('landed identities are bounded: a set whose ranges do not fit is counted short, never over', () => {
		const ledger = fresh();
		const records = 3 * MAX_LANDED_RANGES;
		markPending(ledger, 'r', [{ fileSet: A, products: records, variants: 0 }], 3);
		// Every other line landed: one range per record.
		const everyOther = Array.from({ length: records }, (_, i) => 2 + 2 * i);
		confirmRecords(ledger, 'r', 'products', new Map([[A, everyOther]]));
		expect(ledger.pending[A].productsLanded).toHaveLength(2 * MAX_LANDED_RANGES);
		expect(ledger.pending[A].productsDone).toBe(MAX_LANDED_RANGES);
		expect(JSON.stringify(ledger).length).toBeLessThan(60_000);
	});

	test('static data round trip keeps a plain object and drops what does not fit', () => {
		const data: IDataObject = {};
		const ledger = fresh();
		markPending(ledger, 'r', [{ fileSet: A, products: 1, variants: 2 }], 3);
		confirmRecords(ledger, 'r', 'variants', new Map([[A, [5]]]));
		writeLedger(data, ledger);
		expect(readLedger(data)).toEqual(ledger);
		expect(
			readLedger({ spaazaFileSets: { doneUpTo: 5, pending: { [A]: { products: 1 }, [B]: 'x' } } }),
		).toEqual({ pending: {} });
	});
});
