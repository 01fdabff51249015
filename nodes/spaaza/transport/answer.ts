/**
 * Reading a streamed answer of n8n's HTTP helper: at most MAX_RESPONSE_BYTES, and no longer than
 * the attempt's deadline. No `node:stream`: the body is read as the async iterable it is.
 */
import { untilAborted } from './deadline';

/** An answer larger than this is no Spaaza JSON envelope; reading stops there (a page of
 * get-product-variants is far smaller). */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** A failure of reading the answer, with a Node-style code the failure reader understands. */
export class SpaazaClientError extends Error {
	constructor(
		message: string,
		readonly code: string,
	) {
		super(message);
		this.name = 'SpaazaClientError';
	}
}

interface Readable {
	destroy?: (error?: Error) => void;
	[Symbol.asyncIterator]?: () => AsyncIterator<unknown>;
}

/**
 * The body of a streamed answer as text, reading at most `limit` bytes: a larger answer stops the
 * read and destroys the stream. `signal` ends the read as well (a server trickling bytes).
 */
export async function readBounded(
	body: unknown,
	signal: AbortSignal | undefined,
	limit = MAX_RESPONSE_BYTES,
): Promise<string> {
	if (typeof body === 'string') return body;
	const stream = body as Readable | null | undefined;
	if (!stream || typeof stream[Symbol.asyncIterator] !== 'function') return '';
	const chunks: Uint8Array[] = [];
	let size = 0;
	const read = async (): Promise<void> => {
		for await (const chunk of stream as AsyncIterable<unknown>) {
			const bytes =
				typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
			size += bytes.length;
			if (size > limit) {
				const error = new SpaazaClientError(
					`Spaaza's answer is larger than ${limit / 1024 / 1024} MB`,
					'ERESPONSETOOLARGE',
				);
				stream.destroy?.(error);
				throw error;
			}
			chunks.push(bytes);
		}
	};
	// A deadline or cancel ends the read; the stream is destroyed either way once it is done.
	await untilAborted(read(), signal).finally(() => {
		if (signal?.aborted) stream.destroy?.();
	});
	return Buffer.concat(chunks, size).toString('utf8');
}
