'use strict';
// Upsert in the real pinned n8n (README "Performance": "far ahead of n8n's HTTP Request node with default
// batching doing the same calls"): Read file → Parse (rows) → Spaaza Upsert Product, against
// Read file → Parse (rows) → HTTP Request posting the same add-product calls with a session the
// benchmark logs in for it, against the sandbox (own process) with injected latency.
const { startRemoteSandbox } = require('./lib/remoteSandbox');
const {
	BATCHING_DEFAULTS,
	compareSendVariants,
	httpRequestNode,
	upsertProductVariants,
} = require('./lib/spaaza');

const CREDENTIAL = { id: 'benchSpaazaAdmin', name: 'Spaaza sandbox (admin login)' };
async function upsertInN8n({ records, latencyMs }) {
	return await compareSendVariants({
		records,
		credential: CREDENTIAL,
		startSandbox: async () => {
			const sandbox = await startRemoteSandbox({ seed: 7 });
			return { sandbox, close: () => sandbox.close() };
		},
		variantsFor: (sandbox) => [
			...upsertProductVariants('benchUpsert', CREDENTIAL),
			{
				id: 'benchHttpDefault',
				label: 'HTTP Request, n8n defaults (no batching: every item at once)',
				send: httpRequestNode(sandbox, {}),
				session: true,
			},
			{
				id: 'benchHttpBatching',
				label: 'HTTP Request, Batching option at its defaults (50 items / 1000 ms)',
				send: httpRequestNode(sandbox, BATCHING_DEFAULTS),
				session: true,
			},
		],
		latencyMs,
		measure: (variant, { written, cpuMs, connections }) => ({
			line: `${written} products written, ${connections} connections`,
			result: { written, cpuMs, connections },
		}),
		summary: { records, latencyMs },
	});
}

module.exports = { upsertInN8n };
