'use strict';
// Upsert in the real pinned n8n (README "Performance": "far ahead of n8n's HTTP Request node with default
// batching doing the same calls"): Read file → Parse (rows) → Spaaza Upsert Product, against
// Read file → Parse (rows) → HTTP Request posting the same add-product calls with a session the
// benchmark logs in for it, against the sandbox (own process) with injected latency.
const { DATA, log, OUT } = require('./lib/common');
const { ensureFile } = require('./lib/generate');
const { n8nRuntime, createInstance } = require('../tools/n8n/measuredInstance');
const { startRemoteSandbox } = require('./lib/remoteSandbox');
const {
	BATCHING_DEFAULTS,
	httpRequestNode,
	importSendVariants,
	runSendVariant,
	upsertNode,
} = require('./lib/spaaza');

const CREDENTIAL = { id: 'benchSpaazaAdmin', name: 'Spaaza sandbox (admin login)' };
async function upsertInN8n({ records, latencyMs }) {
	const { env, missing } = n8nRuntime();
	if (!env) return { skipped: missing };
	const file = ensureFile(DATA, 'productlist', records, 7);
	const sandbox = await startRemoteSandbox({ seed: 7 });
	const instance = await createInstance(env, OUT, [file.file]);
	try {
		const variants = [
			{
				id: 'benchUpsertDefault',
				label: 'Spaaza Upsert Product (default concurrency 4)',
				send: upsertNode(CREDENTIAL),
				session: false,
			},
			{
				id: 'benchUpsert16',
				label: 'Spaaza Upsert Product (concurrency 16)',
				send: upsertNode(CREDENTIAL, 16),
				session: false,
			},
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
		];
		await importSendVariants(instance, sandbox, CREDENTIAL, variants);
		const out = [];
		for (const variant of variants) {
			const { seconds, written } = await runSendVariant(instance, sandbox, variant, { latencyMs });
			const perSecond = records / seconds;
			log(
				`    ${variant.label.padEnd(68)} ${perSecond.toFixed(0).padStart(5)} records/s (${seconds.toFixed(1)} s), ${written} products written`,
			);
			out.push({ id: variant.id, label: variant.label, seconds, perSecond, written });
		}
		return { n8nVersion: env.N8N_VERSION, records, latencyMs, variants: out };
	} finally {
		instance.close();
		await sandbox.close();
	}
}

module.exports = { upsertInN8n };
