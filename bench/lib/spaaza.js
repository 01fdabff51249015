'use strict';
// What the upsert and wait benchmarks share: the sandbox credential (the tests' own helper), the
// workflows and nodes they run, a bare keep-alive client as the reference, and the HTTPS sandbox
// with its certificate file.
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const path = require('node:path');
const { CACHE, DATA, OUT, PACKAGE_DIR, measuredLimit, log } = require('./common');
const { ensureFile } = require('./generate');
const { chainWorkflow, createInstance, n8nRuntime } = require('../../tools/n8n/measuredInstance');
const { sandboxCredentialData } = require('../../tools/n8n/credentials');
const { startRemoteSandbox } = require('./remoteSandbox');

/** A "Spaaza API" credential for the sandbox (`login` is 'admin' or 'token'), as the tests build it. */
function sandboxCredential(sandbox, login = 'admin') {
	return sandboxCredentialData(sandbox, login);
}

/** Read Files → Parse Spaaza File Set (batches) → Spaaza Upsert Product, for the in-process harness. */
function harnessUpsertWorkflow(harness, file, concurrency) {
	return harness.workflowFromNodes(
		{ type: 'test.manualTrigger' },
		{ type: 'test.readFiles', name: 'Read Files', parameters: { filePaths: file } },
		{
			type: 'n8n-nodes-spaaza.spaazaParseFileSet',
			name: 'Parse',
			parameters: { outputMode: 'batches', batchSize: 500, requireCompleteSets: false },
		},
		{
			type: 'n8n-nodes-spaaza.spaazaUpsertProduct',
			name: 'Upsert',
			parameters: { options: { concurrency } },
			credentials: { spaazaApi: { id: 'bench', name: 'Spaaza sandbox' } },
			// Failed records are counted by the benchmark instead of failing the run.
			settings: { continueOnFail: true, onError: 'continueRegularOutput' },
		},
	);
}

/** Parse Spaaza File Set in rows mode, the second node of the real-n8n upsert workflows. */
const PARSE_ROWS = {
	name: 'Parse',
	type: 'n8n-nodes-spaaza.spaazaParseFileSet',
	typeVersion: 1,
	parameters: { requireCompleteSets: false, outputMode: 'rows' },
};

/** Spaaza Upsert Product as the real-n8n workflows' sending node. */
function upsertNode(credential, concurrency) {
	return {
		name: 'Send',
		type: 'n8n-nodes-spaaza.spaazaUpsertProduct',
		typeVersion: 1,
		parameters: concurrency ? { options: { concurrency } } : {},
		credentials: { spaazaApi: credential },
	};
}

/** n8n's HTTP Request node posting the same add-product calls with the session in $env. */
function httpRequestNode(sandbox, options) {
	const header = (name, value) => ({ name, value });
	return {
		name: 'Send',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url: `${sandbox.apiUrl}/internal/add-product`,
			sendHeaders: true,
			headerParameters: {
				parameters: [
					header('X-Spaaza-Session-User-Id', '={{ $env.SPAAZA_BENCH_USER_ID }}'),
					header('X-Spaaza-Session-Key', '={{ $env.SPAAZA_BENCH_SESSION_KEY }}'),
					header('X-Spaaza-API-Version', '1.6.3'),
				],
			},
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify(Object.assign({ chain_id: ${sandbox.chainId} }, $json, { _source: undefined })) }}`,
			options,
		},
	};
}

/** A POST over http or https (by the URL); resolves with the status and the body as text. */
function post(url, headers, body, { agent, ca } = {}) {
	const client = url.startsWith('https:') ? https : http;
	return new Promise((resolve, reject) => {
		const request = client.request(
			url,
			{
				method: 'POST',
				agent,
				ca,
				headers: { ...headers, 'content-length': Buffer.byteLength(body) },
			},
			(response) => {
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () =>
					resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString('utf8') }),
				);
			},
		);
		request.on('error', reject);
		request.end(body);
	});
}

/** Logs the sandbox's admin in; resolves with the session's user id and key. */
async function adminSession(sandbox, options) {
	const { admin } = sandbox.logins;
	const login = await post(
		`${sandbox.apiUrl}/auth/login`,
		{ 'content-type': 'application/json' },
		JSON.stringify({ username: admin.username, password: admin.password }),
		options,
	);
	const session = JSON.parse(login.body).results.session_info;
	return { userId: String(session.session_user_id), sessionKey: session.session_key };
}

/** The environment the HTTP Request variant reads its session from. */
async function sessionEnv(sandbox) {
	const { userId, sessionKey } = await adminSession(sandbox, { ca: sandbox.ca });
	return { SPAAZA_BENCH_USER_ID: userId, SPAAZA_BENCH_SESSION_KEY: sessionKey };
}

/** n8n's HTTP Request Batching option at its defaults: 50 items every 1000 ms. */
const BATCHING_DEFAULTS = { batching: { batch: { batchSize: 50, batchInterval: 1000 } } };

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

/**
 * The same add-product calls from a bare keep-alive Node client (no retries, no checks): what this
 * machine and the sandbox allow at this concurrency, measured in the same run as the reference.
 */
async function rawClientRate(sandbox, records, concurrency) {
	const client = sandbox.apiUrl.startsWith('https:') ? https : http;
	const agent = new client.Agent({ keepAlive: true, maxSockets: concurrency });
	const { userId, sessionKey } = await adminSession(sandbox, { agent });
	const headers = {
		'content-type': 'application/json',
		'X-Spaaza-Session-User-Id': userId,
		'X-Spaaza-Session-Key': sessionKey,
	};
	let next = 0;
	const started = Date.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < records) {
				const index = next++;
				const body = JSON.stringify({
					chain_id: sandbox.chainId,
					owner_code: `RAW-${index}`,
					name: `Raw ${index}`,
					update_if_exists: true,
				});
				const answer = await post(`${sandbox.apiUrl}/internal/add-product`, headers, body, {
					agent,
				});
				if (answer.status !== 200) throw new Error(`raw client: HTTP ${answer.status}`);
			}
		}),
	);
	agent.destroy();
	return records / ((Date.now() - started) / 1000);
}

/**
 * The sandbox in its own process serving HTTPS with a throwaway certificate and `rttMs` of round
 * trip, and that certificate in a file for NODE_EXTRA_CA_CERTS (how n8n is told to trust it).
 */
async function startHttpsSandbox({ rttMs, tag }) {
	const sandbox = await startRemoteSandbox({ seed: 7, https: true, network: { rttMs } });
	fs.mkdirSync(CACHE, { recursive: true });
	const caFile = path.join(CACHE, `sandbox-ca-${tag}-${process.pid}.pem`);
	fs.writeFileSync(caFile, sandbox.ca);
	return {
		sandbox,
		caFile,
		close: async () => {
			await sandbox.close();
			fs.rmSync(caFile, { force: true });
		},
	};
}

module.exports = {
	BATCHING_DEFAULTS,
	compareSendVariants,
	harnessUpsertRun,
	harnessUpsertWorkflow,
	httpRequestNode,
	importSendVariants,
	rawClientRate,
	runSendVariant,
	sandboxCredential,
	startHttpsSandbox,
	upsertNode,
	upsertProductVariants,
};
