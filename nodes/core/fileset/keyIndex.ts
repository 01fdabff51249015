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
 * addressing table of 32-bit hashes and item numbers in typed arrays. JS Sets of the owner codes
 * and barcodes took a tenth of a variant list's parsing time (each entry is an old-to-young
 * pointer the scavenger revisits, and each probe reads a key string elsewhere on the heap); this
 * holds no pointers, and asks `sameKey` (which reads the key from the caller's own records) only
 * when the full hashes match.
 */
export class KeyIndex<K extends string | number> {
	private hashes = new Int32Array(INITIAL_CAPACITY);
	private items = new Int32Array(INITIAL_CAPACITY);
	private size = 0;

	constructor(private readonly sameKey: (item: number, key: K) => boolean) {}

	/** The earlier item with `key`, or -1 after recording `item` (≥ 0) under it. */
	claim(key: K, item: number): number {
		if (this.size * 2 >= this.hashes.length) this.grow();
		const hash = hashOf(key);
		const mask = this.hashes.length - 1;
		let slot = hash & mask;
		for (let found = this.hashes[slot]; found !== 0; found = this.hashes[slot]) {
			if (found === hash && this.sameKey(this.items[slot], key)) return this.items[slot];
			slot = (slot + 1) & mask;
		}
		this.hashes[slot] = hash;
		this.items[slot] = item;
		this.size++;
		return -1;
	}

	private grow(): void {
		const hashes = this.hashes;
		const items = this.items;
		this.hashes = new Int32Array(hashes.length * 2);
		this.items = new Int32Array(hashes.length * 2);
		const mask = this.hashes.length - 1;
		for (let i = 0; i < hashes.length; i++) {
			const hash = hashes[i];
			if (hash === 0) continue;
			let slot = hash & mask;
			while (this.hashes[slot] !== 0) slot = (slot + 1) & mask;
			this.hashes[slot] = hash;
			this.items[slot] = items[i];
		}
	}
}
