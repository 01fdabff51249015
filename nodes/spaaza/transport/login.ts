/**
 * Admin login for the `adminLogin` credential method (docs/spaaza-api.md §1.3), run by n8n through the
 * credential's `preAuthentication`. Lives here so the credential file stays declarative.
 */
import { createHash } from 'node:crypto';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';
import { SPAAZA_CODES, type SpaazaCode } from '../../core/errors';
import {
	DEFAULT_TIMEOUT_MS,
	HEADER_API_VERSION,
	RETRYABLE_NETWORK_CODES,
	RETRYABLE_STATUSES,
	SPAAZA_PASSWORD_ERROR,
} from './constants';
import { parseSpaazaResponse, type SpaazaApiFailure } from './envelope';
import { untilAborted } from './deadline';
import { parseRetryAfter } from './retry';
import { scrubSecrets } from './scrub';

/** A login that cannot give a session. Carries no request data: that holds the password. */
export class SpaazaLoginError extends Error {
	/**
	 * Our code for the failure. Not named `code`, and not a SpaazaError: n8n's credential Test shows
	 * a failed request's `cause.code` in place of its message, and the message is what tells the
	 * user what to check. The transport turns this error into a coded one (failure.ts).
	 */
	readonly loginCode: SpaazaCode;
	/** Spaaza was busy or unreachable: the request that needed the login may be retried. */
	readonly transient: boolean;
	readonly retryAfterMs?: number;

	constructor(code: SpaazaCode, message: string, transient?: { retryAfterMs?: number }) {
		super(message);
		this.name = 'SpaazaLoginError';
		this.loginCode = code;
		this.transient = transient !== undefined;
		this.retryAfterMs = transient?.retryAfterMs;
	}
}

/** True for a SpaazaLoginError, also across module copies (n8n may load the credential twice). */
export function isSpaazaLoginError(error: unknown): error is SpaazaLoginError {
	return (
		error instanceof Error &&
		error.name === 'SpaazaLoginError' &&
		typeof (error as { loginCode?: unknown }).loginCode === 'string'
	);
}

/** The expirable credential field holds both halves of the session: `<user id>:<session key>`. */
export function formatSession(userId: string | number, sessionKey: string): string {
	return `${userId}:${sessionKey}`;
}

export function parseSession(value: unknown): { userId: string; sessionKey: string } | undefined {
	if (typeof value !== 'string') return undefined;
	const colon = value.indexOf(':');
	if (colon <= 0 || colon === value.length - 1) return undefined;
	return { userId: value.slice(0, colon), sessionKey: value.slice(colon + 1) };
}

export type HttpRequestFn = (options: IHttpRequestOptions) => Promise<unknown>;

export interface LoginInput {
	apiBaseUrl: string;
	username: string;
	password: string;
	apiVersion?: string;
	/** The whole login, answer included; default LOGIN_DEADLINE_MS. */
	deadlineMs?: number;
}

/**
 * The whole login, not just an idle socket: logins of one user are shared (see `obtainSession`),
 * so a login held open by a trickling answer would hold every later execution with it.
 */
export const LOGIN_DEADLINE_MS = DEFAULT_TIMEOUT_MS;

type LoginResponse = { statusCode?: number; body?: unknown; headers?: Record<string, unknown> };

/** Posts the login form; no answer within the deadline, or none at all, is a SpaazaLoginError. */
async function postLogin(httpRequest: HttpRequestFn, input: LoginInput): Promise<LoginResponse> {
	const form = new URLSearchParams({
		username: input.username,
		password: input.password,
	}).toString();
	const deadlineMs = input.deadlineMs ?? LOGIN_DEADLINE_MS;
	const deadline = AbortSignal.timeout(deadlineMs);
	let unreachable = '';
	try {
		const request = httpRequest({
			method: 'POST',
			url: `${input.apiBaseUrl}/auth/login`,
			// A string body with its own content type: it is sent as is, form-encoded (D-login).
			body: form,
			headers: {
				'Content-Type': 'application/x-www-form-urlencoded',
				Accept: 'application/json',
				...(input.apiVersion ? { [HEADER_API_VERSION]: input.apiVersion } : {}),
			},
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: deadlineMs,
			abortSignal: deadline,
			// A 307/308 would re-post the password to wherever the redirect points.
			disableFollowRedirect: true,
		});
		// Raced as well: the deadline holds even if the HTTP helper ignored the signal.
		const response = (await untilAborted(request, deadline)) as LoginResponse | undefined;
		if (response) return response;
	} catch (error) {
		// Only the reason is kept: the request error holds the form body with the password.
		unreachable = String((error as { code?: string }).code ?? 'no answer');
	}
	if (deadline.aborted) {
		throw new SpaazaLoginError(
			SPAAZA_CODES.REQUEST_TIMEOUT,
			`Spaaza did not finish the login of "${input.username}" within ${Math.round(deadlineMs / 1000)} s`,
			{},
		);
	}
	throw new SpaazaLoginError(
		SPAAZA_CODES.NETWORK,
		`Could not reach Spaaza at ${input.apiBaseUrl} to log in (${unreachable.toLowerCase()}): check the API base URL`,
		RETRYABLE_NETWORK_CODES.includes(unreachable) ? {} : undefined,
	);
}

/** Why Spaaza's error envelope refused the login: a wrong password, or what it said. */
function loginRefusal(failure: SpaazaApiFailure, input: LoginInput): SpaazaLoginError {
	if (failure.spaazaErrorCode === SPAAZA_PASSWORD_ERROR) {
		return new SpaazaLoginError(
			SPAAZA_CODES.AUTH_FAILED,
			`Spaaza rejected the login of "${input.username}": the username or password is wrong`,
		);
	}
	const code =
		failure.spaazaErrorCode !== undefined
			? ` (Spaaza error ${failure.spaazaErrorCode} ${failure.spaazaErrorName ?? ''})`
			: '';
	return new SpaazaLoginError(
		failure.kind === 'api' ? SPAAZA_CODES.AUTH_FAILED : SPAAZA_CODES.BAD_RESPONSE,
		// A proxy page may echo the form body: the password never reaches the message.
		scrubSecrets(
			`Spaaza login of "${input.username}" failed${code.trimEnd()}: ${failure.description}`,
			[input.password],
		),
	);
}

/** The session in Spaaza's answer to the login, or the SpaazaLoginError that says why there is none. */
function sessionFrom(response: LoginResponse, input: LoginInput): string {
	const status = response.statusCode ?? 0;
	if (status >= 300 && status < 400) {
		throw new SpaazaLoginError(
			SPAAZA_CODES.BAD_RESPONSE,
			`Spaaza answered the login with a redirect (HTTP ${status}); it was not followed, so the password was not sent anywhere else. Check the API base URL of the credential: use the exact https address of the Spaaza API`,
		);
	}
	if (RETRYABLE_STATUSES.includes(status)) {
		throw new SpaazaLoginError(
			SPAAZA_CODES.API_ERROR,
			`Spaaza is busy or unavailable (HTTP ${status}) and could not log "${input.username}" in`,
			{ retryAfterMs: parseRetryAfter(response.headers?.['retry-after'], Date.now()) },
		);
	}
	const parsed = parseSpaazaResponse(response.body, 'api', status, [input.password]);
	if (!parsed.ok) throw loginRefusal(parsed.failure, input);
	const results = (parsed.data ?? {}) as {
		session_info?: Record<string, unknown>;
		session_passcode_key?: unknown;
	};
	const info = results.session_info;
	if (
		info &&
		info.session_user_id !== undefined &&
		typeof info.session_key === 'string' &&
		info.session_key
	) {
		return formatSession(info.session_user_id as string | number, info.session_key);
	}
	if (results.session_passcode_key !== undefined) {
		throw new SpaazaLoginError(
			SPAAZA_CODES.TWO_FACTOR_REQUIRED,
			`Spaaza asks "${input.username}" for a two-factor passcode, which n8n cannot enter. Use an integration admin user that Spaaza marked 2FA-exempt, or the "Admin Session" authentication with a user ID and session key you obtained yourself`,
		);
	}
	throw new SpaazaLoginError(
		SPAAZA_CODES.BAD_RESPONSE,
		'Spaaza accepted the login but sent no session_info: check the API base URL and version',
	);
}

async function loginOnce(httpRequest: HttpRequestFn, input: LoginInput): Promise<string> {
	return sessionFrom(await postLogin(httpRequest, input), input);
}

/*
 * Spaaza's login "deletes any existing sessions" of the user (D-login). With several requests in
 * flight, each one that meets an expired session would log in and kill the session the others
 * just got. So logins of one user are shared: callers that arrive while a login runs wait for it,
 * and a caller still holding an older session that this process obtained gets the newer one
 * instead of logging in again. A session this process never obtained came from elsewhere: in
 * queue mode another worker logged in and n8n stored its session in the credential, so it is
 * newer than anything remembered here (its login ended those) and only a new login helps.
 * A caller with no session yet (a new or just-saved credential) logs in, so a session cached from
 * an earlier run is never forced on it. Keyed by a hash that includes the password, so a
 * credential with a wrong password never borrows another credential's session.
 */
const inFlight = new Map<string, Promise<string>>();
/** Sessions this process obtained or logged in to replace, per login key, oldest first (the last few). */
const obtained = new Map<string, string[]>();
const REMEMBERED_SESSIONS = 16;

function loginKey(input: LoginInput): string {
	return createHash('sha256')
		.update(`${input.apiBaseUrl}\n${input.username}\n${input.password}`)
		.digest('hex');
}

/**
 * A session for `input`, logging in only when nobody else has just done so. `currentSession` is
 * the (expired or empty) session the caller holds.
 */
export async function obtainSession(
	httpRequest: HttpRequestFn,
	input: LoginInput,
	currentSession: string,
): Promise<string> {
	const key = loginKey(input);
	const running = inFlight.get(key);
	if (running) return await running;
	const history = obtained.get(key) ?? [];
	const newest = history[history.length - 1];
	if (newest !== undefined && currentSession !== newest && history.includes(currentSession))
		return newest;
	const login = loginOnce(httpRequest, input)
		.then((session) => {
			// The session the caller held is older too: its other holders get the new one.
			const older = currentSession === '' ? [] : [currentSession];
			obtained.set(
				key,
				[
					...history.filter((known) => known !== session && known !== currentSession),
					...older,
					session,
				].slice(-REMEMBERED_SESSIONS),
			);
			return session;
		})
		.finally(() => inFlight.delete(key));
	inFlight.set(key, login);
	return await login;
}

/** What `preAuthentication` returns: the new session for `adminLogin`, nothing otherwise. */
export async function preAuthenticate(
	httpRequest: HttpRequestFn,
	credentials: ICredentialDataDecryptedObject,
	apiBaseUrl: string,
): Promise<{ sessionToken?: string }> {
	// n8n calls this for every method once the field is empty; only adminLogin logs in.
	if (credentials.authentication !== 'adminLogin') return {};
	const username = String(credentials.username ?? '').trim();
	const password = String(credentials.password ?? '');
	if (!username || !password) {
		throw new SpaazaLoginError(
			SPAAZA_CODES.CREDENTIAL_INVALID,
			'The Spaaza credential needs a username and a password for "Admin Login"',
		);
	}
	const apiVersion = String(credentials.apiVersion ?? '').trim();
	const current = typeof credentials.sessionToken === 'string' ? credentials.sessionToken : '';
	return {
		sessionToken: await obtainSession(
			httpRequest,
			{ apiBaseUrl, username, password, apiVersion },
			current,
		),
	};
}

/**
 * The session of the "Admin Login" in `credentials` that replaced `stale`: a login running now or
 * one that already finished in this process; undefined when nobody has logged in since.
 */
export function sessionNewerThan(
	credentials: ICredentialDataDecryptedObject,
	apiBaseUrl: string,
	stale: string,
): Promise<string> | string | undefined {
	const key = loginKey({
		apiBaseUrl,
		username: String(credentials.username ?? '').trim(),
		password: String(credentials.password ?? ''),
	});
	const running = inFlight.get(key);
	if (running) return running;
	// As in obtainSession: only a session this process obtained or replaced is known to be older.
	const history = obtained.get(key) ?? [];
	const newest = history[history.length - 1];
	if (newest !== undefined && newest !== stale && history.includes(stale)) return newest;
	// The caller logs in now: its other holders of `stale` get the session that login brings.
	if (stale !== '' && !history.includes(stale))
		obtained.set(key, [...history, stale].slice(-REMEMBERED_SESSIONS));
	return undefined;
}

/** Test hook: forget shared sessions between test cases. */
export function resetSessionCache(): void {
	inFlight.clear();
	obtained.clear();
}
