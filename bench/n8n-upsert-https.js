'use strict';
// Upsert in the real pinned n8n over HTTPS with the network profile of bench/upsert-https.js:
// Read file → Parse (rows) → Spaaza Upsert Product, against the same add-product calls from n8n's
// HTTP Request node with its Batching option at the defaults. n8n trusts the sandbox's throwaway
// certificate through NODE_EXTRA_CA_CERTS, as an operator would configure it.
const fs = require('node:fs');
const https = require('node:https');
const path = require('node:path');
const { CACHE, DATA, log, measuredLimit } = require('./lib/common');
const { ensureFile } = require('./lib/generate');
const { n8nRuntime, createInstance, chainWorkflow } = require('./lib/n8nInstance');
const { startRemoteSandbox } = require('./lib/remoteSandbox');

const CREDENTIAL = { id: 'benchSpaazaAdminHttps', name: 'Spaaza sandbox over HTTPS (admin login)' };
const PARSE = { name: 'Parse', type: 'n8n-nodes-spaaza.spaazaParseFileSet', typeVersion: 1, parameters: { requireCompleteSets: false, outputMode: 'rows' } };

const upsertNode = (concurrency) => ({
	name: 'Send',
	type: 'n8n-nodes-spaaza.spaazaUpsertProduct',
	typeVersion: 1,
	parameters: concurrency ? { options: { concurrency } } : {},
	credentials: { spaazaApi: CREDENTIAL },
});

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

/** A session for the HTTP Request variant, from this process (which trusts the CA per request). */
function login(sandbox) {
	const { admin } = sandbox.logins;
	const body = JSON.stringify({ username: admin.username, password: admin.password });
	return new Promise((resolve, reject) => {
		const request = https.request(`${sandbox.apiUrl}/auth/login`, { method: 'POST', ca: sandbox.ca, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
			const chunks = [];
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('end', () => {
				const session = JSON.parse(Buffer.concat(chunks).toString('utf8')).results.session_info;
				resolve({ SPAAZA_BENCH_USER_ID: String(session.session_user_id), SPAAZA_BENCH_SESSION_KEY: session.session_key });
			});
		});
		request.on('error', reject);
		request.end(body);
	});
}

async function upsertInN8nOverHttps({ records, rttMs, serverMs }) {
	const { env, missing } = n8nRuntime();
	if (!env) return { skipped: missing };
	const file = ensureFile(DATA, 'productlist', records, 7);
	const sandbox = await startRemoteSandbox({ seed: 7, https: true, network: { rttMs } });
	fs.mkdirSync(CACHE, { recursive: true });
	const caFile = path.join(CACHE, `sandbox-ca-n8n-${process.pid}.pem`);
	fs.writeFileSync(caFile, sandbox.ca);
	const instance = await createInstance(env, [file.file]);
	try {
		const glob = path.join(instance.filesDir, '*.csv');
		const variants = [
			{ id: 'benchHttpsUpsertDefault', label: 'Spaaza Upsert Product (default concurrency 4)', send: upsertNode(), session: false, concurrency: 4 },
			{ id: 'benchHttpsUpsert16', label: 'Spaaza Upsert Product (concurrency 16)', send: upsertNode(16), session: false, concurrency: 16 },
			{
				id: 'benchHttpsHttpBatching',
				label: 'HTTP Request, Batching option at its defaults (50 items / 1000 ms)',
				send: httpRequestNode(sandbox, { batching: { batch: { batchSize: 50, batchInterval: 1000 } } }),
				session: true,
			},
		];
		const { admin } = sandbox.logins;
		await instance.importCredentials([
			{
				...CREDENTIAL,
				type: 'spaazaApi',
				data: { environment: 'custom', apiBaseUrl: sandbox.apiUrl, servicesBaseUrl: sandbox.servicesUrl, chainId: sandbox.chainId, authentication: 'adminLogin', username: admin.username, password: admin.password },
			},
		]);
		await instance.importWorkflows(variants.map((v) => chainWorkflow(v.id, v.label, glob, PARSE, v.send)));
		const out = [];
		for (const variant of variants) {
			await sandbox.reset();
			await sandbox.setFaults({ paths: ['/api/internal/'], latencyMs: serverMs });
			const extraEnv = { NODE_EXTRA_CA_CERTS: caFile, ...(variant.session ? await login(sandbox) : {}) };
			const { probe } = await instance.execute(variant.id, extraEnv);
			const send = probe.retainedAfter?.Send?.ms ?? probe.nodes.Send.executionTime;
			const stats = await sandbox.stats();
			const written = Object.keys(stats.writes.products).length;
			const perSecond = records / (send / 1000);
			const { limit, nominalLimit, waitedMs } = variant.concurrency ? measuredLimit(variant.concurrency, rttMs + serverMs, stats) : {};
			log(`    ${variant.label.padEnd(68)} ${perSecond.toFixed(0).padStart(5)} records/s (${(send / 1000).toFixed(1)} s), ${written} written, ${stats.connections.opened} connections${limit ? `, ${(perSecond / limit).toFixed(2)}× of the limit ${limit.toFixed(0)} (waited ${waitedMs.toFixed(1)} ms; nominal ${nominalLimit.toFixed(0)})` : ''}`);
			out.push({ id: variant.id, label: variant.label, seconds: send / 1000, perSecond, written, connections: stats.connections.opened, limit, nominalLimit, waitedMs, ratio: limit ? perSecond / limit : undefined });
		}
		return { n8nVersion: env.N8N_VERSION, records, rttMs, serverMs, variants: out };
	} finally {
		instance.close();
		await sandbox.close();
		fs.rmSync(caFile, { force: true });
	}
}

module.exports = { upsertInN8nOverHttps };
