/**
 * Whether `buf` is valid UTF-8, as Node's `buffer.isUtf8` tells (which the n8n Cloud rules do not
 * allow importing): no overlong forms, no UTF-16 surrogates, nothing above U+10FFFF, no cut
 * sequence. Runs of ASCII, most of a catalogue, cost one comparison per byte.
 */
export function isUtf8(buf: Uint8Array): boolean {
	const length = buf.length;
	// Four bytes at a time where the buffer's memory allows a 32-bit view: ASCII has no high bit.
	const skew = (4 - (buf.byteOffset % 4)) % 4;
	const wordCount = length > skew ? (length - skew) >> 2 : 0;
	const words =
		wordCount > 0
			? new Uint32Array(buf.buffer, buf.byteOffset + skew, wordCount)
			: new Uint32Array(0);
	const wordsEnd = skew + words.length * 4;
	let i = 0;
	while (i < length) {
		if (i >= skew && i < wordsEnd && (i - skew) % 4 === 0) {
			let word = (i - skew) >> 2;
			while (word < words.length && (words[word] & 0x80808080) === 0) word++;
			i = skew + word * 4;
			if (i >= length) break;
		}
		const byte = buf[i];
		if (byte < 0x80) {
			i++;
			continue;
		}
		let need: number;
		let min: number;
		let max = 0xbf;
		if (byte >= 0xc2 && byte <= 0xdf) {
			need = 1;
			min = 0x80;
		} else if (byte >= 0xe0 && byte <= 0xef) {
			need = 2;
			// E0 needs A0.. (no overlong); ED stops at 9F (no surrogates).
			min = byte === 0xe0 ? 0xa0 : 0x80;
			if (byte === 0xed) max = 0x9f;
		} else if (byte >= 0xf0 && byte <= 0xf4) {
			need = 3;
			// F0 needs 90.. (no overlong); F4 stops at 8F (U+10FFFF).
			min = byte === 0xf0 ? 0x90 : 0x80;
			if (byte === 0xf4) max = 0x8f;
		} else return false;
		if (i + need >= length) return false;
		const second = buf[i + 1];
		if (second < min || second > max) return false;
		for (let k = 2; k <= need; k++) {
			const next = buf[i + k];
			if (next < 0x80 || next > 0xbf) return false;
		}
		i += need + 1;
	}
	return true;
}
