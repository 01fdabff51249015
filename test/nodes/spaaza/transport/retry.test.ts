import {
	backoffDelay,
	parseRetryAfter,
	withRetry,
	type RetryDecision,
} from '../../../../nodes/spaaza/transport/retry';

const NOW = Date.parse('2026-11-26T12:00:00Z');

describe('parseRetryAfter', () => {
	it.each<[string, unknown, number | undefined]>([
		['delta seconds', '120', 120_000],
		['zero', '0', 0],
		['fractional seconds', '1.5', 1500],
		['padded', '  7 ', 7000],
		['a number', 3, 3000],
		['an array (duplicated header)', ['4', '9'], 4000],
		['an HTTP date in the future', 'Thu, 26 Nov 2026 12:00:30 GMT', 30_000],
		['an HTTP date in the past', 'Thu, 26 Nov 2026 11:59:00 GMT', 0],
		['an RFC 850 date', 'Thursday, 26-Nov-26 12:01:00 GMT', 60_000],
		['missing', undefined, undefined],
		['empty', '', undefined],
		['negative', '-5', undefined],
		['garbage', 'soon', undefined],
		['digits with junk', '12abc', undefined],
		['an impossible date', 'Thu, 99 Foo 2026 25:61:00 GMT', undefined],
		['NaN number', Number.NaN, undefined],
	])('%s', (_, header, expected) => {
		expect(parseRetryAfter(header, NOW)).toBe(expected);
	});
});

describe('backoffDelay (full jitter)', () => {
	const bounds = { baseMs: 1000, capMs: 30_000 };
	it.each([0, 1, 2, 3, 4, 5, 6, 10, 30])('stays within 0 ≤ d ≤ min(cap, base·2^%i)', (attempt) => {
		const ceiling = Math.min(bounds.capMs, bounds.baseMs * 2 ** attempt);
		for (const r of [0, 0.25, 0.5, 0.999999, 1]) {
			const delay = backoffDelay(attempt, bounds, () => r);
			expect(delay).toBeGreaterThanOrEqual(0);
			expect(delay).toBeLessThanOrEqual(ceiling);
		}
		expect(backoffDelay(attempt, bounds, () => 0)).toBe(0);
		expect(backoffDelay(attempt, bounds, () => 0.5)).toBe(Math.floor(ceiling / 2));
	});

	it('spreads delays over the whole range with a real random source', () => {
		const delays = Array.from({ length: 500 }, () => backoffDelay(3, bounds));
		expect(Math.min(...delays)).toBeLessThan(1000);
		expect(Math.max(...delays)).toBeGreaterThan(7000);
		expect(Math.max(...delays)).toBeLessThanOrEqual(8000);
	});
});

describe('withRetry', () => {
	const retryable: RetryDecision = { retry: true, reason: 'HTTP 503' };
	const policy = (overrides: Partial<Parameters<typeof withRetry>[1]> = {}) => {
		const sleeps: number[] = [];
		return {
			sleeps,
			policy: {
				maxRetries: 3,
				classify: (error: unknown): RetryDecision =>
					(error as Error).message === 'final' ? { retry: false } : retryable,
				random: () => 0.5,
				sleep: async (ms: number) => {
					sleeps.push(ms);
				},
				...overrides,
			},
		};
	};

	it('returns the first success', async () => {
		let calls = 0;
		const { policy: p, sleeps } = policy();
		await expect(
			withRetry(async () => (++calls < 3 ? Promise.reject(new Error('busy')) : 'done'), p),
		).resolves.toBe('done');
		expect(calls).toBe(3);
		expect(sleeps).toEqual([500, 1000]);
	});

	it('stops at maxRetries and throws the last error', async () => {
		let calls = 0;
		const { policy: p } = policy({ maxRetries: 4 });
		await expect(
			withRetry(async () => Promise.reject(new Error(`busy ${++calls}`)), p),
		).rejects.toThrow('busy 5');
		expect(calls).toBe(5);
	});

	it('does not retry a final failure', async () => {
		let calls = 0;
		const { policy: p, sleeps } = policy();
		await expect(
			withRetry(async () => (calls++, Promise.reject(new Error('final'))), p),
		).rejects.toThrow('final');
		expect(calls).toBe(1);
		expect(sleeps).toEqual([]);
	});

	it('honours a server-requested wait, clamped and jittered', async () => {
		const infos: unknown[] = [];
		const { policy: p, sleeps } = policy({
			classify: () => ({ retry: true, reason: 'HTTP 429', retryAfterMs: 90_000 }),
			maxRetryAfterMs: 60_000,
			retryAfterJitterMs: 100,
			maxRetries: 1,
			onRetry: (info) => infos.push(info),
		});
		await expect(withRetry(async () => Promise.reject(new Error('busy')), p)).rejects.toThrow(
			'busy',
		);
		expect(sleeps).toEqual([60_050]);
		expect(infos).toEqual([{ attempt: 1, delayMs: 60_050, reason: 'HTTP 429' }]);
	});

	it('ends with the abort reason once the signal fires', async () => {
		const controller = new AbortController();
		let calls = 0;
		const { policy: p } = policy({
			signal: controller.signal,
			sleep: async () => controller.abort(new Error('cancelled')),
		});
		await expect(
			withRetry(async () => (calls++, Promise.reject(new Error('busy'))), p),
		).rejects.toThrow('cancelled');
		expect(calls).toBe(1);
	});
});
