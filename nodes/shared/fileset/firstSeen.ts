/**
 * Finds the earlier record with the same key (an owner_code seen twice). Files rarely repeat a
 * key, so new keys cost one set operation; the key → record map, which the repeat needs, is only
 * built when the first repeat turns up. Hashing hundreds of thousands of fresh strings is a
 * large part of parsing time, so the second operation per row is worth avoiding.
 */
export class FirstSeen<K, T> {
	private readonly keys = new Set<K>();
	private byKey: Map<K, T> | undefined;

	constructor(
		private readonly keyOf: (item: T) => K,
		private readonly earlier: () => Iterable<T>,
	) {}

	/** The earlier item with `key`; `undefined` when the key is new (then `item` holds it). */
	claim(key: K, item: T): T | undefined {
		if (this.byKey === undefined) {
			const size = this.keys.size;
			if (this.keys.add(key).size !== size) return undefined;
			this.byKey = new Map();
			for (const seen of this.earlier())
				if (!this.byKey.has(this.keyOf(seen))) this.byKey.set(this.keyOf(seen), seen);
			this.keys.clear();
		}
		const found = this.byKey.get(key);
		if (found === undefined) this.byKey.set(key, item);
		return found;
	}
}
