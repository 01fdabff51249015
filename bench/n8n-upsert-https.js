'use strict';
// Upsert in the real pinned n8n over HTTPS with the network profile of bench/upsert-https.js:
// Read file → Parse (rows) → Spaaza Upsert Product, against the same add-product calls from n8n's
// HTTP Request node with its Batching option at the defaults. n8n trusts the sandbox's throwaway
// certificate through NODE_EXTRA_CA_CERTS, as an operator would configure it.
const path = require('node:path');
const { DATA, log } = require('./lib/common');
const { ensureFile } = require('./lib/generate');
const { n8nRuntime, createInstance, chainWorkflow } = require('./lib/n8nInstance');
const { PARSE_ROWS, httpRequestNode, sandboxCredential, sessionEnv, startHttpsSandbox, upsertNode } = require('./lib/spaaza');

const CREDENTIAL = { id: 'benchSpaazaAdminHttps', name: 'Spaaza sandbox over HTTPS (admin login)' };
async function upsertInN8nOverHttps({ records, rttMs, serverMs }) {
	const { env, missing } = n8nRuntime();
	if (!env) return { skipped: missing };
	const file = ensureFile(DATA, 'productlist', records, 7);
	const { sandbox, caFile, close } = await startHttpsSandbox({ rttMs, tag: 'n8n' });
	const instance = await createInstance(env, [file.file]);
	try {
		const glob = path.join(instance.filesDir, '*.csv');
		const variants = [
			{ id: 'benchHttpsUpsertDefault', label: 'Spaaza Upsert Product (default concurrency 4)', send: upsertNode(CREDENTIAL), session: false, concurrency: 4 },
			{ id: 'benchHttpsUpsert16', label: 'Spaaza Upsert Product (concurrency 16)', send: upsertNode(CREDENTIAL, 16), session: false, concurrency: 16 },
			{
				id: 'benchHttpsHttpBatching',
				label: 'HTTP Request, Batching option at its defaults (50 items / 1000 ms)',
				send: httpRequestNode(sandbox, { batching: { batch: { batchSize: 50, batchInterval: 1000 } } }),
				session: true,
			},
		];
		await instance.importCredentials([{ ...CREDENTIAL, type: 'spaazaApi', data: sandboxCredential(sandbox) }]);
		await instance.importWorkflows(variants.map((v) => chainWorkflow(v.id, v.label, glob, PARSE_ROWS, v.send)));
		const out = [];
		for (const variant of variants) {
			await sandbox.reset();
			await sandbox.setFaults({ paths: ['/api/internal/'], latencyMs: serverMs });
			const extraEnv = { NODE_EXTRA_CA_CERTS: caFile, ...(variant.session ? await sessionEnv(sandbox) : {}) };
			const { probe } = await instance.execute(variant.id, extraEnv);
			const send = probe.retainedAfter?.Send?.ms ?? probe.nodes.Send.executionTime;
			const stats = await sandbox.stats();
			const written = Object.keys(stats.writes.products).length;
			const perSecond = records / (send / 1000);
			const limit = variant.concurrency ? variant.concurrency / ((rttMs + serverMs) / 1000) : undefined;
			log(`    ${variant.label.padEnd(68)} ${perSecond.toFixed(0).padStart(5)} records/s (${(send / 1000).toFixed(1)} s), ${written} written, ${stats.connections.opened} connections${limit ? `, ${(perSecond / limit).toFixed(2)}× of the limit ${limit.toFixed(0)}` : ''}`);
			out.push({ id: variant.id, label: variant.label, seconds: send / 1000, perSecond, written, connections: stats.connections.opened, limit, ratio: limit ? perSecond / limit : undefined });
		}
		return { n8nVersion: env.N8N_VERSION, records, rttMs, serverMs, variants: out };
	} finally {
		instance.close();
		await close();
	}
}

module.exports = { upsertInN8nOverHttps };
