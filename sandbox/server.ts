import type { IncomingMessage, ServerResponse } from 'node:http';
import { routeApi } from './apiRoutes';
import { routeControl } from './controlRoutes';
import type { SandboxCore } from './core';
import { errorReply, jsonReply, SANDBOX_ERRORS, SpaazaApiError } from './envelope';
import { faultReply } from './faultReplies';
import type { TerminalFault } from './faults';
import { header, parseParams, readBody, type RequestContext } from './http';
import type { Reply } from './reply';
import { routeServices } from './servicesRoutes';
import type { WriteAttempt } from './types';
import { endpointKey, writeKind } from './stats';

/** Pre-1.4.0 clients got the `errors` map (PHP client: "Handle errors the post-1.4.0 way"). */
function wantsLegacyErrors(core: SandboxCore, apiVersion: string | undefined): boolean {
	if (core.legacyErrors) return true;
	if (!apiVersion) return false;
	const [major = 0, minor = 0] = apiVersion.split('.').map(Number);
	return major < 1 || (major === 1 && minor < 4);
}

function bugReply(error: unknown): Reply {
	console.error('Sandbox bug:', error);
	const detail = { code: 0, name: 'sandbox_bug', description: String(error) };
	return jsonReply(500, { result: { code: 2, status: 'error' }, error: detail });
}

function send(res: ServerResponse, reply: Reply): void {
	if (res.destroyed || res.headersSent) return;
	res.writeHead(reply.status, reply.headers);
	res.end(reply.body);
}

async function route(
	core: SandboxCore,
	req: IncomingMessage,
	ctx: RequestContext,
	path: string,
): Promise<Reply> {
	try {
		if (path.startsWith('/api/')) return await routeApi(core, { ...ctx, path: path.slice(4) });
		if (path.startsWith('/services/'))
			return await routeServices(core, { ...ctx, path: path.slice(9) });
		if (path.startsWith('/storage/'))
			return core.storage.serve(ctx.method, path, ctx.query, req.headers);
		throw new SpaazaApiError(SANDBOX_ERRORS.unknownEndpoint, `No endpoint ${ctx.method} ${path}`);
	} catch (error) {
		if (error instanceof SpaazaApiError)
			return { ...errorReply(error, ctx.legacyErrors), spaazaCode: error.def.code };
		return bugReply(error);
	}
}

/**
 * One request: count it, plan its faults, wait out injected latency, then answer, fault or drop.
 * Faults hit before processing unless `afterProcessing` names them, so a 429/503 never half-applies
 * a write; the body is read first in every case so the client sees a clean answer or a clean drop.
 */
export function createRequestHandler(
	core: SandboxCore,
	sleep: (ms: number) => Promise<void>,
	rttMs = 0,
) {
	const handle = createHandler(core, sleep, rttMs);
	// A rejected handler would be an unhandled rejection and take the whole sandbox down mid-test.
	return (req: IncomingMessage, res: ServerResponse): void => {
		handle(req, res).catch((error) => send(res, bugReply(error)));
	};
}

function createHandler(core: SandboxCore, sleep: (ms: number) => Promise<void>, rttMs: number) {
	return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const path = url.pathname;
		const method = req.method ?? 'GET';
		let body: Buffer;
		try {
			body = await readBody(req);
		} catch {
			req.socket.destroy();
			return;
		}
		const apiVersion = header(req.headers, 'x-spaaza-api-version');
		const legacyErrors = wantsLegacyErrors(core, apiVersion);
		const base = { method, query: url.searchParams, headers: req.headers, body, legacyErrors };
		let parsed: { params: Record<string, unknown>; json: unknown };
		try {
			parsed = parseParams(url.searchParams, req.headers, body);
		} catch (error) {
			if (path.startsWith('/_sandbox/'))
				return send(res, jsonReply(400, { ok: false, error: (error as Error).message }));
			return send(res, errorReply(error as SpaazaApiError, legacyErrors));
		}
		const ctx: RequestContext = { ...base, path, ...parsed };
		if (path.startsWith('/_sandbox/'))
			return send(res, routeControl(core, { ...ctx, path: path.slice(9) }));

		core.stats.request(endpointKey(method, path), apiVersion);
		// The network profile's round trip, paid by every request that reaches the API.
		const waitStarted = performance.now();
		if (rttMs > 0) await sleep(rttMs);
		const plan = core.faults.plan(path);
		if (plan.latencyMs > 0) await sleep(plan.latencyMs);
		if (rttMs > 0 || plan.latencyMs > 0) core.stats.waited(performance.now() - waitStarted);
		if (plan.expireSessions) core.auth.expireAll();
		const fault = plan.terminal;
		const write = writeKind(method, path);
		const ownerCode =
			ctx.params.owner_code === undefined ? '(none)' : String(ctx.params.owner_code);
		if (fault && !plan.afterProcessing) {
			if (write) core.stats.attempt(write, ownerCode, { outcome: 'not-processed', fault });
			return finish(core, req, res, method, path, fault, legacyErrors);
		}
		let reply = await route(core, req, ctx, path);
		if (write) core.stats.attempt(write, ownerCode, attemptOf(reply, fault));
		if (write && reply.write) reply = decorateWrite(core, reply);
		if (fault) return finish(core, req, res, method, path, fault, legacyErrors);
		log(core, method, path, String(reply.status));
		send(res, reply);
	};
}

/** `writeWarnings` and `writeAnswerBytes`: what a successful write answer carries besides the record. */
function decorateWrite(core: SandboxCore, reply: Reply): Reply {
	const warnings = core.faults.writeWarnings();
	const padTo = core.faults.current().writeAnswerBytes ?? 0;
	if (!warnings && padTo <= 0) return reply;
	const envelope = JSON.parse(String(reply.body)) as {
		results: Record<string, Record<string, unknown>>;
		warnings?: unknown[];
	};
	if (warnings) envelope.warnings = warnings;
	if (padTo > 0) {
		const key = Object.keys(envelope.results).find((name) => name !== 'result_type');
		const record = key ? envelope.results[key] : undefined;
		if (record) record.sandbox_padding = PADDING_MARK;
	}
	const body = JSON.stringify(envelope);
	return {
		...reply,
		body: padTo > 0 ? body.replace(`"${PADDING_MARK}"`, padding(padTo)) : body,
	};
}

const PADDING_MARK = '__sandbox_padding__';
let paddingCache: { bytes: number; json: string } | undefined;

/** About `bytes` of JSON: many small objects, the costly kind to parse and keep. Built once per size. */
function padding(bytes: number): string {
	if (paddingCache?.bytes !== bytes) {
		const parts: string[] = [];
		let size = 2;
		for (let i = 0; size < bytes; i++) {
			const part = `{"seq":${i},"note":"sandbox padding","ok":true}`;
			parts.push(part);
			size += part.length + 1;
		}
		paddingCache = { bytes, json: `[${parts.join(',')}]` };
	}
	return paddingCache.json;
}

function attemptOf(reply: Reply, fault: TerminalFault | undefined): Omit<WriteAttempt, 'seq'> {
	const outcome = reply.write ? (reply.write.created ? 'created' : 'updated') : 'refused';
	return {
		outcome,
		...(fault ? { fault } : {}),
		...(reply.spaazaCode === undefined ? {} : { code: reply.spaazaCode }),
	};
}

function finish(
	core: SandboxCore,
	req: IncomingMessage,
	res: ServerResponse,
	method: string,
	path: string,
	fault: TerminalFault,
	legacyErrors: boolean,
): void {
	log(core, method, path, `fault ${fault}`);
	if (fault === 'drop') {
		req.socket.destroy();
		return;
	}
	send(res, faultReply(fault, core.faults.current(), legacyErrors, core.now()));
}

function log(core: SandboxCore, method: string, path: string, outcome: string): void {
	if (!core.quiet) console.log(`${new Date().toISOString()} ${method} ${path} -> ${outcome}`);
}
