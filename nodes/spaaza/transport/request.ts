/**
 * The only code that talks HTTP to Spaaza: the credential applied by its own type, per-request
 * timeout, retries with backoff, envelopes unwrapped, failures turned into coded SpaazaErrors.
 * Requests go through n8n's httpRequestWithAuthentication (authenticated.ts).
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { getSpaazaConnection, type SpaazaConnection } from './connection';
import { SPAAZA_CODES, SpaazaError } from '../../core/errors';
import {
	BACKOFF_BASE_MS,
	BACKOFF_CAP_MS,
	DEFAULT_MAX_RETRIES,
	DEFAULT_TIMEOUT_MS,
	RETRY_AFTER_JITTER_MS,
	HEADER_SESSION_CHAIN_ID,
	RETRY_AFTER_MAX_MS,
	SPAAZA_CREDENTIAL,
} from './constants';
import { parseSpaazaResponse, type SpaazaApiKind, type SpaazaWarning } from './envelope';
import {
	SpaazaAttemptError,
	attemptFailureFrom,
	attemptMayHaveArrived,
	classifyAttempt,
	classifyUnsentAttempt,
	isAbortError,
	toSpaazaError,
} from './failure';
import { SpaazaClientError } from './answer';
import { sendAuthenticated } from './authenticated';
import { withRetry, type RetryInfo } from './retry';
import { secretValues } from './scrub';

export { downloadPresignedFile, type PresignedDownload } from './download';

/** Timing knobs for tests and benchmarks; nodes leave them at the defaults in constants.ts. */
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
	/** Stops retries and backoff at once; default: the execution's cancel signal. */
	abortSignal?: AbortSignal;
	/** What the request concerns, for error messages: 'product PROD001 (productlist_….csv line 3)'. */
	subject?: string;
	onRetry?: (info: RetryInfo) => void;
	retryTiming?: SpaazaRetryTiming;
	/** The credential read once by a caller sending many requests (saves a read per request). */
	connection?: SpaazaConnection;
	/**
	 * The chain the node works on (see resolveChain); sent as `X-Spaaza-Session-Chain-Id` with admin
	 * sessions and named in error advice. Default: the credential's chain.
	 */
	chainId?: number;
	/**
	 * For calls that must not run twice (creating or executing a task): retry only failures where
	 * the request certainly did not take effect.
	 */
	notIdempotent?: boolean;
	/**
	 * Gets the warnings of the successful answer (docs/spaaza-api.md §8.1: a success may carry
	 * `warnings[]`): at most MAX_WARNINGS of them, and how many there were.
	 */
	onWarnings?: (warnings: SpaazaWarning[], count: number) => void;
}

/** Errors thrown after a request of which some attempt may have been carried out unanswered. */
const uncertainFailures = new WeakSet<object>();

/**
 * Whether a failed request may have taken effect: one of its attempts got no answer in time, lost
 * its connection after sending, or met a 502/504/500. Spaaza refusing a later retry then says
 * nothing about the first attempt.
 */
export function requestMayHaveArrived(error: unknown): boolean {
	return typeof error === 'object' && error !== null && uncertainFailures.has(error);
}

function adminAuthRequired(subject: string | undefined, itemIndex: number): SpaazaError {
	return new SpaazaError(
		SPAAZA_CODES.ADMIN_AUTH_REQUIRED,
		`Spaaza accepts only admin authentication${subject ? ` for ${subject}` : ' here'}: an access token cannot create or update products and variants`,
		{
			description:
				'Switch the Spaaza credential to "Admin Login" (username and password of a 2FA-exempt integration user) or "Admin Session".',
			itemIndex,
		},
	);
}

/**
 * A deadline for one whole attempt. axios's `timeout` is an idle-socket timer that restarts with
 * every byte, so a server trickling bytes would hold the run forever; this one does not restart.
 */
function attemptDeadline(
	timeoutMs: number,
	signal: AbortSignal | undefined,
): { signal: AbortSignal; expired: () => boolean } {
	// AbortSignal.timeout's timer is unref'd and needs no clean-up, and nodes keep no raw timers.
	const deadline = AbortSignal.timeout(timeoutMs);
	return {
		signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
		expired: () => deadline.aborted && !signal?.aborted,
	};
}

/** An answer the client stopped reading at MAX_RESPONSE_BYTES: not a Spaaza envelope. */
function tooLarge(error: unknown): SpaazaAttemptError | undefined {
	if (!(error instanceof SpaazaClientError) || error.code !== 'ERESPONSETOOLARGE') return undefined;
	return new SpaazaAttemptError('http', {
		failure: { kind: 'bad-response', description: error.message },
	});
}

/**
 * The credential's secret values, for scrubbing server text that a node puts on an item or into
 * an error (a task's log, a download URL). Read when needed, never kept.
 */
export async function credentialSecrets(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<string[]> {
	return secretValues(
		await ctx.getCredentials(SPAAZA_CREDENTIAL, itemIndex).catch(() => undefined),
	);
}

/** What one attempt needs besides the caller's options, the same for every attempt. */
interface AttemptSetup {
	url: string;
	headers: IDataObject;
	timeoutMs: number;
	/** The caller's or the execution's cancel signal. */
	signal?: AbortSignal;
	/** The credential's secret values, read only when a failure's text needs scrubbing. */
	secrets: () => Promise<string[]>;
}

/** One try of the request: send it with the credential, unwrap Spaaza's envelope, hand on warnings. */
async function sendAttempt<T>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: SpaazaRequestOptions,
	setup: AttemptSetup,
): Promise<T> {
	// Built fresh each time: the credential's authenticate returns changed copies of it.
	const request: IHttpRequestOptions = {
		method: options.method,
		url: setup.url,
		headers: { ...setup.headers },
		json: true,
		timeout: setup.timeoutMs,
		// A redirect would carry the session headers (and the body) to wherever it points;
		// Spaaza's API does not redirect, so a 3xx is reported instead of followed.
		disableFollowRedirect: true,
		...(options.qs ? { qs: { ...options.qs } } : {}),
		...(options.body && options.method !== 'GET' ? { body: { ...options.body } } : {}),
	};
	const { signal } = setup;
	let body: unknown;
	const deadline = attemptDeadline(setup.timeoutMs, signal);
	try {
		body = await sendAuthenticated(ctx, itemIndex, request, deadline.signal);
	} catch (error) {
		// A cancelled run also closes its connections; what that does to this request is noise.
		if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : error;
		const attemptFailure = deadline.expired()
			? new SpaazaAttemptError('timeout', { networkCode: 'ETIMEDOUT' })
			: (tooLarge(error) ??
				attemptFailureFrom(error, options.api, Date.now(), await setup.secrets()));
		throw attemptFailure ?? error;
	}
	const parsed = parseSpaazaResponse(body, options.api, 200);
	if (!parsed.ok) {
		// Read again with the secrets, so Spaaza's words are scrubbed before they are cut short.
		const failure = parseSpaazaResponse(body, options.api, 200, await setup.secrets());
		throw new SpaazaAttemptError('http', {
			httpStatus: 200,
			failure: failure.ok ? parsed.failure : failure.failure,
		});
	}
	if (parsed.warnings && options.onWarnings) {
		// Warnings reach an output item: read again with the secrets, scrubbed before they are cut.
		const scrubbed = parseSpaazaResponse(body, options.api, 200, await setup.secrets());
		const read = scrubbed.ok ? scrubbed : parsed;
		const warnings = read.warnings ?? [];
		options.onWarnings(warnings, read.warningCount ?? warnings.length);
	}
	return parsed.data as T;
}

/**
 * Sends one request to Spaaza with retries. A failure is thrown as a SpaazaError (the item loop
 * shows it, nodes/shell/itemLoop.ts) naming `itemIndex`; a cancellation, or an error n8n raised
 * before any request (no credential, bad expression), passes through as it is.
 */
export async function spaazaRequest<T = IDataObject>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: SpaazaRequestOptions,
): Promise<T> {
	const connection = options.connection ?? (await getSpaazaConnection(ctx, itemIndex));
	if (options.requireAdmin && connection.authentication === 'accessToken') {
		throw adminAuthRequired(options.subject, itemIndex);
	}
	const baseUrl = options.api === 'api' ? connection.apiBaseUrl : connection.servicesBaseUrl;
	const chainId = options.chainId ?? connection.chainId;
	const headers: IDataObject = { Accept: 'application/json' };
	// The credential sends the chain header for admin sessions; this one wins, so the header names
	// the chain the body does (docs/spaaza-api.md §1.4).
	if (connection.authentication !== 'accessToken')
		headers[HEADER_SESSION_CHAIN_ID] = String(chainId);
	const setup: AttemptSetup = {
		url: `${baseUrl}${options.path}`,
		headers,
		timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		// Every wait (backoff, Retry-After) ends on cancel, also for callers that pass no signal.
		signal: options.abortSignal ?? ctx.getExecutionCancelSignal?.(),
		// Read only when an attempt fails, not kept around: only a failure's text needs scrubbing.
		secrets: async () => await credentialSecrets(ctx, itemIndex),
	};
	const timing = options.retryTiming ?? {};
	const pause = timing.sleep ?? sleep;
	const classify = options.notIdempotent ? classifyUnsentAttempt : classifyAttempt;
	let retries = 0;
	let mayHaveArrived = false;

	let failure: unknown;
	try {
		return await withRetry(async () => await sendAttempt<T>(ctx, itemIndex, options, setup), {
			maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
			classify: (error) => {
				if (attemptMayHaveArrived(error)) mayHaveArrived = true;
				return classify(error);
			},
			baseMs: timing.baseMs ?? BACKOFF_BASE_MS,
			capMs: timing.capMs ?? BACKOFF_CAP_MS,
			maxRetryAfterMs: timing.maxRetryAfterMs ?? RETRY_AFTER_MAX_MS,
			retryAfterJitterMs: RETRY_AFTER_JITTER_MS,
			random: timing.random,
			sleep: async (ms) => await pause(ms, setup.signal),
			signal: setup.signal,
			onRetry: (info) => {
				retries = info.attempt;
				ctx.logger.debug('Spaaza request retried', { path: options.path, ...info });
				options.onRetry?.(info);
			},
		});
	} catch (error) {
		failure = error;
	}
	if (!(failure instanceof SpaazaAttemptError) || isAbortError(failure)) throw failure;
	const spaazaError = toSpaazaError(failure, {
		secrets: await setup.secrets(),
		subject: options.subject,
		authentication: connection.authentication,
		chainId,
		host: new URL(baseUrl).host,
		retries,
		timeoutMs: setup.timeoutMs,
		itemIndex,
	});
	if (mayHaveArrived) uncertainFailures.add(spaazaError);
	throw spaazaError;
}
