/**
 * Recognisable secrets and the scanner that proves none of them shows up anywhere a user (or a
 * log collector) can see it: output items, error messages and descriptions, thrown errors as
 * JSON and as util.inspect prints them (causes and hidden fields included), and log lines
 * (captured by logs.ts). The one leak check of the tests: `expectNoSecretIn` (any value) and
 * `expectNoSecrets` (a run).
 */
import { inspect } from 'node:util';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox';
import type { WorkflowRunResult } from '../harness';
import { sandboxSecrets } from './sandbox';

/** Values that cannot appear by accident, so a match is a leak. */
export const SECRETS = {
	tokenSecret: 'tok-SECRET-7f3a9c1e55d0',
	password: 'pw-SECRET-c41d2e8b7a13',
	sessionKey: 'sk-SECRET-98b1aa04f6c2',
} as const;

/** A credential for a test server on 127.0.0.1 that holds every kind of secret at once. */
export function hostileCredential(
	server: { baseUrl: string },
	authentication: 'accessToken' | 'adminLogin' | 'adminSession',
): ICredentialDataDecryptedObject {
	return {
		environment: 'custom',
		apiBaseUrl: `${server.baseUrl}/api`,
		servicesBaseUrl: `${server.baseUrl}/services`,
		chainId: 1764,
		authentication,
		accessTokenId: 'token-id-not-secret',
		accessTokenSecret: SECRETS.tokenSecret,
		username: 'integration@hostile.test',
		password: SECRETS.password,
		userId: '42',
		sessionKey: SECRETS.sessionKey,
		apiVersion: '1.6.3',
		sessionToken: '',
	};
}

/** JSON.stringify that survives cycles and keeps Error fields (message, stack, cause...). */
export function safeJson(value: unknown): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(value, (_key, current: unknown) => {
		if (typeof current === 'bigint') return current.toString();
		if (typeof current === 'object' && current !== null) {
			if (seen.has(current)) return '[cycle]';
			seen.add(current);
			if (current instanceof Error) {
				const copy: Record<string, unknown> = {};
				for (const key of Object.getOwnPropertyNames(current))
					copy[key] = (current as unknown as Record<string, unknown>)[key];
				return copy;
			}
		}
		return current;
	});
}

/** Every way the value can be shown: JSON (with error fields) and util.inspect with hidden fields. */
export function renderings(value: unknown): string[] {
	return [
		safeJson(value) ?? '',
		inspect(value, { depth: 12, showHidden: true, maxArrayLength: 1000, maxStringLength: 100_000 }),
	];
}

/** Secret values found in `value`, with the rendering they were found in; [] when clean. */
export function leaksIn(
	value: unknown,
	secrets: readonly string[] = Object.values(SECRETS),
): string[] {
	const found: string[] = [];
	const texts = renderings(value);
	for (const secret of secrets) {
		if (!secret) continue;
		texts.forEach((text, index) => {
			if (text.includes(secret)) found.push(`${secret} in ${index === 0 ? 'JSON' : 'inspect'}`);
		});
	}
	return found;
}

/**
 * Pieces of secrets found in `value`: a start or an end of a secret of `min` (6) or more
 * characters, the part a cut or a stripped tag leaves of an echoed secret; [] when clean.
 */
export function partialLeaksIn(
	value: unknown,
	secrets: readonly string[] = Object.values(SECRETS),
	min = 6,
): string[] {
	const found: string[] = [];
	const texts = renderings(value);
	for (const secret of secrets) {
		if (secret.length <= min) continue;
		for (const piece of [secret.slice(0, min), secret.slice(-min)])
			if (texts.some((text) => text.includes(piece))) found.push(`"${piece}" of ${secret}`);
	}
	return found;
}

export function expectNoSecretIn(
	value: unknown,
	secrets: readonly string[] = Object.values(SECRETS),
): void {
	expect(leaksIn(value, secrets)).toEqual([]);
}

/** What a user sees of a run: every node's output and error, and the workflow's error. */
export function visibleResult(result: WorkflowRunResult): unknown {
	return { runData: result.run.data.resultData, error: result.executionError };
}

/**
 * Asserts that nothing a user sees of a run against the sandbox shows a secret of its seeded
 * credentials or the session key the run logged in with.
 */
export function expectNoSecrets(sandbox: Pick<Sandbox, 'logins'>, result: WorkflowRunResult): void {
	const sessionToken = String(result.credentials.spaazaApi?.sessionToken ?? '');
	const sessionKey = sessionToken.split(':').slice(1).join(':');
	expectNoSecretIn(visibleResult(result), [...sandboxSecrets(sandbox), sessionKey]);
}
