'use strict';
// The pieces the upsert and wait benchmarks build on: the sandbox credential (the tests' own
// helper), the workflows and nodes they run, the admin session, a bare keep-alive client as the
// reference, and the HTTPS sandbox with its certificate file. The runs themselves: upsertRuns.js.
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const path = require('node:path');
const { CACHE } = require('./common');
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
	harnessUpsertWorkflow,
	httpRequestNode,
	rawClientRate,
	sandboxCredential,
	sessionEnv,
	startHttpsSandbox,
	upsertNode,
};
