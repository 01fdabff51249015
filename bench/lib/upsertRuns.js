'use strict';
// The upsert benchmarks' runs: one harness run of Upsert Product (bench/upsert.js and
// bench/upsert-https.js time it), and the real-n8n comparison of Upsert Product against n8n's HTTP
// Request node (bench/n8n-upsert.js and bench/n8n-upsert-https.js).
const path = require('node:path');
const { DATA, OUT, PACKAGE_DIR, measuredLimit, log } = require('./common');
const { ensureFile } = require('./generate');
const { chainWorkflow, createInstance, n8nRuntime } = require('../../tools/n8n/measuredInstance');
const {
	harnessUpsertWorkflow,
	rawClientRate,
	sandboxCredential,
	sessionEnv,
	upsertNode,
} = require('./spaaza');

/** Parse Spaaza File Set in rows mode, the second node of the real-n8n upsert workflows. */
const PARSE_ROWS = {
	name: 'Parse',
	type: 'n8n-nodes-spaaza.spaazaParseFileSet',
	typeVersion: 1,
	parameters: { requireCompleteSets: false, outputMode: 'rows' },
};

/**
 * Imports the sandbox's admin credential under `credential` ({ id, name }) and one
 * Read file → Parse (rows) → Send workflow per variant ({ id, label, send }).
 */
async function importSendVariants(instance, sandbox, credential, variants) {
	await instance.importCredentials([
		{ ...credential, type: 'spaazaApi', data: sandboxCredential(sandbox) },
	]);
	const glob = path.join(instance.filesDir, '*.csv');
	await instance.importWorkflows(
		variants.map((v) => chainWorkflow(v.id, v.label, glob, PARSE_ROWS, v.send)),
	);
}

/**
 * Runs one workflow of a real-n8n upsert comparison (its sending node is named Send) against the
 * reset sandbox, whose write endpoints answer after `latencyMs`; `env` is added to n8n's. Resolves
 * with the Send node's time and what the sandbox saw.
 */
async function runSendVariant(instance, sandbox, variant, { latencyMs, env = {} }) {
	await sandbox.reset();
	await sandbox.setFaults({ paths: ['/api/internal/'], latencyMs });
	const extraEnv = { ...env, ...(variant.session ? await sessionEnv(sandbox) : {}) };
	const { probe } = await instance.execute(variant.id, extraEnv);
	const send = probe.retainedAfter?.Send?.ms ?? probe.nodes.Send.executionTime;
	const stats = await sandbox.stats();
	return {
		seconds: send / 1000,
		cpuMs: probe.retainedAfter?.Send?.cpuMs,
		written: Object.keys(stats.writes.products).length,
		connections: stats.connections.opened,
		stats,
	};
}

/**
 * Spaaza Upsert Product at its default concurrency (4), at 1 and at 16, as the real-n8n comparisons'
 * variants `<prefix>Default`, `<prefix>1` and `<prefix>16`.
 */
function upsertProductVariants(prefix, credential) {
	return [4, 1, 16].map((concurrency) => {
		const byDefault = concurrency === 4;
		return {
			id: `${prefix}${byDefault ? 'Default' : concurrency}`,
			label: `Spaaza Upsert Product (${byDefault ? 'default ' : ''}concurrency ${concurrency})`,
			send: upsertNode(credential, byDefault ? undefined : concurrency),
			session: false,
			concurrency,
		};
	});
}

/**
 * A real-n8n upsert comparison: n8n with a file of `records` products, the sandbox `startSandbox()`
 * resolves ({ sandbox, close, env? }: env is what n8n needs to reach it), one Read file → Parse
 * (rows) → Send workflow per entry of `variantsFor(sandbox)`, run one after another with the
 * sandbox's write endpoints answering after `latencyMs`. Each run is logged and becomes an entry of
 * `variants` through `measure(variant, run, perSecond)` ({ line, result }); `summary` goes into the
 * result. Skipped, with the reason, when the pinned n8n is not provisioned.
 */
async function compareSendVariants({
	records,
	credential,
	startSandbox,
	variantsFor,
	latencyMs,
	measure,
	summary,
}) {
	const { env, missing } = n8nRuntime();
	if (!env) return { skipped: missing };
	const file = ensureFile(DATA, 'productlist', records, 7);
	const { sandbox, close, env: sandboxEnv } = await startSandbox();
	const instance = await createInstance(env, OUT, [file.file]);
	try {
		const variants = variantsFor(sandbox);
		await importSendVariants(instance, sandbox, credential, variants);
		const out = [];
		for (const variant of variants) {
			const run = await runSendVariant(instance, sandbox, variant, { latencyMs, env: sandboxEnv });
			const perSecond = records / run.seconds;
			const { line, result } = measure(variant, run, perSecond);
			const cpu =
				run.cpuMs === undefined ? '' : `${(run.cpuMs / records).toFixed(2)} ms CPU/record, `;
			log(
				`    ${variant.label.padEnd(68)} ${perSecond.toFixed(0).padStart(5)} records/s (${run.seconds.toFixed(1)} s), ${cpu}${line}`,
			);
			out.push({
				id: variant.id,
				label: variant.label,
				seconds: run.seconds,
				perSecond,
				...result,
			});
		}
		return { n8nVersion: env.N8N_VERSION, ...summary, variants: out };
	} finally {
		instance.close();
		await close();
	}
}

/**
 * One harness upsert run of `spec` ({ records, concurrency, rawRecords? }) against the reset
 * sandbox with `faults`: Read Files → Parse (batches) → Upsert Product, whose own execution time is
 * timed. With `spec.rawRecords`, the bare client's rate under `rawFaults` first (same sandbox).
 * `nominalMs` is the wait each request is meant to meet (see measuredLimit). Resolves with the
 * figures both harness benchmarks report, the outcome items, the sandbox's stats, and the CPU the
 * run took in this process and in the sandbox's (undefined when this process did not start it).
 */
async function harnessUpsertRun(harness, sandbox, spec, { faults, rawFaults = faults, nominalMs }) {
	const products = ensureFile(DATA, 'productlist', spec.records, 7);
	let rawPerSecond;
	if (spec.rawRecords) {
		await sandbox.reset();
		await sandbox.setFaults(rawFaults);
		rawPerSecond = await rawClientRate(sandbox, spec.rawRecords, spec.concurrency);
	}
	await sandbox.reset();
	await sandbox.setFaults(faults);
	const cpuBefore = process.cpuUsage();
	const sandboxCpuBefore = sandbox.cpuMs();
	const result = await harness.runWorkflow(
		harnessUpsertWorkflow(harness, products.file, spec.concurrency),
		{
			packageDir: PACKAGE_DIR,
			credentials: { spaazaApi: sandboxCredential(sandbox) },
			timeoutMs: 30 * 60 * 1000,
		},
	);
	const cpu = process.cpuUsage(cpuBefore);
	const sandboxCpuMs =
		sandboxCpuBefore === undefined ? undefined : sandbox.cpuMs() - sandboxCpuBefore;
	if (result.error) throw new Error(`upsert run failed: ${result.error.message}`);
	const seconds = result.run.data.resultData.runData.Upsert[0].executionTime / 1000;
	const outcomes = result.json('Upsert', 0).flatMap((batch) => batch.results);
	await result.dispose();
	const stats = await sandbox.stats();
	const upserted = outcomes.filter((o) => o.status === 'upserted').length;
	const { limit, nominalLimit, waitedMs } = measuredLimit(spec.concurrency, nominalMs, stats);
	const perSecond = upserted / seconds;
	return {
		figures: {
			...spec,
			seconds,
			upserted,
			failed: outcomes.length - upserted,
			perSecond,
			limit,
			nominalLimit,
			waitedMs,
			ratio: perSecond / limit,
			rawPerSecond,
		},
		outcomes,
		stats,
		cpuMs: { n8n: (cpu.user + cpu.system) / 1000, sandbox: sandboxCpuMs },
	};
}

module.exports = {
	compareSendVariants,
	harnessUpsertRun,
	importSendVariants,
	runSendVariant,
	upsertProductVariants,
};
