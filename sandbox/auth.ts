import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { sqlDate } from './clock';
import { SANDBOX_ERRORS, SpaazaApiError } from './envelope';
import { header, type Params } from './http';
import type { SandboxLogins } from './types';

export type Access = 'READ' | 'WRITE' | 'DELETE';

interface Identity {
	userId: number;
	username: string;
	password: string;
	twoFactor: boolean;
	access: Access[];
}

interface Session {
	userId: number;
	key: string;
	expiresAt: number;
}

interface PasscodeChallenge {
	userId: number;
	expiresAt: number;
}

/** A one-time passcode challenge lives 10 minutes (NOT FOUND in the docs: the sandbox's choice). */
const PASSCODE_TTL_MS = 10 * 60 * 1000;
const TWO_FACTOR_PASSCODE = '424242';

export function seededLogins(chainId: number): SandboxLogins {
	return {
		chainId,
		admin: {
			username: 'integration@sandbox.spaaza.test',
			password: 'sandbox-integration',
			userId: 114521,
		},
		twoFactorAdmin: {
			username: 'admin-2fa@sandbox.spaaza.test',
			password: 'sandbox-2fa',
			userId: 114522,
			passcode: TWO_FACTOR_PASSCODE,
		},
		readOnlyAdmin: {
			username: 'readonly@sandbox.spaaza.test',
			password: 'sandbox-readonly',
			userId: 114523,
		},
		token: { id: '7c1e9a52-3d4b-4f60-8a2e-5c0de1764000', secret: 'sandbox-token-secret' },
	};
}

export interface ServicesCaller {
	chainId: number;
	kind: 'token' | 'admin';
}

/** Admin logins, sessions and the per-endpoint auth rules of docs/spaaza-api.md §1. */
export class SandboxAuth {
	private readonly identities: Identity[];
	private sessions = new Map<string, Session>();
	private challenges = new Map<string, PasscodeChallenge>();

	constructor(
		readonly logins: SandboxLogins,
		private readonly sessionTtlSeconds: number,
		private readonly now: () => number,
	) {
		const all: Access[] = ['READ', 'WRITE', 'DELETE'];
		this.identities = [
			{ ...logins.admin, twoFactor: false, access: all },
			{ ...logins.twoFactorAdmin, twoFactor: true, access: all },
			{ ...logins.readOnlyAdmin, twoFactor: false, access: ['READ'] },
		];
	}

	login(params: Params): Record<string, unknown> {
		const username = params.username;
		const password = params.password;
		if (typeof username !== 'string' || !username || typeof password !== 'string' || !password) {
			throw new SpaazaApiError(
				SANDBOX_ERRORS.httpVarsMissing,
				'username and password are required',
			);
		}
		const identity = this.identities.find((candidate) => candidate.username === username);
		if (!identity || identity.password !== password) {
			throw new SpaazaApiError(SANDBOX_ERRORS.passwordError, 'Username / password are unknown');
		}
		if (identity.twoFactor) {
			const key = randomBytes(16).toString('hex');
			const expiresAt = this.now() + PASSCODE_TTL_MS;
			this.challenges.set(key, { userId: identity.userId, expiresAt });
			return { session_passcode_key: key, session_passcode_expiry_date: sqlDate(expiresAt) };
		}
		return { session_info: this.openSession(identity) };
	}

	completeTwoFactor(params: Params): Record<string, unknown> {
		const passcode = params.session_passcode;
		const key = params.session_passcode_key;
		if (passcode === undefined || passcode === '' || typeof key !== 'string' || !key) {
			throw new SpaazaApiError(
				SANDBOX_ERRORS.httpVarsMissing,
				'session_passcode and session_passcode_key are required',
			);
		}
		const challenge = this.challenges.get(key);
		if (!challenge || challenge.expiresAt < this.now()) {
			throw new SpaazaApiError(
				SANDBOX_ERRORS.passcodeInvalid,
				'The passcode key is unknown or has expired: log in again',
			);
		}
		if (String(passcode) !== TWO_FACTOR_PASSCODE) {
			throw new SpaazaApiError(SANDBOX_ERRORS.passcodeInvalid, 'The passcode is not correct');
		}
		this.challenges.delete(key);
		return { session_info: this.openSession(this.identity(challenge.userId)) };
	}

	logout(headers: IncomingHttpHeaders): void {
		const session = this.sessionFrom(headers);
		if (!session) throw noSession();
		this.sessions.delete(session.key);
	}

	expireAll(): void {
		this.sessions.clear();
	}

	reset(): void {
		this.sessions.clear();
		this.challenges.clear();
	}

	/** /internal/* endpoints: admin sessions only, with `access` on the chain (docs/spaaza-api.md §1.5). */
	requireAdmin(headers: IncomingHttpHeaders, chainId: number | undefined, access: Access): void {
		const session = this.sessionFrom(headers);
		if (!session) {
			if (header(headers, 'authorization')) {
				throw new SpaazaApiError(
					SANDBOX_ERRORS.permissionDenied,
					'User and privileged authentication methods are not permitted for this endpoint: use admin authentication',
				);
			}
			throw noSession();
		}
		const identity = this.identity(session.userId);
		if (chainId !== undefined && chainId !== this.logins.chainId) {
			throw new SpaazaApiError(SANDBOX_ERRORS.permissionDenied, `No access to chain ${chainId}`);
		}
		if (!identity.access.includes(access)) {
			throw new SpaazaApiError(
				SANDBOX_ERRORS.permissionDenied,
				`The user needs ${access} access to chain ${chainId ?? this.logins.chainId} for this endpoint`,
			);
		}
	}

	/** Services API: chain-scoped authentication, a Bearer token or an admin session + chain header (docs/spaaza-api.md §1.4). */
	requireChainScoped(headers: IncomingHttpHeaders): ServicesCaller {
		const authorization = header(headers, 'authorization');
		if (authorization && !header(headers, 'x-spaaza-session-key')) {
			const match = /^Bearer\s+([^:\s]+):(\S+)$/i.exec(authorization);
			const token = this.logins.token;
			if (!match || match[1] !== token.id || match[2] !== token.secret) {
				throw new SpaazaApiError(
					SANDBOX_ERRORS.invalidAccessToken,
					'The access token is not valid: send Authorization: Bearer <token id>:<token secret>',
				);
			}
			return { chainId: this.logins.chainId, kind: 'token' };
		}
		const session = this.sessionFrom(headers);
		if (!session) throw noSession();
		const chainHeader = header(headers, 'x-spaaza-session-chain-id');
		if (!chainHeader) {
			throw new SpaazaApiError(
				SANDBOX_ERRORS.httpVarsMissing,
				'X-Spaaza-Session-Chain-Id is required with admin authentication on the Services API',
			);
		}
		if (Number(chainHeader) !== this.logins.chainId) {
			throw new SpaazaApiError(
				SANDBOX_ERRORS.permissionDenied,
				`No access to chain ${chainHeader}`,
			);
		}
		return { chainId: this.logins.chainId, kind: 'admin' };
	}

	private openSession(identity: Identity): Record<string, unknown> {
		// Login "deletes any existing sessions" of the user (D-login).
		for (const [key, session] of this.sessions)
			if (session.userId === identity.userId) this.sessions.delete(key);
		const key = randomBytes(20).toString('hex');
		const expiresAt = this.now() + this.sessionTtlSeconds * 1000;
		this.sessions.set(key, { userId: identity.userId, key, expiresAt });
		return {
			session_key: key,
			session_key_validity: String(Math.round(this.sessionTtlSeconds / 3600)),
			session_auth_method: 'password',
			session_user_id: identity.userId,
			session_username: identity.username,
			session_expires_date: sqlDate(expiresAt),
		};
	}

	private sessionFrom(headers: IncomingHttpHeaders): Session | undefined {
		const key = header(headers, 'x-spaaza-session-key');
		if (!key) return undefined;
		const session = this.sessions.get(key);
		if (!session || session.expiresAt <= this.now()) return undefined;
		const userId = header(headers, 'x-spaaza-session-user-id');
		// The PHP client may name the user instead of giving the id.
		const username = header(headers, 'x-spaaza-session-username');
		const identity = this.identity(session.userId);
		if (userId !== undefined ? Number(userId) !== session.userId : username !== identity.username)
			return undefined;
		return session;
	}

	private identity(userId: number): Identity {
		return this.identities.find((candidate) => candidate.userId === userId)!;
	}
}

function noSession(): SpaazaApiError {
	return new SpaazaApiError(
		SANDBOX_ERRORS.noValidSession,
		'The user needs to be logged in and a valid session key needs to be sent',
	);
}
