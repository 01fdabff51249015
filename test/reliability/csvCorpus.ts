/**
 * The CSV fuzz corpus: seeded mutations (byte flips, insertions of troublesome bytes, deletions,
 * truncation) of a file, with a record of which bytes they touched. Used by csvFuzz.test.ts and
 * test/reliability/fastPathsDifferential.test.ts.
 */
import fc from 'fast-check';

export type Op =
	| { kind: 'flip'; at: number; byte: number }
	| { kind: 'insert'; at: number; bytes: number[] }
	| { kind: 'delete'; at: number; length: number }
	| { kind: 'truncate'; at: number };

const NASTY: number[][] = [
	[0x22], // "
	[0x22, 0x22],
	[0x2c], // ,
	[0x3b], // ;
	[0x09], // tab
	[0x00], // NUL
	[0x0a], // LF
	[0x0d], // CR
	[0x0d, 0x0a],
	[0xef, 0xbb, 0xbf], // a BOM in the middle
	[0xff], // never valid in UTF-8
	[0xc3], // a lead byte without its continuation
	[0x80], // a lone continuation byte
	[0xe2, 0x82], // a cut 3-byte character
	[0xed, 0xa0, 0x80], // an encoded UTF-16 surrogate (invalid UTF-8)
	[0xe2, 0x80, 0xa8], // U+2028
	[0x5c], // backslash
	[0x2c, 0x22, 0x2c],
];

export const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
	fc.record({
		kind: fc.constant('flip' as const),
		at: fc.nat(),
		byte: fc.integer({ min: 0, max: 255 }),
	}),
	fc.record({
		kind: fc.constant('insert' as const),
		at: fc.nat(),
		bytes: fc.constantFrom(...NASTY),
	}),
	fc.record({
		kind: fc.constant('insert' as const),
		at: fc.nat(),
		bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => [...bytes]),
	}),
	fc.record({
		kind: fc.constant('delete' as const),
		at: fc.nat(),
		length: fc.integer({ min: 1, max: 40 }),
	}),
	fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

/** One to three operations: one case of the corpus. */
export const opsArbitrary = fc.array(opArbitrary, { minLength: 1, maxLength: 3 });

export interface Mutated {
	bytes: Buffer;
	/** Byte ranges of the mutated file that are new or next to a removal. */
	touched: Array<[number, number]>;
	/** Per byte of the mutated file, its offset in the source (-1: inserted); absent for monsters. */
	origin?: Int32Array;
	/** How many damaged spots (operations) made it. */
	spots?: number;
	truncated?: boolean;
}

/** Applies the operations in turn; `touched` follows the bytes as later operations move them. */
export function mutate(source: Buffer, ops: readonly Op[]): Mutated {
	let bytes = Buffer.from(source);
	let origin = Int32Array.from({ length: source.length }, (_, i) => i);
	let touched: Array<[number, number]> = [];
	const shift = (from: number, by: number) => {
		touched = touched.map(([a, b]) => [a >= from ? a + by : a, b >= from ? b + by : b]);
	};
	for (const op of ops) {
		const at = bytes.length === 0 ? 0 : op.at % (bytes.length + (op.kind === 'insert' ? 1 : 0));
		if (op.kind === 'flip' && bytes.length > 0) {
			bytes[at] = op.byte;
			origin[at] = -1;
			touched.push([at, at + 1]);
		} else if (op.kind === 'insert') {
			bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(op.bytes), bytes.subarray(at)]);
			const grown = new Int32Array(origin.length + op.bytes.length).fill(-1);
			grown.set(origin.subarray(0, at), 0);
			grown.set(origin.subarray(at), at + op.bytes.length);
			origin = grown;
			shift(at, op.bytes.length);
			touched.push([at, at + op.bytes.length]);
		} else if (op.kind === 'delete') {
			const end = Math.min(bytes.length, at + op.length);
			bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(end)]);
			const shrunk = new Int32Array(origin.length - (end - at));
			shrunk.set(origin.subarray(0, at), 0);
			shrunk.set(origin.subarray(end), at);
			origin = shrunk;
			touched = touched.map(([a, b]) => [
				Math.min(a, a >= end ? a - (end - at) : at),
				b >= end ? b - (end - at) : Math.max(at, Math.min(b, at)),
			]);
			touched.push([Math.max(0, at - 1), at + 1]);
		} else if (op.kind === 'truncate') {
			bytes = bytes.subarray(0, at);
			origin = origin.subarray(0, at);
			touched = touched.map(([a, b]) => [Math.min(a, at), Math.min(b, at)]);
			touched.push([Math.max(0, at - 1), at + 1]);
		}
	}
	return {
		bytes,
		touched,
		origin,
		spots: ops.length,
		truncated: ops.some((op) => op.kind === 'truncate'),
	};
}
