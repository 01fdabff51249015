/** Deadlines that do not depend on the HTTP client honouring them. Pure, no n8n import. */

/** Settles with the request, or rejects as soon as `signal` aborts (the request itself runs on). */
export async function untilAborted<T>(
	request: Promise<T>,
	signal: AbortSignal | undefined,
): Promise<T> {
	if (!signal) return await request;
	let onAbort: (() => void) | undefined;
	const aborted = new Promise<never>((_, reject) => {
		onAbort = () =>
			reject(
				signal.reason instanceof Error ? signal.reason : new Error('The operation was aborted'),
			);
		if (signal.aborted) onAbort();
		else signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		return await Promise.race([request, aborted]);
	} finally {
		if (onAbort) signal.removeEventListener('abort', onAbort);
	}
}
