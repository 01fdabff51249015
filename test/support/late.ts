/**
 * A stand-in for a value that a `beforeAll` creates: a test file can hold it in a `const` at the
 * top (as if it existed already) and use it in its tests; reads and writes go to the real value.
 */
export interface Late<T extends object> {
	/** The stand-in: use it like the value once `set` has run. */
	readonly value: T;
	set(value: T | undefined): void;
	get(): T | undefined;
}

export function late<T extends object>(what: string): Late<T> {
	let current: T | undefined;
	const target = (): T => {
		if (current === undefined) throw new Error(`${what} is used before its beforeAll started it`);
		return current;
	};
	const value = new Proxy({} as T, {
		get(_stub, key) {
			const real = target();
			const field = Reflect.get(real, key, real) as unknown;
			return typeof field === 'function'
				? (field as (...args: unknown[]) => unknown).bind(real)
				: field;
		},
		set(_stub, key, field) {
			return Reflect.set(target(), key, field);
		},
		has: (_stub, key) => Reflect.has(target(), key),
		ownKeys: () => Reflect.ownKeys(target()),
		getOwnPropertyDescriptor: (_stub, key) => {
			const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
			return descriptor && { ...descriptor, configurable: true };
		},
	});
	return { value, set: (next) => (current = next), get: () => current };
}
