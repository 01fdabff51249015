'use strict';
// Upsert in the real pinned n8n over HTTPS with the network profile of bench/upsert-https.js:
// Read file → Parse (rows) → Spaaza Upsert Product, against the same add-product calls from n8n's
// HTTP Request node with its Batching option at the defaults. n8n trusts the sandbox's throwaway
// certificate through NODE_EXTRA_CA_CERTS, as an operator would configure it.
const { measuredLimit } = require('./lib/common');
const {
	BATCHING_DEFAULTS,
	compareSendVariants,
	httpRequestNode,
	startHttpsSandbox,
	upsertProductVariants,
} = require('./lib/spaaza');

const CREDENTIAL = { id: 'benchSpaazaAdminHttps', name: 'Spaaza sandbox over HTTPS (admin login)' };
async function upsertInN8nOverHttps({ records, rttMs, serverMs }) {
	return await compareSendVariants({
		records,
		credential: CREDENTIAL,
		startSandbox: async () => {
			const { sandbox, caFile, close } = await startHttpsSandbox({ rttMs, tag: 'n8n' });
			return { sandbox, close, env: { NODE_EXTRA_CA_CERTS: caFile } };
		},
		variantsFor: (sandbox) => [
			...upsertProductVariants('benchHttpsUpsert', CREDENTIAL),
			{
				id: 'benchHttpsHttpBatching',
				label: 'HTTP Request, Batching option at its defaults (50 items / 1000 ms)',
				send: httpRequestNode(sandbox, BATCHING_DEFAULTS),
				session: true,
			},
		],
		latencyMs: serverMs,
		measure: (variant, { written, connections, stats }, perSecond) => {
			const { limit, nominalLimit, waitedMs } = variant.concurrency
				? measuredLimit(variant.concurrency, rttMs + serverMs, stats)
				: {};
			return {
				line: `${written} written, ${connections} connections${limit ? `, ${(perSecond / limit).toFixed(2)}× of the limit ${limit.toFixed(0)} (waited ${waitedMs.toFixed(1)} ms; nominal ${nominalLimit.toFixed(0)})` : ''}`,
				result: {
					written,
					connections,
					limit,
					nominalLimit,
					waitedMs,
					ratio: limit ? perSecond / limit : undefined,
				},
			};
		},
		summary: { records, rttMs, serverMs },
	});
}

module.exports = { upsertInN8nOverHttps };
