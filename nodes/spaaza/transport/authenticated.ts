/**
 * One authenticated request over the run's keep-alive connections, with the credential applied the
 * way n8n's `httpRequestWithAuthentication` applies it: read for the request, the type's own
 * `authenticate` sets the headers, and a login (`preAuthentication`) is left to n8n's helper so n8n
 * stores the session as before. The login itself goes over the run's connections too.
 */
import { createHash } from 'node:crypto';
import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	NodeEgressFilter,
} from 'n8n-workflow';
import { applySpaazaCredential, SESSION_TOKEN_FIELD } from './authenticate';
import { resolveBaseUrls } from './connection';
import { SpaazaClientError, SpaazaHttpClient, type ClientResponse } from './client';
import { DEFAULT_TIMEOUT_MS, SPAAZA_CREDENTIAL } from './constants';
import { untilAborted } from './deadline';
import { sessionNewerThan } from './login';

/** The hidden field n8n treats as expirable (typeOptions.expirable) on the credential type. */
const EXPIRABLE: string | undefined = SESSION_TOKEN_FIELD;

interface RunScope {
	client: SpaazaHttpClient;
	egress?: NodeEgressFilter;
	allowedOrigins: Set<string>;
	watched: WeakSet<AbortSignal>;
}

/** Runs whose connections are open; the oldest is forgotten (its idle sockets close by themselves). */
const scopes = new Map<string, RunScope>();
const MAX_SCOPES = 32;

function fingerprint(credentials: ICredentialDataDecryptedObject): string {
	const entries = Object.entries(credentials)
		.filter(([name]) => name !== EXPIRABLE)
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return createHash('sha256').update(JSON.stringify(entries)).digest('hex');
}

function egressFilter(ctx: IExecuteFunctions): NodeEgressFilter | undefined {
	// Older n8n versions have no egress filter: there the helper had no policy to keep either.
	const helpers = ctx.helpers as Partial<IExecuteFunctions['helpers']>;
	return typeof helpers.getSecureEgressFilter === 'function'
		? helpers.getSecureEgressFilter()
		: undefined;
}

interface CredentialRead {
	credentials: ICredentialDataDecryptedObject;
	fingerprint: string;
}

/**
 * The credential as this node run last read it. n8n's getCredentials queries the database, checks
 * policies and decrypts on every call, which in real n8n added milliseconds to every request; so it
 * is read once per node run, as most n8n nodes read theirs once per execute, and read again after
 * a login stored a new session (a session this process obtained meanwhile is used directly).
 */
const credentialReads = new WeakMap<IExecuteFunctions, Promise<CredentialRead>>();

async function readCredentials(ctx: IExecuteFunctions, itemIndex: number): Promise<CredentialRead> {
	let read = credentialReads.get(ctx);
	if (!read) {
		const reading = ctx
			.getCredentials(SPAAZA_CREDENTIAL, itemIndex)
			.then((credentials) => ({ credentials, fingerprint: fingerprint(credentials) }));
		read = reading;
		credentialReads.set(ctx, reading);
		// A failed read (no credential selected, say) is not kept: the next request asks n8n again.
		reading.catch(() => {
			if (credentialReads.get(ctx) === reading) credentialReads.delete(ctx);
		});
	}
	return await read;
}

/** After a login: the session n8n stored, or the one given, for the next request of this run. */
function rememberSession(ctx: IExecuteFunctions, read: CredentialRead, session?: string): void {
	if (session === undefined || EXPIRABLE === undefined) credentialReads.delete(ctx);
	else
		credentialReads.set(
			ctx,
			Promise.resolve({ ...read, credentials: { ...read.credentials, [EXPIRABLE]: session } }),
		);
}

/** The connections of this execution for this credential; a cancelled execution closes them. */
function runScope(ctx: IExecuteFunctions, read: CredentialRead): RunScope {
	const key = `${ctx.getExecutionId?.() ?? ''}\n${read.fingerprint}`;
	let scope = scopes.get(key);
	if (scope) {
		scopes.delete(key);
	} else {
		const egress = egressFilter(ctx);
		scope = {
			client: new SpaazaHttpClient(egress?.createSecureLookup()),
			egress,
			allowedOrigins: new Set(),
			watched: new WeakSet(),
		};
		for (const oldest of scopes.keys()) {
			if (scopes.size < MAX_SCOPES) break;
			scopes.delete(oldest);
		}
	}
	scopes.set(key, scope);
	// Every cancel signal that reaches the scope closes it (a signal is per execution).
	const cancel = ctx.getExecutionCancelSignal?.();
	if (cancel && !scope.watched.has(cancel)) {
		scope.watched.add(cancel);
		const current = scope;
		const close = () => {
			current.client.close();
			if (scopes.get(key) === current) scopes.delete(key);
		};
		if (cancel.aborted) close();
		else cancel.addEventListener('abort', close, { once: true });
	}
	return scope;
}

/** A non-2xx answer, shaped like the axios error the failure reader knows. */
class StatusError extends Error {
	readonly response: { status: number; headers: Record<string, unknown>; data: unknown };

	constructor(answer: ClientResponse, data: unknown) {
		super(`Request failed with status code ${answer.status}`);
		this.name = 'SpaazaStatusError';
		this.response = { status: answer.status, headers: answer.headers, data };
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

function headerValues(headers: IDataObject | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers ?? {})) {
		if (value !== undefined && value !== null) out[name] = String(value);
	}
	return out;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
	return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** IHttpRequestOptions (the subset the Spaaza nodes and the login use) over the client. */
async function send(
	scope: RunScope,
	options: IHttpRequestOptions,
	signal: AbortSignal | undefined,
): Promise<unknown> {
	const url = new URL(options.url, options.baseURL);
	for (const [name, value] of Object.entries(options.qs ?? {})) {
		if (value !== undefined && value !== null) url.searchParams.append(name, String(value));
	}
	if (scope.egress && !scope.allowedOrigins.has(url.origin)) {
		// n8n's outbound network policy, checked once per host and run (the lookup checks every
		// connection's address as well).
		const verdict = await scope.egress.validateUrl(url);
		if (!verdict.ok) throw verdict.error;
		scope.allowedOrigins.add(url.origin);
	}
	const headers = headerValues(options.headers);
	if (options.json && !hasHeader(headers, 'accept')) headers.Accept = 'application/json';
	let body: string | undefined;
	const raw = options.body;
	if (raw instanceof URLSearchParams) {
		body = raw.toString();
		if (!hasHeader(headers, 'content-type'))
			headers['Content-Type'] = 'application/x-www-form-urlencoded';
	} else if (typeof raw === 'string') {
		body = raw;
	} else if (raw !== undefined && raw !== null && options.method !== 'GET') {
		body = JSON.stringify(raw);
		if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
	}
	const answer = await scope.client.send({
		method: options.method ?? 'GET',
		url,
		headers,
		body,
		signal,
	});
	const data = parseBody(answer.body);
	const ok = answer.status >= 200 && answer.status < 300;
	if (!ok && !options.ignoreHttpStatusErrors) throw new StatusError(answer, data);
	return options.returnFullResponse
		? { body: data, headers: answer.headers, statusCode: answer.status }
		: data;
}

/** The httpRequest the credential's login gets: over the run's connections, with its own deadline. */
function loginRequest(scope: RunScope, cancel: AbortSignal | undefined) {
	return async (options: IHttpRequestOptions): Promise<unknown> => {
		// The login's own deadline, not one request's: several requests may wait for it.
		const deadline = AbortSignal.timeout(options.timeout ?? DEFAULT_TIMEOUT_MS);
		let failure: unknown;
		try {
			return await send(scope, options, cancel ? AbortSignal.any([cancel, deadline]) : deadline);
		} catch (error) {
			failure = error;
		}
		// Said as a timeout, which the login treats as "Spaaza is unreachable for now".
		if (deadline.aborted && !cancel?.aborted)
			throw new SpaazaClientError('The login timed out', 'ETIMEDOUT');
		throw failure;
	};
}

/**
 * `ctx` as n8n's helper sees it: `signal` as the cancel signal (n8n replaces any abortSignal in the
 * options with the execution's, so the deadline goes in here), and the credential's login sent
 * over this run's connections (n8n hands `this.helpers` to preAuthentication).
 */
function helperContext(
	ctx: IExecuteFunctions,
	scope: RunScope,
	signal: AbortSignal,
): IExecuteFunctions {
	const cancel = ctx.getExecutionCancelSignal?.();
	const helpers = new Proxy(ctx.helpers, {
		get(target, property) {
			if (property === 'httpRequest') return loginRequest(scope, cancel);
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
 * Through n8n's own helper: it runs the credential's preAuthentication (the login, over this
 * run's connections) and stores the new session, where the next read of the credential finds it.
 */
async function viaN8n(
	ctx: IExecuteFunctions,
	scope: RunScope,
	request: IHttpRequestOptions,
	signal: AbortSignal,
	options?: IAdditionalCredentialOptions,
): Promise<unknown> {
	return await untilAborted(
		ctx.helpers.httpRequestWithAuthentication.call(
			helperContext(ctx, scope, signal),
			SPAAZA_CREDENTIAL,
			{ ...request, headers: { ...(request.headers ?? {}) } },
			options,
		),
		signal,
	);
}

/**
 * n8n's answer to a 401 for "Admin Login": a new session, then the request once more. A session
 * someone else in this process got since is used as it is; otherwise n8n's helper logs in (and
 * stores the session) with the expired one blanked, so it does not send the request with it again,
 * and does not log in a second time if the new session is refused too.
 */
async function afterExpiry(
	ctx: IExecuteFunctions,
	scope: RunScope,
	read: CredentialRead,
	request: IHttpRequestOptions,
	signal: AbortSignal,
): Promise<unknown> {
	const { credentials } = read;
	const stale = String(credentials[EXPIRABLE ?? ''] ?? '');
	const newer = sessionNewerThan(credentials, resolveBaseUrls(credentials).apiBaseUrl, stale);
	if (newer !== undefined) {
		const session = await newer;
		rememberSession(ctx, read, session);
		const renewed = { ...credentials, [EXPIRABLE ?? '']: session };
		return await send(scope, await authenticated(renewed, request), signal);
	}
	try {
		return await viaN8n(ctx, scope, request, signal, {
			credentialsDecrypted: {
				id: '',
				name: '',
				type: SPAAZA_CREDENTIAL,
				data: { ...credentials, [EXPIRABLE ?? '']: '' },
			},
			preAuthenticationRetryStatusCode: [],
		});
	} finally {
		rememberSession(ctx, read);
	}
}

async function authenticated(
	credentials: ICredentialDataDecryptedObject,
	request: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	return await Promise.resolve(applySpaazaCredential(credentials, request));
}

/**
 * Sends `request` with the Spaaza credential applied; resolves with the parsed body. `signal` is
 * the attempt's deadline and cancel signal.
 *
 * A request that needs a login (no session yet, or Spaaza answered 401) goes through n8n's
 * helper, which logs in and stores the session exactly as before; all others go over the run's
 * connections with the credential type's `authenticate`.
 */
export async function sendAuthenticated(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: IHttpRequestOptions,
	signal: AbortSignal,
): Promise<unknown> {
	const read = await readCredentials(ctx, itemIndex);
	const { credentials } = read;
	const scope = runScope(ctx, read);
	// Only "Admin Login" logs in (preAuthentication returns nothing for the other methods).
	const logsIn = credentials.authentication === 'adminLogin';
	const session = EXPIRABLE === undefined ? 'none' : credentials[EXPIRABLE];
	if (logsIn && (session === '' || session === undefined)) {
		try {
			return await viaN8n(ctx, scope, request, signal);
		} finally {
			rememberSession(ctx, read);
		}
	}
	let failure: unknown;
	try {
		return await send(scope, await authenticated(credentials, request), signal);
	} catch (error) {
		failure = error;
	}
	if (!(failure instanceof StatusError) || failure.response.status !== 401) throw failure;
	if (logsIn) return await afterExpiry(ctx, scope, read, request, signal);
	// As n8n's helper does for a 401 with the other methods: the same request once more.
	return await send(scope, await authenticated(credentials, request), signal);
}

/** Test hook: closes and forgets every run's connections. */
export function closeAllConnections(): void {
	for (const scope of scopes.values()) scope.client.close();
	scopes.clear();
}
