/** Captures every log line a run writes, for the leak check in secrets.ts. */
import path from 'node:path';

import { LoggerProxy } from 'n8n-workflow';

import { container } from '../harness/runtime';
import { safeJson } from './secrets';

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
	const note =
		(source: string) =>
		(...args: unknown[]) => {
			lines.push(
				`${source}: ${args.map((arg) => (typeof arg === 'string' ? arg : safeJson(arg))).join(' ')}`,
			);
		};

	// n8n-core's own copy of @n8n/backend-common: the Logger class its DI container knows.
	const fromCore = require.resolve('@n8n/backend-common', {
		paths: [path.dirname(require.resolve('n8n-core'))],
	});
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
