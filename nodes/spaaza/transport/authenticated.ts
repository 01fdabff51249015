/**
 * One authenticated request through n8n's own helper, `httpRequestWithAuthentication`: n8n applies
 * the credential (its type's `authenticate`), runs the login (`preAuthentication`, which stores the
 * session), its proxy settings, custom CAs and SSRF policy. The login itself goes through n8n's
 * `httpRequest`. What this file adds on top: the attempt's deadline as the request's abort signal,
 * the answer read as a stream and only up to MAX_RESPONSE_BYTES, no redirect followed, and the
 * re-login after an expired session done once, as the transport decides.
 *
 * n8n 2.40's helper builds new agents for every request, so every request opens its own
 * connection (docs/PERFORMANCE.md, "Connections").
 */
import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { SESSION_TOKEN_FIELD } from './authenticate';
import { resolveBaseUrls } from './connection';
import { SPAAZA_CREDENTIAL } from './constants';
import { readBounded } from './answer';
import { untilAborted } from './deadline';
import { sessionNewerThan } from './login';

/** The hidden field n8n treats as expirable (typeOptions.expirable) on the credential type. */
const EXPIRABLE: string = SESSION_TOKEN_FIELD;

/**
 * The credential as this node run last read it. n8n's getCredentials queries the database, checks
 * policies and decrypts on every call, which in real n8n added milliseconds to every request; so it
 * is read once per node run, as most n8n nodes read theirs once per execute, and handed to n8n's
 * helper with each request. After a login the new session is kept here for the next requests.
 */
const credentialReads = new WeakMap<IExecuteFunctions, Promise<ICredentialDataDecryptedObject>>();

async function readCredentials(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<ICredentialDataDecryptedObject> {
	let read = credentialReads.get(ctx);
	if (!read) {
		const reading = ctx.getCredentials(SPAAZA_CREDENTIAL, itemIndex);
		read = reading;
		credentialReads.set(ctx, reading);
		// A failed read (no credential selected, say) is not kept: the next request asks n8n again.
		reading.catch(() => {
			if (credentialReads.get(ctx) === reading) credentialReads.delete(ctx);
		});
	}
	return await read;
}

/** After a login: the session it brought, for the next requests of this node run. */
function rememberSession(
	ctx: IExecuteFunctions,
	credentials: ICredentialDataDecryptedObject,
	session: unknown,
): void {
	if (typeof session !== 'string' || session === '' || session === credentials[EXPIRABLE]) return;
	credentialReads.set(ctx, Promise.resolve({ ...credentials, [EXPIRABLE]: session }));
}

/** A non-2xx answer, shaped like the axios error the failure reader knows. */
class StatusError extends Error {
	readonly response: { status: number; headers: Record<string, unknown>; data: unknown };

	constructor(status: number, headers: Record<string, unknown>, data: unknown) {
		super(`Request failed with status code ${status}`);
		this.name = 'SpaazaStatusError';
		this.response = { status, headers, data };
	}
}

function parseBody(text: string): unknown {
	if (text === '') return text;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		// Not JSON (an HTML error page): the envelope reader reports it with a snippet.
		return text;
	}
}

/** `request` as sent: the answer streamed (read bounded here), no status thrown, no redirect. */
function streamed(request: IHttpRequestOptions): IHttpRequestOptions {
	return {
		...request,
		headers: { ...(request.headers ?? {}) },
		encoding: 'stream',
		returnFullResponse: true,
		// Every status is read here (bounded), and a 401 handled by sendAuthenticated below.
		ignoreHttpStatusErrors: true,
		// A redirect would carry the session headers (and the body) to wherever it points.
		disableFollowRedirect: true,
	};
}

/**
 * `ctx` as n8n's helper sees it: `signal` as the cancel signal (n8n replaces any abortSignal in the
 * options with the execution's, so the attempt's deadline goes in here), and the credential's
 * login sent through n8n's `httpRequest` with the execution's cancel signal as well as its own
 * deadline (n8n hands `this.helpers` to preAuthentication).
 */
function helperContext(ctx: IExecuteFunctions, signal: AbortSignal): IExecuteFunctions {
	const cancel = ctx.getExecutionCancelSignal?.();
	const login = async (options: IHttpRequestOptions): Promise<unknown> => {
		const signals = [options.abortSignal, cancel].filter(
			(each): each is AbortSignal => each !== undefined,
		);
		const abortSignal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
		return await ctx.helpers.httpRequest({ ...options, ...(abortSignal ? { abortSignal } : {}) });
	};
	const helpers = new Proxy(ctx.helpers, {
		get(target, property) {
			if (property === 'httpRequest') return login;
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function'
				? (value as (...args: unknown[]) => unknown).bind(target)
				: value;
		},
	});
	return new Proxy(ctx, {
		get(target, property) {
			if (property === 'getExecutionCancelSignal') return () => signal;
			if (property === 'helpers') return helpers;
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function'
				? (value as (...args: unknown[]) => unknown).bind(target)
				: value;
		},
	});
}

/**
 * One request through n8n's helper with `credentials` (n8n logs in first when the session field
 * is empty, and stores the session). Resolves with the parsed body; a non-2xx answer is thrown as
 * a StatusError with its parsed body. n8n's own retry after a 401 is off: sendAuthenticated
 * decides that.
 */
async function viaN8n(
	ctx: IExecuteFunctions,
	credentials: ICredentialDataDecryptedObject,
	request: IHttpRequestOptions,
	signal: AbortSignal,
): Promise<unknown> {
	// n8n writes the new session into this copy (preAuthentication); it is kept for the next request.
	const data = { ...credentials };
	const options: IAdditionalCredentialOptions = {
		credentialsDecrypted: { id: '', name: '', type: SPAAZA_CREDENTIAL, data },
		preAuthenticationRetryStatusCode: [],
	};
	let answer: IN8nHttpFullResponse;
	try {
		answer = (await untilAborted(
			ctx.helpers.httpRequestWithAuthentication.call(
				helperContext(ctx, signal),
				SPAAZA_CREDENTIAL,
				streamed(request),
				options,
			),
			signal,
		)) as IN8nHttpFullResponse;
	} finally {
		rememberSession(ctx, credentials, data[EXPIRABLE]);
	}
	const body = parseBody(await readBounded(answer.body, signal));
	const status = answer.statusCode;
	if (status >= 200 && status < 300) return body;
	throw new StatusError(status, (answer.headers ?? {}) as Record<string, unknown>, body);
}

/**
 * n8n's answer to a 401 for "Admin Login": a new session, then the request once more. A session
 * someone else in this process got since is used as it is; otherwise n8n's helper logs in (and
 * stores the session) with the expired one blanked, so it does not send the request with it again,
 * and does not log in a second time if the new session is refused too.
 */
async function afterExpiry(
	ctx: IExecuteFunctions,
	credentials: ICredentialDataDecryptedObject,
	request: IHttpRequestOptions,
	signal: AbortSignal,
): Promise<unknown> {
	const stale = String(credentials[EXPIRABLE] ?? '');
	const newer = sessionNewerThan(credentials, resolveBaseUrls(credentials).apiBaseUrl, stale);
	const session = newer === undefined ? '' : await newer;
	return await viaN8n(ctx, { ...credentials, [EXPIRABLE]: session }, request, signal);
}

/**
 * Sends `request` with the Spaaza credential applied, through n8n's helper; resolves with the
 * parsed body. `signal` is the attempt's deadline and cancel signal.
 *
 * A request without a session logs in first (n8n's helper runs preAuthentication). Spaaza
 * answering 401 to "Admin Login" with a stored session gets one new session and one more try;
 * with the other methods the same request is sent once more, as n8n's helper does.
 */
export async function sendAuthenticated(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: IHttpRequestOptions,
	signal: AbortSignal,
): Promise<unknown> {
	const credentials = await readCredentials(ctx, itemIndex);
	let failure: unknown;
	try {
		return await viaN8n(ctx, credentials, request, signal);
	} catch (error) {
		failure = error;
	}
	if (!(failure instanceof StatusError) || failure.response.status !== 401) throw failure;
	if (credentials.authentication === 'adminLogin') {
		// A session that a login of this very request brought is not renewed at once.
		if (!credentials[EXPIRABLE]) throw failure;
		return await afterExpiry(ctx, credentials, request, signal);
	}
	return await viaN8n(ctx, credentials, request, signal);
}
