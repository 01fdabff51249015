/**
 * Recognisable secrets and the scanner that proves none of them shows up anywhere a user (or a
 * log collector) can see it: output items, error messages and descriptions, thrown errors as
 * JSON and as util.inspect prints them (causes and hidden fields included), and log lines.
 */
import path from 'node:path';
import { inspect } from 'node:util';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';

import { container } from '../harness/runtime';

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
				for (const key of Object.getOwnPropertyNames(current)) copy[key] = (current as unknown as Record<string, unknown>)[key];
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
export function leaksIn(value: unknown, secrets: readonly string[] = Object.values(SECRETS)): string[] {
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

export function expectNoSecretIn(value: unknown, secrets: readonly string[] = Object.values(SECRETS)): void {
	expect(leaksIn(value, secrets)).toEqual([]);
}

export interface LogCapture {
	lines: string[];
	stop(): void;
}

type LogMethod = (message: unknown, meta?: unknown) => void;

/**
 * Captures what nodes log: n8n's DI Logger (what `this.logger` is in a node), LoggerProxy, and
 * console / stdout / stderr, at every level (also those the configured level would drop).
 */
export function captureLogs(): LogCapture {
	const lines: string[] = [];
	const restores: Array<() => void> = [];
	const note = (source: string) => (...args: unknown[]) => {
		lines.push(`${source}: ${args.map((arg) => (typeof arg === 'string' ? arg : safeJson(arg))).join(' ')}`);
	};

	// n8n-core's own copy of @n8n/backend-common: the Logger class its DI container knows.
	const fromCore = require.resolve('@n8n/backend-common', { paths: [path.dirname(require.resolve('n8n-core'))] });
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at run time on purpose
	const { Logger } = require(fromCore) as { Logger: abstract new (...args: never[]) => unknown };
	const logger = container().get(Logger) as Record<string, LogMethod>;
	for (const level of ['error', 'warn', 'info', 'debug'] as const) {
		const original = logger[level];
		const spy = note(`logger.${level}`);
		logger[level] = (message, meta) => {
			spy(message, meta);
		};
		restores.push(() => (logger[level] = original));
	}
	LoggerProxy.init({
		error: note('LoggerProxy.error'),
		warn: note('LoggerProxy.warn'),
		info: note('LoggerProxy.info'),
		debug: note('LoggerProxy.debug'),
	} as Parameters<typeof LoggerProxy.init>[0]);
	for (const level of ['log', 'error', 'warn', 'info', 'debug'] as const) {
		const original = console[level];
		console[level] = note(`console.${level}`);
		restores.push(() => (console[level] = original));
	}
	for (const stream of [process.stdout, process.stderr]) {
		const original = stream.write.bind(stream);
		stream.write = ((chunk: unknown, ...rest: unknown[]) => {
			lines.push(`${stream === process.stdout ? 'stdout' : 'stderr'}: ${String(chunk)}`);
			return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
		}) as typeof stream.write;
		restores.push(() => (stream.write = original));
	}
	return {
		lines,
		stop: () => {
			for (const restore of restores.reverse()) restore();
		},
	};
}
