'use strict';
// Upsert over HTTPS with a network profile: what a new connection per record costs on the internet.
// The sandbox (its own process) serves HTTPS with a throwaway certificate, adds a round trip to
// every request and two (TCP + TLS) to every new connection; the client trusts that certificate
// through NODE_EXTRA_CA_CERTS, as an n8n instance would be told to. The limit is
// concurrency / (RTT + server time); a bare keep-alive https client is measured in the same run.
//   parent: upsertOverHttps(plan) from bench/run.js; child: node bench/upsert-https.js '{…}' out.json
const { childMain, compiled, log, runChild } = require('./lib/common');
const { attachRemoteSandbox } = require('./lib/remoteSandbox');
const { harnessUpsertRun, startHttpsSandbox } = require('./lib/spaaza');

/** Parent side: starts the HTTPS sandbox, runs the measurements in a child that trusts it. */
async function upsertOverHttps({ rttMs, serverMs, runs }) {
	const { sandbox, caFile, close } = await startHttpsSandbox({ rttMs, tag: 'harness' });
	const { baseUrl, apiUrl, servicesUrl, port, chainId, logins, ca } = sandbox;
	try {
		return await runChild(
			'upsert-https.js',
			{
				sandbox: { baseUrl, apiUrl, servicesUrl, port, chainId, logins, ca },
				rttMs,
				serverMs,
				runs,
			},
			{ nodeArgs: ['--max-old-space-size=4096'], env: { NODE_EXTRA_CA_CERTS: caFile } },
		);
	} finally {
		await close();
	}
}

async function runOne(harness, sandbox, spec, { rttMs, serverMs }) {
	const { figures, stats } = await harnessUpsertRun(harness, sandbox, spec, {
		faults: { paths: ['/api/internal/'], latencyMs: serverMs },
		nominalMs: rttMs + serverMs,
	});
	const { perSecond, limit, nominalLimit, waitedMs, seconds, upserted, rawPerSecond } = figures;
	const connections = stats.connections?.opened;
	log(
		`    ${spec.label.padEnd(16)}${rawPerSecond ? ` bare https client ${rawPerSecond.toFixed(0)} records/s;` : ''} ${String(spec.records).padStart(6)} records: ` +
			`${perSecond.toFixed(0)} records/s (limit ${limit.toFixed(0)}: RTT + server waited ${waitedMs.toFixed(1)} ms; nominal ${nominalLimit.toFixed(0)}), ${seconds.toFixed(1)} s, ${upserted} upserted, ${connections} connections opened`,
	);
	return {
		...figures,
		rawRatio: rawPerSecond ? rawPerSecond / limit : undefined,
		connections,
	};
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
