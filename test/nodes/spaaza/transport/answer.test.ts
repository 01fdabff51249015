/**
 * Reading a streamed answer of n8n's helper: bounded in size and in time, without node:stream.
 */
import { readBounded } from '../../../../nodes/spaaza/transport/answer';

async function* body(chunks: number, size: number, destroyed: { value: boolean }) {
	try {
		for (let index = 0; index < chunks; index++) yield new Uint8Array(size).fill(65);
	} finally {
		destroyed.value = true;
	}
}

function stream(chunks: number, size: number) {
	const destroyed = { value: false };
	const source = body(chunks, size, destroyed);
	return {
		destroyed,
		readable: Object.assign(source, { destroy: () => void source.return(undefined) }),
	};
}

describe('readBounded', () => {
	it('reads a body up to the limit as text', async () => {
		const { readable } = stream(4, 1024);
		expect(await readBounded(readable, undefined, 4096)).toBe('A'.repeat(4096));
	});

	it('stops at the first byte past the limit and ends the stream', async () => {
		// 20 MB offered, 1 MB allowed: the read stops after the chunk that crosses the limit.
		const { readable, destroyed } = stream(20, 1024 * 1024);
		let pulled = 0;
		const counted = Object.assign(
			(async function* () {
				for await (const chunk of readable) {
					pulled++;
					yield chunk;
				}
			})(),
			{ destroy: readable.destroy },
		);
		await expect(readBounded(counted, undefined, 1024 * 1024)).rejects.toMatchObject({
			code: 'ERESPONSETOOLARGE',
			message: "Spaaza's answer is larger than 1 MB",
		});
		expect(pulled).toBe(2);
		expect(destroyed.value).toBe(true);
	});

	it('ends the read when the signal aborts (a trickling answer)', async () => {
		const never = Object.assign(
			(async function* () {
				yield new Uint8Array(1);
				await new Promise(() => undefined);
			})(),
			{ destroy: () => undefined },
		);
		const controller = new AbortController();
		const reading = readBounded(never, controller.signal);
		controller.abort(new Error('deadline'));
		await expect(reading).rejects.toThrow('deadline');
	});
});
