/**
 * A fixed-size concurrency pool. Upserts send records in parallel to use Spaaza's latency, but
 * never more than the user's `concurrency` at once (README "Spaaza Upsert Product / Spaaza Upsert
 * Variant" and "Performance"), and results keep input order.
 */

/**
 * Maps `items` with at most `limit` calls of `fn` in flight. After the first failure no new call
 * starts; the calls already running finish, then that first error is thrown.
 */
export async function mapWithConcurrency<I, O>(
	items: readonly I[],
	limit: number,
	fn: (item: I, index: number) => Promise<O>,
): Promise<O[]> {
	const results = new Array<O>(items.length);
	let next = 0;
	let failed = false;
	let firstError: unknown;

	const worker = async () => {
		while (!failed && next < items.length) {
			const index = next++;
			try {
				results[index] = await fn(items[index], index);
			} catch (error) {
				if (!failed) firstError = error;
				failed = true;
			}
		}
	};

	const workers = Array.from({ length: Math.min(normaliseLimit(limit), items.length) }, worker);
	await Promise.all(workers);
	if (failed) throw firstError;
	return results;
}

function normaliseLimit(limit: number): number {
	return Number.isFinite(limit) && limit >= 1 ? Math.floor(limit) : 1;
}
