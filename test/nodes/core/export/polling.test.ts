import {
	MAX_POLL_INTERVAL_MS,
	MIN_POLL_INTERVAL_MS,
	nextPollDelay,
	pollInterval,
} from '../../../../nodes/core/export/polling';

describe('poll schedule', () => {
	it('starts at the chosen interval and grows gently', () => {
		const waits = [1, 2, 3, 4].map((polls) => pollInterval(5000, polls));
		expect(waits).toEqual([5000, 6000, 7200, 8640]);
		for (let i = 1; i < waits.length; i++)
			expect(waits[i] / waits[i - 1]).toBeLessThanOrEqual(1.25);
	});

	it('never waits more than 60 seconds', () => {
		const waits = Array.from({ length: 100 }, (_, i) => pollInterval(5000, i + 1));
		expect(Math.max(...waits)).toBe(MAX_POLL_INTERVAL_MS);
		expect(waits.findIndex((w) => w === MAX_POLL_INTERVAL_MS)).toBeLessThan(20);
		expect(pollInterval(120_000, 1)).toBe(MAX_POLL_INTERVAL_MS);
	});

	it('is monotonic', () => {
		const waits = Array.from({ length: 40 }, (_, i) => pollInterval(2000, i + 1));
		expect([...waits].sort((a, b) => a - b)).toEqual(waits);
	});

	it('allows sub-second intervals down to the floor', () => {
		expect(pollInterval(250, 1)).toBe(250);
		expect(pollInterval(1, 1)).toBe(MIN_POLL_INTERVAL_MS);
		expect(pollInterval(Number.NaN, 1)).toBe(MIN_POLL_INTERVAL_MS);
	});

	it('never sleeps past the deadline', () => {
		expect(nextPollDelay({ baseMs: 5000, polls: 1, now: 1000, deadline: 100_000 })).toBe(5000);
		expect(nextPollDelay({ baseMs: 5000, polls: 1, now: 98_000, deadline: 100_000 })).toBe(2000);
		expect(nextPollDelay({ baseMs: 5000, polls: 30, now: 99_999, deadline: 100_000 })).toBe(1);
		expect(nextPollDelay({ baseMs: 5000, polls: 1, now: 100_000, deadline: 100_000 })).toBe(0);
		expect(nextPollDelay({ baseMs: 5000, polls: 1, now: 120_000, deadline: 100_000 })).toBe(0);
	});
});
