'use strict';
// Upsert in the real pinned n8n over HTTPS with the network profile of bench/upsert-https.js:
// Read file → Parse (rows) → Spaaza Upsert Product, against the same add-product calls from n8n's
// HTTP Request node with its Batching option at the defaults. n8n trusts the sandbox's throwaway
// certificate through NODE_EXTRA_CA_CERTS, as an operator would configure it.
const { DATA, log, measuredLimit, OUT } = require('./lib/common');
const { ensureFile } = require('./lib/generate');
const { n8nRuntime, createInstance } = require('../tools/n8n/measuredInstance');
const {
	BATCHING_DEFAULTS,
	httpRequestNode,
	importSendVariants,
	runSendVariant,
	startHttpsSandbox,
	upsertNode,
} = require('./lib/spaaza');

const CREDENTIAL = { id: 'benchSpaazaAdminHttps', name: 'Spaaza sandbox over HTTPS (admin login)' };
async function upsertInN8nOverHttps({ records, rttMs, serverMs }) {
	const { env, missing } = n8nRuntime();
	if (!env) return { skipped: missing };
	const file = ensureFile(DATA, 'productlist', records, 7);
	const { sandbox, caFile, close } = await startHttpsSandbox({ rttMs, tag: 'n8n' });
	const instance = await createInstance(env, OUT, [file.file]);
	try {
		const variants = [
			{
				id: 'benchHttpsUpsertDefault',
				label: 'Spaaza Upsert Product (default concurrency 4)',
				send: upsertNode(CREDENTIAL),
				session: false,
				concurrency: 4,
			},
			{
				id: 'benchHttpsUpsert16',
				label: 'Spaaza Upsert Product (concurrency 16)',
				send: upsertNode(CREDENTIAL, 16),
				session: false,
				concurrency: 16,
			},
			{
				id: 'benchHttpsHttpBatching',
				label: 'HTTP Request, Batching option at its defaults (50 items / 1000 ms)',
				send: httpRequestNode(sandbox, BATCHING_DEFAULTS),
				session: true,
			},
		];
		await importSendVariants(instance, sandbox, CREDENTIAL, variants);
		const out = [];
		for (const variant of variants) {
			const { seconds, written, connections, stats } = await runSendVariant(
				instance,
				sandbox,
				variant,
				{ latencyMs: serverMs, env: { NODE_EXTRA_CA_CERTS: caFile } },
			);
			const perSecond = records / seconds;
			const { limit, nominalLimit, waitedMs } = variant.concurrency
				? measuredLimit(variant.concurrency, rttMs + serverMs, stats)
				: {};
			log(
				`    ${variant.label.padEnd(68)} ${perSecond.toFixed(0).padStart(5)} records/s (${seconds.toFixed(1)} s), ${written} written, ${connections} connections${limit ? `, ${(perSecond / limit).toFixed(2)}× of the limit ${limit.toFixed(0)} (waited ${waitedMs.toFixed(1)} ms; nominal ${nominalLimit.toFixed(0)})` : ''}`,
			);
			out.push({
				id: variant.id,
				label: variant.label,
				seconds,
				perSecond,
				written,
				connections,
				limit,
				nominalLimit,
				waitedMs,
				ratio: limit ? perSecond / limit : undefined,
			});
		}
		return { n8nVersion: env.N8N_VERSION, records, rttMs, serverMs, variants: out };
	} finally {
		instance.close();
		await close();
	}
}

module.exports = { upsertInN8nOverHttps };
