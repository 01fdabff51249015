import { mapWithConcurrency } from '../../../../nodes/spaaza/transport/pool';

const tick = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

function tracker() {
	let active = 0;
	let peak = 0;
	return {
		get peak() {
			return peak;
		},
		run: async <T>(value: T, ms: number): Promise<T> => {
			active++;
			peak = Math.max(peak, active);
			await tick(ms);
			active--;
			return value;
		},
	};
}

describe('mapWithConcurrency', () => {
	it.each([1, 4, 7, 32])(
		'never exceeds a limit of %i under 200 queued calls and keeps order',
		async (limit) => {
			const t = tracker();
			const items = Array.from({ length: 200 }, (_, i) => i);
			const results = await mapWithConcurrency(
				items,
				limit,
				async (item) => await t.run(item * 2, (item * 7) % 3),
			);
			expect(results).toEqual(items.map((i) => i * 2));
			expect(t.peak).toBe(Math.min(limit, 200));
		},
	);

	it('propagates the first error and starts nothing after it', async () => {
		const started: number[] = [];
		const run = mapWithConcurrency(
			Array.from({ length: 50 }, (_, i) => i),
			3,
			async (item) => {
				started.push(item);
				await tick(1);
				if (item === 5) throw new Error('record 5 failed');
				return item;
			},
		);
		await expect(run).rejects.toThrow('record 5 failed');
		expect(Math.max(...started)).toBeLessThan(5 + 3);
	});

	it('treats a nonsense limit as 1 and handles no items', async () => {
		const t = tracker();
		await mapWithConcurrency([1, 2, 3], 0, async (item) => await t.run(item, 1));
		expect(t.peak).toBe(1);
		await expect(mapWithConcurrency([], 4, async () => 1)).resolves.toEqual([]);
	});
});
