'use strict';
// Upsert over HTTPS with a network profile: what a new connection per record costs on the internet.
// The sandbox (its own process) serves HTTPS with a throwaway certificate, adds a round trip to
// every request and two (TCP + TLS) to every new connection; the client trusts that certificate
// through NODE_EXTRA_CA_CERTS, as an n8n instance would be told to. The limit is
// concurrency / (RTT + server time); a bare keep-alive https client is measured in the same run.
//   parent: upsertOverHttps(plan) from bench/run.js; child: node bench/upsert-https.js '{…}' out.json
const fs = require('node:fs');
const https = require('node:https');
const path = require('node:path');
const { CACHE, DATA, PACKAGE_DIR, childMain, compiled, log, measuredLimit, runChild } = require('./lib/common');
const { ensureFile } = require('./lib/generate');
const { attachRemoteSandbox, startRemoteSandbox } = require('./lib/remoteSandbox');

/** Parent side: starts the HTTPS sandbox, runs the measurements in a child that trusts it. */
async function upsertOverHttps({ rttMs, serverMs, runs }) {
	const sandbox = await startRemoteSandbox({ seed: 7, https: true, network: { rttMs } });
	fs.mkdirSync(CACHE, { recursive: true });
	const caFile = path.join(CACHE, `sandbox-ca-${process.pid}.pem`);
	fs.writeFileSync(caFile, sandbox.ca);
	const { baseUrl, apiUrl, servicesUrl, port, chainId, logins, ca } = sandbox;
	try {
		return await runChild(
			'upsert-https.js',
			{ sandbox: { baseUrl, apiUrl, servicesUrl, port, chainId, logins, ca }, rttMs, serverMs, runs },
			{ nodeArgs: ['--max-old-space-size=4096'], env: { NODE_EXTRA_CA_CERTS: caFile } },
		);
	} finally {
		await sandbox.close();
		fs.rmSync(caFile, { force: true });
	}
}

function workflow(harness, file, concurrency) {
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
			settings: { continueOnFail: true, onError: 'continueRegularOutput' },
		},
	);
}

function credentials(sandbox) {
	const { username, password } = sandbox.logins.admin;
	return {
		spaazaApi: { environment: 'custom', apiBaseUrl: sandbox.apiUrl, servicesBaseUrl: sandbox.servicesUrl, chainId: sandbox.chainId, authentication: 'adminLogin', username, password },
	};
}

function post(url, headers, body, agent) {
	return new Promise((resolve, reject) => {
		const request = https.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (response) => {
			const chunks = [];
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
		});
		request.on('error', reject);
		request.end(body);
	});
}

/** The same add-product calls from a bare keep-alive https client: the reference in this run. */
async function rawClientRate(sandbox, records, concurrency) {
	const agent = new https.Agent({ keepAlive: true, maxSockets: concurrency });
	const { admin } = sandbox.logins;
	const login = await post(`${sandbox.apiUrl}/auth/login`, { 'content-type': 'application/json' }, JSON.stringify({ username: admin.username, password: admin.password }), agent);
	const session = JSON.parse(login.body).results.session_info;
	const headers = {
		'content-type': 'application/json',
		'X-Spaaza-Session-User-Id': String(session.session_user_id),
		'X-Spaaza-Session-Key': session.session_key,
	};
	let next = 0;
	const started = Date.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < records) {
				const index = next++;
				const body = JSON.stringify({ chain_id: sandbox.chainId, owner_code: `RAW-${index}`, name: `Raw ${index}`, update_if_exists: true });
				const answer = await post(`${sandbox.apiUrl}/internal/add-product`, headers, body, agent);
				if (answer.status !== 200) throw new Error(`raw client: HTTP ${answer.status}`);
			}
		}),
	);
	agent.destroy();
	return records / ((Date.now() - started) / 1000);
}

async function runOne(harness, sandbox, spec, { rttMs, serverMs }) {
	const products = ensureFile(DATA, 'productlist', spec.records, 7);
	const faults = { paths: ['/api/internal/'], latencyMs: serverMs };
	let rawPerSecond;
	if (spec.rawRecords) {
		await sandbox.reset();
		await sandbox.setFaults(faults);
		rawPerSecond = await rawClientRate(sandbox, spec.rawRecords, spec.concurrency);
	}
	await sandbox.reset();
	await sandbox.setFaults(faults);
	const result = await harness.runWorkflow(workflow(harness, products.file, spec.concurrency), {
		packageDir: PACKAGE_DIR,
		credentials: credentials(sandbox),
		timeoutMs: 30 * 60 * 1000,
	});
	if (result.error) throw new Error(`upsert run failed: ${result.error.message}`);
	const seconds = result.run.data.resultData.runData.Upsert[0].executionTime / 1000;
	const outcomes = result.json('Upsert', 0).flatMap((batch) => batch.results);
	const upserted = outcomes.filter((o) => o.status === 'upserted').length;
	const stats = await sandbox.stats();
	await result.dispose();
	const { limit, nominalLimit, waitedMs } = measuredLimit(spec.concurrency, rttMs + serverMs, stats);
	const perSecond = upserted / seconds;
	const connections = stats.connections?.opened;
	log(
		`    ${spec.label.padEnd(16)}${rawPerSecond ? ` bare https client ${rawPerSecond.toFixed(0)} records/s;` : ''} ${String(spec.records).padStart(6)} records: ` +
			`${perSecond.toFixed(0)} records/s (limit ${limit.toFixed(0)}: RTT + server waited ${waitedMs.toFixed(1)} ms; nominal ${nominalLimit.toFixed(0)}), ${seconds.toFixed(1)} s, ${upserted} upserted, ${connections} connections opened`,
	);
	return { ...spec, seconds, upserted, failed: outcomes.length - upserted, perSecond, limit, nominalLimit, waitedMs, ratio: perSecond / limit, rawPerSecond, rawRatio: rawPerSecond ? rawPerSecond / limit : undefined, connections };
}

if (require.main === module) {
	childMain(async ({ sandbox: description, rttMs, serverMs, runs }) => {
		const harness = compiled('test/harness');
		const sandbox = attachRemoteSandbox(description);
		const profile = { rttMs, serverMs };
		// Loads the node types and n8n-core's lazy modules before the first measured run.
		await runOne(harness, sandbox, { label: 'warm-up', records: 50, concurrency: 4 }, profile);
		const results = [];
		for (const spec of runs) results.push(await runOne(harness, sandbox, spec, profile));
		return results;
	});
}

module.exports = { upsertOverHttps };
