// @ts-check
'use strict';
// The local-disk workflows of test/fixtures/workflows/local-disk/, made for queue mode: in queue mode an execution runs
// in a worker, and a test can only start one there the way production does, through a trigger
// the main listens to. So the Manual Trigger becomes a Webhook (POST /webhook/<id>, answered at
// once; the test waits for the run in PostgreSQL), the folders come from the request body instead of `$env` (a worker's
// environment is fixed when it starts), and the workflow is active.
const { randomUUID } = require('node:crypto');

/**
 * @typedef {{ id?: string; name: string; type: string; typeVersion?: number; position?: [number, number]; parameters?: Record<string, unknown>; credentials?: Record<string, { id: string; name: string }> }} WorkflowNode
 * @typedef {{ id: string; name: string; active?: boolean; nodes: WorkflowNode[]; [key: string]: unknown }} WorkflowJson
 */

/**
 * `$env.SPAAZA_INBOX` → the request body's `inbox`, `$env.SPAAZA_OUTBOX` → its `outbox`.
 * @template T
 * @param {T} value
 * @returns {T}
 */
function fromBody(value) {
	if (typeof value === 'string')
		return /** @type {T} */ (
			value.replace(
				/\$env\.SPAAZA_(INBOX|OUTBOX)/g,
				(_match, name) => `$('Start').first().json.body.${name.toLowerCase()}`,
			)
		);
	if (Array.isArray(value)) return /** @type {T} */ (value.map(fromBody));
	if (value && typeof value === 'object')
		return /** @type {T} */ (
			Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, fromBody(inner)]))
		);
	return value;
}

/**
 * A copy of `workflow` under `id`, started by POST /webhook/<id>. `parameters` are merged into the
 * nodes of the given names (e.g. Parse's outputMode); `credential` ({ id, name }) replaces the
 * Spaaza credential of every node that has one.
 * @param {WorkflowJson} workflow
 * @param {{ id: string; name?: string; parameters?: Record<string, Record<string, unknown>>; credential?: { id: string; name: string } }} options
 * @returns {WorkflowJson}
 */
function webhookWorkflow(workflow, { id, name = id, parameters = {}, credential }) {
	const nodes = workflow.nodes.map((node) => {
		if (node.name === 'Start') {
			return {
				id: node.id,
				name: 'Start',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: node.position,
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path: id, responseMode: 'onReceived', options: {} },
			};
		}
		const changed = fromBody(node);
		if (credential && changed.credentials?.spaazaApi)
			changed.credentials = { ...changed.credentials, spaazaApi: credential };
		return parameters[node.name]
			? { ...changed, parameters: { ...changed.parameters, ...parameters[node.name] } }
			: changed;
	});
	return { ...workflow, id, name, active: true, nodes };
}

module.exports = { webhookWorkflow };
