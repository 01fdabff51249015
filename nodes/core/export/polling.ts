/**
 * The poll schedule of Spaaza Wait For Task. Export tasks take from seconds to many minutes, so
 * the interval starts at the user's choice and grows gently: quick answers for small exports,
 * few requests for big ones, and never more than a minute late (README "Spaaza Wait For Task" and "Performance").
 */

/** The slowest the schedule ever polls: a finished export is noticed within a minute. */
export const MAX_POLL_INTERVAL_MS = 60_000;
/** Lets tests poll fast; the UI speaks of seconds. */
export const MIN_POLL_INTERVAL_MS = 100;
/** Each wait is this much longer than the one before: 5 s reaches the 60 s cap after ~14 polls (~5 min). */
export const POLL_GROWTH = 1.2;

export function clampPollInterval(ms: number): number {
	if (!Number.isFinite(ms)) return MIN_POLL_INTERVAL_MS;
	return Math.min(MAX_POLL_INTERVAL_MS, Math.max(MIN_POLL_INTERVAL_MS, ms));
}

/** The wait after the `polls`-th poll (1-based), before any deadline is applied. */
export function pollInterval(baseMs: number, polls: number): number {
	const base = clampPollInterval(baseMs);
	const grown = base * POLL_GROWTH ** Math.max(0, polls - 1);
	return Math.round(Math.min(MAX_POLL_INTERVAL_MS, grown));
}

/**
 * How long to sleep after the `polls`-th poll so that the next poll is never later than the
 * deadline. 0 means the deadline has come: stop polling.
 */
export function nextPollDelay(options: {
	baseMs: number;
	polls: number;
	now: number;
	deadline: number;
}): number {
	const left = options.deadline - options.now;
	if (left <= 0) return 0;
	return Math.min(pollInterval(options.baseMs, options.polls), left);
}
