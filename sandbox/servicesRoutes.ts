import type { SandboxCore } from './core';
import { jsonReply, SANDBOX_ERRORS, SpaazaApiError } from './envelope';
import type { Reply } from './reply';
import type { RequestContext } from './http';
import { readInteger } from './params';
import { validateTaskBody } from './taskValidation';

const TASK_STATES = ['READY', 'INPROGRESS', 'DONE', 'ERROR'];
/** NOT FOUND in the docs: the default page size of list-tasks. */
const DEFAULT_LIST_LIMIT = 100;

/** The Services API Tasks endpoints (docs/spaaza-api.md §5), mounted at `/services`. Answers are bare JSON. */
export async function routeServices(core: SandboxCore, ctx: RequestContext): Promise<Reply> {
	const match = /^\/tasks(?:\/([^/]+)(\/execute|\/download_url)?)?$/.exec(ctx.path);
	if (!match) {
		throw new SpaazaApiError(
			SANDBOX_ERRORS.unknownEndpoint,
			`No endpoint ${ctx.method} /services${ctx.path}`,
		);
	}
	const [, id, action] = match;
	const route = `${ctx.method} ${id === undefined ? '' : ':id'}${action ?? ''}`;
	const { chainId } = core.auth.requireChainScoped(ctx.headers);
	const query = { ...Object.fromEntries(ctx.query) };
	switch (route) {
		case 'POST ': {
			if (ctx.json === undefined) {
				throw new SpaazaApiError(
					SANDBOX_ERRORS.invalidTask,
					'The task must be sent as a JSON body (Content-Type: application/json)',
				);
			}
			return jsonReply(200, core.tasks.create(validateTaskBody(ctx.json, chainId)));
		}
		case 'GET ': {
			const status = query.status;
			if (status !== undefined && !TASK_STATES.includes(status)) {
				throw new SpaazaApiError(
					SANDBOX_ERRORS.invalidParameter,
					`status must be one of ${TASK_STATES.join(', ')}`,
				);
			}
			const limit = readInteger(query, 'limit') ?? DEFAULT_LIST_LIMIT;
			const offset = readInteger(query, 'offset') ?? 0;
			return jsonReply(
				200,
				core.tasks.list(chainId, {
					status,
					action: query.action,
					campaignId: query.campaign_id,
					limit,
					offset,
					createdUpTo: core.now() - (core.faults.current().taskListDelayMs ?? 0),
				}),
			);
		}
		case 'GET :id': {
			const logLimit = readInteger(query, 'log_limit') ?? 10;
			const offset = readInteger(query, 'offset') ?? 0;
			return jsonReply(200, core.tasks.get(chainId, id, logLimit, offset));
		}
		case 'POST :id/execute':
			return jsonReply(200, await core.tasks.execute(chainId, id));
		case 'GET :id/download_url': {
			const path = core.tasks.downloadPath(chainId, id);
			const { url } = core.storage.presign(core.baseUrl(), path, core.downloadUrlTtlSeconds);
			return jsonReply(200, { url });
		}
		default:
			throw new SpaazaApiError(
				SANDBOX_ERRORS.unknownEndpoint,
				`No endpoint ${ctx.method} /services${ctx.path}`,
			);
	}
}
