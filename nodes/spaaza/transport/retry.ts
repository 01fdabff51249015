/**
 * Retry policy for Spaaza calls: which failures to try again, how long to wait, when to stop.
 * Pure (no n8n import) so the timing rules are tested directly; sleep and random are injected.
 */
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS } from './constants';

export interface BackoffBounds {
	baseMs: number;
	capMs: number;
}

/**
 * Milliseconds a `Retry-After` header asks for: delta-seconds or an HTTP date. Undefined when the
 * header is missing or unreadable, so the caller falls back to backoff; a past date means "now".
 */
export function parseRetryAfter(header: unknown, now: number): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value === 'number')
		return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	// Only strings that look like an HTTP date: Date.parse alone would read "12abc" as a year.
	if (!/[a-z]{3}/i.test(text) || !/\d{1,2}:\d{2}/.test(text)) return undefined;
	const at = Date.parse(text);
	if (Number.isNaN(at)) return undefined;
	return Math.max(0, at - now);
}

/** Full jitter: a uniform wait in [0, min(cap, base·2^attempt)); `attempt` counts retries from 0. */
export function backoffDelay(
	attempt: number,
	bounds: BackoffBounds,
	random: () => number = Math.random,
): number {
	const ceiling = Math.min(bounds.capMs, bounds.baseMs * 2 ** Math.max(0, attempt));
	const r = Math.min(Math.max(random(), 0), 1);
	return Math.floor(r * ceiling);
}

export type RetryDecision =
	| { retry: false }
	| { retry: true; reason: string; retryAfterMs?: number };

export interface RetryInfo {
	/** 1 for the first retry. */
	attempt: number;
	delayMs: number;
	reason: string;
}

export interface RetryPolicy {
	maxRetries: number;
	classify: (error: unknown) => RetryDecision;
	baseMs?: number;
	capMs?: number;
	/** Upper bound for a server-requested wait. */
	maxRetryAfterMs?: number;
	/** Extra random spread added to a server-requested wait. */
	retryAfterJitterMs?: number;
	sleep: (ms: number) => Promise<void>;
	random?: () => number;
	onRetry?: (info: RetryInfo) => void;
	/** Checked before every attempt; an aborted signal ends the loop with its reason. */
	signal?: AbortSignal;
}

/** The delay before retry number `attempt` (0-based), honouring a server-requested wait. */
export function retryDelay(
	policy: RetryPolicy,
	attempt: number,
	retryAfterMs: number | undefined,
): number {
	const random = policy.random ?? Math.random;
	if (retryAfterMs !== undefined) {
		const requested = Math.min(retryAfterMs, policy.maxRetryAfterMs ?? Number.POSITIVE_INFINITY);
		return Math.max(0, requested) + Math.floor(random() * (policy.retryAfterJitterMs ?? 0));
	}
	const bounds = {
		baseMs: policy.baseMs ?? BACKOFF_BASE_MS,
		capMs: policy.capMs ?? BACKOFF_CAP_MS,
	};
	return backoffDelay(attempt, bounds, random);
}

function throwIfAborted(signal: AbortSignal | undefined): void {
	if (!signal?.aborted) return;
	const reason: unknown = signal.reason;
	throw reason instanceof Error ? reason : new Error('The operation was aborted');
}

/**
 * Runs `fn` until it succeeds, a failure is classified as final, or `maxRetries` retries are
 * spent; then the last error is thrown unchanged so the caller can map it.
 */
export async function withRetry<T>(
	fn: (attempt: number) => Promise<T>,
	policy: RetryPolicy,
): Promise<T> {
	for (let attempt = 0; ; attempt++) {
		throwIfAborted(policy.signal);
		let failure: unknown;
		try {
			return await fn(attempt);
		} catch (error) {
			failure = error;
		}
		throwIfAborted(policy.signal);
		const decision = policy.classify(failure);
		if (!decision.retry || attempt >= policy.maxRetries) throw failure;
		const delayMs = retryDelay(policy, attempt, decision.retryAfterMs);
		policy.onRetry?.({ attempt: attempt + 1, delayMs, reason: decision.reason });
		await policy.sleep(delayMs);
	}
}
