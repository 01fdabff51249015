const INITIAL_CAPACITY = 1024;
// Random per process, so a file crafted to collide cannot make lookups quadratic.
const SEED = (Math.random() * 0x100000000) | 0;

/** 32-bit hash of a string (FNV-1a) or an integer, finished with MurmurHash3's mixer. */
function hashOf(key: string | number): number {
	let h = SEED ^ 0x811c9dc5;
	if (typeof key === 'number') {
		h = Math.imul(h ^ (key | 0), 0x01000193);
		h = Math.imul(h ^ ((key / 0x100000000) | 0), 0x01000193);
	} else {
		for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
	}
	h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
	h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
	h ^= h >>> 16;
	// 0 marks an empty slot.
	return h === 0 ? 1 : h;
}

/**
 * Finds the earlier item with the same key (an owner_code or barcode seen twice): an open-
 * addressing table of 32-bit hashes and item numbers in a typed array. JS Sets of the owner codes
 * and barcodes took a tenth of a variant list's parsing time (each entry is an old-to-young
 * pointer the scavenger revisits, and each probe reads a key string elsewhere on the heap); this
 * holds no pointers, and asks `sameKey` (which reads the key from the caller's own records) only
 * when the full hashes match. A slot's hash and item sit side by side: on a table of a million
 * keys every probe is a cache miss, and one miss per probe is half of two.
 */
export class KeyIndex<K extends string | number> {
	/** Slot `s` is `table[2s]` (the hash, 0 when empty) and `table[2s + 1]` (the item). */
	private table = new Int32Array(INITIAL_CAPACITY * 2);
	private size = 0;

	constructor(private readonly sameKey: (item: number, key: K) => boolean) {}

	/** The earlier item with `key`, or -1 after recording `item` (≥ 0) under it. */
	claim(key: K, item: number): number {
		if (this.size * 4 >= this.table.length) this.grow();
		const hash = hashOf(key);
		const table = this.table;
		const mask = (table.length >> 1) - 1;
		let at = (hash & mask) << 1;
		for (let found = table[at]; found !== 0; found = table[at]) {
			if (found === hash && this.sameKey(table[at + 1], key)) return table[at + 1];
			at = (at + 2) & (table.length - 1);
		}
		table[at] = hash;
		table[at + 1] = item;
		this.size++;
		return -1;
	}

	private grow(): void {
		const old = this.table;
		const table = new Int32Array(old.length * 2);
		const mask = (table.length >> 1) - 1;
		for (let i = 0; i < old.length; i += 2) {
			const hash = old[i];
			if (hash === 0) continue;
			let at = (hash & mask) << 1;
			while (table[at] !== 0) at = (at + 2) & (table.length - 1);
			table[at] = hash;
			table[at + 1] = old[i + 1];
		}
		this.table = table;
	}
}
