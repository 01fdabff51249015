/**
 * What went wrong with one attempt (read from whatever n8n's HTTP helper threw), whether it is
 * worth retrying, and the SpaazaError the user finally sees (as a NodeApiError, nodeError.ts).
 * Errors are rebuilt from scratch: the original carries the request config, and with it the
 * Authorization / session headers.
 */
import { SPAAZA_CODES, SpaazaError, type SpaazaCode } from '../../core/errors';
import type { SpaazaAuthKind } from './connection';
import {
	RETRY_AFTER_STATUSES,
	RETRYABLE_NETWORK_CODES,
	RETRYABLE_STATUSES,
	SPAAZA_NO_VALID_SESSION,
} from './constants';
import { parseSpaazaResponse, type SpaazaApiFailure, type SpaazaApiKind } from './envelope';
import { isSpaazaLoginError } from './login';
import { parseRetryAfter, type RetryDecision } from './retry';
import { scrubSecrets } from './scrub';

export type AttemptKind = 'http' | 'network' | 'timeout' | 'login';

/** One failed attempt, reduced to facts that hold no secret. */
export class SpaazaAttemptError extends Error {
	constructor(
		readonly kind: AttemptKind,
		readonly details: {
			httpStatus?: number;
			failure?: SpaazaApiFailure;
			retryAfterMs?: number;
			networkCode?: string;
			loginCode?: SpaazaCode;
			loginMessage?: string;
			loginTransient?: boolean;
		},
	) {
		super(details.failure?.description ?? details.networkCode ?? kind);
		this.name = 'SpaazaAttemptError';
	}
}

interface ErrorLike {
	code?: unknown;
	message?: unknown;
	name?: unknown;
	isAxiosError?: unknown;
	cause?: unknown;
	response?: { status?: unknown; headers?: Record<string, unknown>; data?: unknown };
}

/** The error and its causes: n8n wraps the axios error in a NodeApiError's `cause`. */
function chain(error: unknown): ErrorLike[] {
	const links: ErrorLike[] = [];
	let current: unknown = error;
	while (
		typeof current === 'object' &&
		current !== null &&
		links.length < 6 &&
		!links.includes(current)
	) {
		links.push(current as ErrorLike);
		current = (current as ErrorLike).cause;
	}
	return links;
}

export function isAbortError(error: unknown): boolean {
	return chain(error).some(
		(link) =>
			link.code === 'ERR_CANCELED' || link.name === 'AbortError' || link.name === 'CanceledError',
	);
}

function header(headers: Record<string, unknown> | undefined, name: string): unknown {
	if (!headers) return undefined;
	const getter = (headers as { get?: (key: string) => unknown }).get;
	const viaGetter = typeof getter === 'function' ? getter.call(headers, name) : undefined;
	return viaGetter ?? headers[name] ?? headers[name.toLowerCase()];
}

/** Reads a thrown error into an attempt failure; undefined when it is not about HTTP at all. */
export function attemptFailureFrom(
	error: unknown,
	api: SpaazaApiKind,
	now = Date.now(),
	/** The credential's secret values: the answer's text is scrubbed of them before it is cut. */
	secrets: readonly string[] = [],
): SpaazaAttemptError | undefined {
	// A cancelled execution is not a Spaaza failure: it must surface as the cancellation it is.
	if (isAbortError(error)) return undefined;
	const links = chain(error);
	const login = links.find(isSpaazaLoginError);
	if (login) {
		return new SpaazaAttemptError('login', {
			loginCode: login.loginCode,
			loginMessage: String(login.message),
			loginTransient: login.transient === true,
			retryAfterMs: login.retryAfterMs,
		});
	}
	const withResponse = links.find((link) => typeof link.response?.status === 'number');
	if (withResponse?.response) {
		const httpStatus = withResponse.response.status as number;
		const parsed = parseSpaazaResponse(withResponse.response.data, api, httpStatus, secrets);
		const failure: SpaazaApiFailure = parsed.ok
			? { kind: 'api', httpStatus, description: `Spaaza answered HTTP ${httpStatus}` }
			: parsed.failure;
		const retryAfterMs = RETRY_AFTER_STATUSES.includes(httpStatus)
			? parseRetryAfter(header(withResponse.response.headers, 'retry-after'), now)
			: undefined;
		return new SpaazaAttemptError('http', { httpStatus, failure, retryAfterMs });
	}
	const codes = links.map((link) => (typeof link.code === 'string' ? link.code : undefined));
	const messages = links.map((link) => (typeof link.message === 'string' ? link.message : ''));
	const timedOut =
		codes.includes('ETIMEDOUT') ||
		messages.some((message) => /timeout of \d+ms exceeded|timed out/i.test(message));
	if (timedOut) return new SpaazaAttemptError('timeout', { networkCode: 'ETIMEDOUT' });
	const networkCode =
		codes.find((code) => code !== undefined && RETRYABLE_NETWORK_CODES.includes(code)) ??
		(messages.some((message) => /socket hang up/i.test(message)) ? 'ECONNRESET' : undefined);
	if (networkCode) return new SpaazaAttemptError('network', { networkCode });
	if (links.some((link) => link.isAxiosError === true)) {
		return new SpaazaAttemptError('network', { networkCode: codes.find(Boolean) ?? 'UNKNOWN' });
	}
	return undefined;
}

/** Retry 429/502/503/504, timeouts and dropped connections; everything else is final. */
export function classifyAttempt(error: unknown): RetryDecision {
	if (!(error instanceof SpaazaAttemptError)) return { retry: false };
	const { kind, details } = error;
	if (kind === 'timeout') return { retry: true, reason: 'timeout' };
	if (kind === 'login') {
		return details.loginTransient
			? { retry: true, reason: 'login failed for now', retryAfterMs: details.retryAfterMs }
			: { retry: false };
	}
	if (kind === 'network') {
		const code = details.networkCode ?? '';
		return RETRYABLE_NETWORK_CODES.includes(code)
			? { retry: true, reason: `network ${code}` }
			: { retry: false };
	}
	if (
		kind === 'http' &&
		details.httpStatus !== undefined &&
		RETRYABLE_STATUSES.includes(details.httpStatus)
	) {
		return {
			retry: true,
			reason: `HTTP ${details.httpStatus}`,
			retryAfterMs: details.retryAfterMs,
		};
	}
	return { retry: false };
}

/**
 * Network failures that happen before a request is sent (no connection was made), so the request
 * certainly did not reach Spaaza.
 */
const UNSENT_NETWORK_CODES: readonly string[] = [
	'ECONNREFUSED',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENETDOWN',
	'EAI_AGAIN',
	'UND_ERR_CONNECT_TIMEOUT',
];

/** HTTP answers that say the request was not carried out: too many requests, unavailable. */
const UNSENT_STATUSES: readonly number[] = [429, 503];

/**
 * For requests that must not run twice: retry only where the request certainly did not take
 * effect (429, 503, no connection, a login that failed for now).
 */
export function classifyUnsentAttempt(error: unknown): RetryDecision {
	if (!(error instanceof SpaazaAttemptError)) return { retry: false };
	const { kind, details } = error;
	const unsent =
		kind === 'login' ||
		(kind === 'network' && UNSENT_NETWORK_CODES.includes(details.networkCode ?? '')) ||
		(kind === 'http' && UNSENT_STATUSES.includes(details.httpStatus ?? 0));
	return unsent ? classifyAttempt(error) : { retry: false };
}

/**
 * Whether Spaaza may have carried out a request whose attempt failed: no answer in time, a
 * connection dropped after sending, a gateway error (502/504) or a 500, or an answer that could
 * not be read. A refusal (4xx), 429, 503 or a failed connect means it did not.
 */
export function attemptMayHaveArrived(error: unknown): boolean {
	if (!(error instanceof SpaazaAttemptError)) return false;
	const { kind, details } = error;
	if (kind === 'timeout') return true;
	if (kind === 'network') return !UNSENT_NETWORK_CODES.includes(details.networkCode ?? '');
	if (kind !== 'http') return false;
	const status = details.httpStatus ?? 0;
	return (status >= 500 && !UNSENT_STATUSES.includes(status)) || (status >= 200 && status < 300);
}

export interface FailureContext {
	subject?: string;
	authentication: SpaazaAuthKind;
	chainId: number;
	host: string;
	retries: number;
	timeoutMs: number;
	/** The credential's secret values, removed from any server text in the error. */
	secrets?: readonly string[];
	/** The input item the request was made for. */
	itemIndex?: number;
}

interface Explained {
	code: SpaazaCode;
	message: string;
	advice?: string;
}

const NETWORK_WORDS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was dropped',
	ENOTFOUND: 'the host name is unknown',
	EAI_AGAIN: 'the host name could not be looked up',
};

function explainAuth(ctx: FailureContext, about: string): Explained {
	if (ctx.authentication === 'accessToken') {
		return {
			code: SPAAZA_CODES.AUTH_FAILED,
			message: `Spaaza rejected the access token${about}`,
			advice: `Check the Access Token ID and Access Token Secret of the Spaaza credential; the token must be active and scoped to chain ${ctx.chainId}.`,
		};
	}
	if (ctx.authentication === 'adminSession') {
		return {
			code: SPAAZA_CODES.AUTH_FAILED,
			message: `The Spaaza admin session has expired or is not valid${about}`,
			advice:
				'Put a new user ID and session key into the credential, or switch it to "Admin Login" so n8n logs in again by itself.',
		};
	}
	return {
		code: SPAAZA_CODES.AUTH_FAILED,
		message: `Spaaza rejected the admin session even after logging in again${about}`,
		advice: `Check that the user has access to chain ${ctx.chainId}. Spaaza keeps one session per user, so a login elsewhere with the same user ends this one; give n8n its own integration user.`,
	};
}

function explain(error: SpaazaAttemptError, ctx: FailureContext): Explained {
	const about = ctx.subject ? ` for ${ctx.subject}` : '';
	const { kind, details } = error;
	const tries = ctx.retries > 0 ? ` after ${ctx.retries + 1} attempts` : '';
	if (kind === 'timeout') {
		return {
			code: SPAAZA_CODES.REQUEST_TIMEOUT,
			message: `Spaaza did not answer within ${Math.round(ctx.timeoutMs / 1000)} s${about}${tries}`,
		};
	}
	if (kind === 'network') {
		const code = details.networkCode ?? 'UNKNOWN';
		return {
			code: SPAAZA_CODES.NETWORK,
			message: `Could not reach Spaaza at ${ctx.host}${about}: ${NETWORK_WORDS[code] ?? 'the connection failed'}${tries}`,
			advice: `Network error ${code.toLowerCase()}. Check the base URLs of the Spaaza credential.`,
		};
	}
	const failure = details.failure ?? { kind: 'api', description: 'Spaaza reported an error' };
	if (details.httpStatus === 401 || failure.spaazaErrorCode === SPAAZA_NO_VALID_SESSION) {
		return explainAuth(ctx, about);
	}
	if (details.httpStatus !== undefined && details.httpStatus >= 300 && details.httpStatus < 400) {
		return {
			code: SPAAZA_CODES.BAD_RESPONSE,
			message: `Spaaza answered with a redirect (HTTP ${details.httpStatus})${about}; it was not followed, so the credential was not sent anywhere else`,
			advice: `Check the base URLs of the Spaaza credential: use the exact https address of the Spaaza API (now ${ctx.host}).`,
		};
	}
	if (failure.kind === 'bad-response') {
		return {
			code: SPAAZA_CODES.BAD_RESPONSE,
			message: `Unexpected answer from Spaaza${about}: ${failure.description}`,
		};
	}
	if (details.httpStatus !== undefined && RETRYABLE_STATUSES.includes(details.httpStatus)) {
		return {
			code: SPAAZA_CODES.API_ERROR,
			message: `Spaaza is busy or unavailable (HTTP ${details.httpStatus})${about}${tries}: ${failure.description}`,
			advice: 'Lower the concurrency or raise Max Retries, or try again later.',
		};
	}
	return {
		code: SPAAZA_CODES.API_ERROR,
		message: `Spaaza rejected the request${about}: ${failure.description}`,
	};
}

/** The SpaazaError for a final attempt failure; it names the subject and carries Spaaza's facts. */
export function toSpaazaError(error: SpaazaAttemptError, context: FailureContext): SpaazaError {
	const { details } = error;
	const failure = details.failure;
	const explained: Explained =
		error.kind === 'login'
			? {
					code: details.loginCode ?? SPAAZA_CODES.AUTH_FAILED,
					message: details.loginMessage ?? 'Spaaza login failed',
				}
			: explain(error, context);
	const spaazaPart =
		failure?.spaazaErrorCode !== undefined
			? `Spaaza error ${failure.spaazaErrorCode}${failure.spaazaErrorName ? ` (${failure.spaazaErrorName})` : ''}`
			: '';
	const statusPart = details.httpStatus !== undefined ? `HTTP ${details.httpStatus}` : '';
	const facts = [spaazaPart, statusPart].filter(Boolean).join(', ');
	const secrets = context.secrets ?? [];
	const description = scrubSecrets(
		[
			facts ? `${facts}.` : '',
			failure?.details?.length ? `Details: ${failure.details.join('; ')}.` : '',
			explained.advice ?? '',
		]
			.filter(Boolean)
			.join(' '),
		secrets,
	);
	return new SpaazaError(explained.code, scrubSecrets(explained.message, secrets), {
		api: true,
		description,
		httpStatus: details.httpStatus,
		spaazaErrorCode: failure?.spaazaErrorCode,
		spaazaErrorName:
			failure?.spaazaErrorName !== undefined
				? scrubSecrets(failure.spaazaErrorName, secrets)
				: undefined,
		subject: context.subject || undefined,
		retries: context.retries,
		itemIndex: context.itemIndex,
	});
}
