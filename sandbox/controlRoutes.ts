import { resetCore, type SandboxCore } from './core';
import { loadCatalogue } from './catalogueWrites';
import { jsonReply } from './envelope';
import type { Reply } from './reply';
import type { RequestContext } from './http';
import { FAULT_KINDS, type FaultKind, type SandboxFaults } from './types';

const badRequest = (message: string) => jsonReply(400, { ok: false, error: message });

function countOf(json: unknown): number {
	const count = (json as { count?: unknown } | undefined)?.count;
	return count === undefined ? 1 : Number(count);
}

/** `/_sandbox/*`: inspect and steer the sandbox from another process. Never faulted. */
export function routeControl(core: SandboxCore, ctx: RequestContext): Reply {
	switch (`${ctx.method} ${ctx.path}`) {
		case 'GET /state':
			return jsonReply(200, {
				baseUrl: core.baseUrl(),
				apiUrl: `${core.baseUrl()}/api`,
				servicesUrl: `${core.baseUrl()}/services`,
				chainId: core.chainId,
				logins: core.logins,
				faults: core.faults.current(),
				taskRunMs: core.taskRunMs,
				downloadUrlTtlSeconds: core.downloadUrlTtlSeconds,
			});
		case 'GET /catalogue':
			return jsonReply(200, core.store.snapshot(Number(ctx.query.get('chain_id') ?? core.chainId)));
		case 'GET /stats':
			return jsonReply(200, core.stats.snapshot());
		case 'GET /write-log':
			return jsonReply(200, core.stats.writeLog());
		case 'GET /storage-requests':
			return jsonReply(200, core.storage.requests());
		case 'GET /tasks':
			return jsonReply(200, core.tasks.all());
		case 'POST /faults': {
			const faults = (ctx.json ?? {}) as SandboxFaults;
			if (typeof faults !== 'object' || Array.isArray(faults))
				return badRequest('Send the faults as a JSON object');
			core.faults.set(faults);
			return jsonReply(200, { ok: true, faults: core.faults.current() });
		}
		case 'POST /inject': {
			const kind = (ctx.json as { kind?: FaultKind } | undefined)?.kind;
			const count = countOf(ctx.json);
			if (!kind || !FAULT_KINDS.includes(kind))
				return badRequest(`kind must be one of ${FAULT_KINDS.join(', ')}`);
			if (!Number.isInteger(count) || count < 1)
				return badRequest('count must be a positive integer');
			core.faults.injectNext(kind, count);
			return jsonReply(200, { ok: true });
		}
		case 'POST /fail-next-tasks': {
			const count = countOf(ctx.json);
			if (!Number.isInteger(count) || count < 1)
				return badRequest('count must be a positive integer');
			core.tasks.failNext(count);
			return jsonReply(200, { ok: true });
		}
		case 'POST /expire-sessions':
			core.auth.expireAll();
			return jsonReply(200, { ok: true });
		case 'POST /load': {
			const body = (ctx.json ?? {}) as { products?: unknown; variants?: unknown };
			const list = (value: unknown) => (Array.isArray(value) ? value : []);
			try {
				loadCatalogue(core.store, core.chainId, {
					products: list(body.products),
					variants: list(body.variants),
				});
			} catch (error) {
				// A record add-product would refuse; the ones before it are in.
				return badRequest((error as Error).message);
			}
			return jsonReply(200, { ok: true, products: core.store.products.size });
		}
		case 'POST /reset':
			resetCore(core);
			return jsonReply(200, { ok: true });
		default:
			return jsonReply(404, {
				ok: false,
				error: `No control endpoint ${ctx.method} /_sandbox${ctx.path}`,
			});
	}
}
