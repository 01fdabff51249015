/**
 * The only code that talks HTTP to Spaaza: auth through n8n's credential helper, per-request
 * timeout, retries with backoff, envelopes unwrapped, failures turned into NodeApiErrors.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import { getSpaazaConnection } from '../connection';
import { SPAAZA_CODES } from '../errors';
import {
	BACKOFF_BASE_MS,
	BACKOFF_CAP_MS,
	DEFAULT_MAX_RETRIES,
	DEFAULT_TIMEOUT_MS,
	RETRY_AFTER_JITTER_MS,
	RETRY_AFTER_MAX_MS,
	SPAAZA_CREDENTIAL,
} from './constants';
import { parseSpaazaResponse, type SpaazaApiKind } from './envelope';
import {
	SpaazaAttemptError,
	attemptFailureFrom,
	classifyAttempt,
	isAbortError,
	toSpaazaNodeError,
} from './failure';
import { withRetry, type RetryInfo } from './retry';

export { downloadPresignedFile, type PresignedDownload } from './download';

/** Timing knobs for tests and benchmarks; nodes leave them at the SPEC values. */
export interface SpaazaRetryTiming {
	baseMs?: number;
	capMs?: number;
	maxRetryAfterMs?: number;
	random?: () => number;
	sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface SpaazaRequestOptions {
	api: SpaazaApiKind;
	method: 'GET' | 'POST' | 'DELETE';
	/** '/internal/add-product', '/tasks/12' */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** Spaaza permits only admin auth here: a token credential fails at once. */
	requireAdmin?: boolean;
	/** Per request; default 30 s. */
	timeoutMs?: number;
	/** Default 5. */
	maxRetries?: number;
	/** Stops retries and backoff at once. */
	abortSignal?: AbortSignal;
	/** What the request concerns, for error messages: 'product PROD001 (productlist_….csv line 3)'. */
	subject?: string;
	onRetry?: (info: RetryInfo) => void;
	retryTiming?: SpaazaRetryTiming;
}

function adminAuthRequired(
	ctx: IExecuteFunctions,
	itemIndex: number,
	subject?: string,
): NodeOperationError {
	const error = new NodeOperationError(
		ctx.getNode(),
		`Spaaza accepts only admin authentication${subject ? ` for ${subject}` : ' here'}: product and variant upserts cannot use an access token`,
		{
			itemIndex,
			description: `Switch the Spaaza credential to "Admin Login" (username and password of a 2FA-exempt integration user) or "Admin Session". Error code: ${SPAAZA_CODES.ADMIN_AUTH_REQUIRED}.`,
		},
	);
	error.context.code = SPAAZA_CODES.ADMIN_AUTH_REQUIRED;
	return error;
}

/** Settles with the request, or rejects as soon as `signal` aborts (the request itself runs on). */
async function untilAborted<T>(request: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
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

export async function spaazaRequest<T = IDataObject>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: SpaazaRequestOptions,
): Promise<T> {
	const connection = await getSpaazaConnection(ctx, itemIndex);
	if (options.requireAdmin && connection.authentication === 'accessToken') {
		throw adminAuthRequired(ctx, itemIndex, options.subject);
	}
	const baseUrl = options.api === 'api' ? connection.apiBaseUrl : connection.servicesBaseUrl;
	const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	const timing = options.retryTiming ?? {};
	const signal = options.abortSignal;
	const pause = timing.sleep ?? sleep;
	let retries = 0;

	const attempt = async (): Promise<T> => {
		// Built fresh each time: n8n's helper mutates the options it is given.
		const request: IHttpRequestOptions = {
			method: options.method,
			url: `${baseUrl}${options.path}`,
			headers: { Accept: 'application/json' },
			json: true,
			timeout: timeoutMs,
			...(options.qs ? { qs: { ...options.qs } } : {}),
			...(options.body && options.method !== 'GET' ? { body: { ...options.body } } : {}),
		};
		let body: unknown;
		try {
			body = await untilAborted(
				ctx.helpers.httpRequestWithAuthentication.call(ctx, SPAAZA_CREDENTIAL, request),
				signal,
			);
		} catch (error) {
			throw attemptFailureFrom(error, options.api) ?? error;
		}
		const parsed = parseSpaazaResponse(body, options.api, 200);
		if (!parsed.ok)
			throw new SpaazaAttemptError('http', { httpStatus: 200, failure: parsed.failure });
		return parsed.data as T;
	};

	let failure: unknown;
	try {
		return await withRetry(attempt, {
			maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
			classify: classifyAttempt,
			baseMs: timing.baseMs ?? BACKOFF_BASE_MS,
			capMs: timing.capMs ?? BACKOFF_CAP_MS,
			maxRetryAfterMs: timing.maxRetryAfterMs ?? RETRY_AFTER_MAX_MS,
			retryAfterJitterMs: RETRY_AFTER_JITTER_MS,
			random: timing.random,
			sleep: async (ms) => await pause(ms, signal),
			signal,
			onRetry: (info) => {
				retries = info.attempt;
				ctx.logger.debug('Spaaza request retried', { path: options.path, ...info });
				options.onRetry?.(info);
			},
		});
	} catch (error) {
		failure = error;
	}
	if (failure instanceof SpaazaAttemptError && !isAbortError(failure)) {
		throw toSpaazaNodeError(ctx, itemIndex, failure, {
			subject: options.subject,
			authentication: connection.authentication,
			chainId: connection.chainId,
			host: new URL(baseUrl).host,
			retries,
			timeoutMs,
		});
	}
	// A cancellation, or an error n8n raised before any request (no credential, bad expression),
	// passes through unchanged: it holds no request data.
	throw failure;
}
