import { isUtf8 as nodeIsUtf8 } from 'node:buffer';

import fc from 'fast-check';

import { isUtf8 } from '../../../../../nodes/core/fileset/csv/utf8';

// Parse's own UTF-8 check (the n8n Cloud rules allow no node:buffer import) must agree with
// Node's on every input: a file wrongly found valid would let U+FFFD into records unreported.
describe('isUtf8', () => {
	const bytes = fc.array(
		fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0x80, max: 0xff })),
		{ maxLength: 24 },
	);

	test('agrees with node:buffer on random bytes at every alignment', () => {
		fc.assert(
			fc.property(bytes, fc.integer({ min: 0, max: 7 }), (list, offset) => {
				const buf = Buffer.alloc(list.length + offset).subarray(offset);
				buf.set(list);
				expect(isUtf8(buf)).toBe(nodeIsUtf8(buf));
			}),
			{ numRuns: 50_000, seed: 20261206 },
		);
	});

	test('accepts any text encoded as UTF-8, also after long ASCII runs', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.nat(64), (text, ascii) => {
				expect(isUtf8(Buffer.from(`${'a'.repeat(ascii)}${text}`))).toBe(true);
			}),
			{ numRuns: 20_000, seed: 20261206 },
		);
	});

	test.each([
		['an overlong form', [0xc0, 0x80]],
		['an overlong three-byte form', [0xe0, 0x80, 0x80]],
		['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
		['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
		['a cut sequence', [0x41, 0xe2, 0x82]],
		['a lone continuation byte', [0x80]],
		['0xFF', [0xff]],
	])('refuses %s', (_name, list) => {
		const buf = Buffer.from([...Array.from({ length: 9 }, () => 0x41), ...list]);
		expect(isUtf8(buf)).toBe(false);
		expect(nodeIsUtf8(buf)).toBe(false);
	});
});
