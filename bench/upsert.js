'use strict';
// Upsert throughput and behaviour under faults (README "Performance"), through the in-process n8n harness:
// Read Files → Parse Spaaza File Set (batches) → Spaaza Upsert Product, against the sandbox in its
// own process with injected latency. The Upsert node's own execution time is what is timed.
// Child of bench/run.js: node bench/upsert.js '{"latencyMs":20,"runs":[…]}' out.json
const { childMain, compiled, log } = require('./lib/common');
const { startRemoteSandbox } = require('./lib/remoteSandbox');
const { harnessUpsertRun } = require('./lib/spaaza');

const harness = compiled('test/harness');

const { checkWriteLog } = compiled('sandbox');

/**
 * Checks the sandbox's write log, not its owner-code uniqueness (which makes a duplicate
 * impossible there): a record lands exactly once when it was created once, is in the catalogue
 * once, and every re-send followed a fault (a lost answer then updated in place).
 */
async function landing(sandbox, expected) {
	const [stats, catalogue, log] = await Promise.all([
		sandbox.stats(),
		sandbox.catalogue(),
		sandbox.writeLog(),
	]);
	const inCatalogue = new Map();
	for (const product of catalogue)
		inCatalogue.set(product.owner_code, (inCatalogue.get(product.owner_code) ?? 0) + 1);
	const check = checkWriteLog(log, { fresh: true });
	const troubled = new Set(check.problems.map((problem) => problem.split(' ')[1]));
	let exactlyOnce = 0;
	for (const code of expected) {
		const created = (log.products[code] ?? []).filter(
			(attempt) => attempt.outcome === 'created',
		).length;
		if (created === 1 && inCatalogue.get(code) === 1 && !troubled.has(code)) exactlyOnce++;
	}
	const requests = Object.entries(stats.requests)
		.filter(([endpoint]) => endpoint.includes('/internal/add-product'))
		.reduce((sum, [, count]) => sum + count, 0);
	return {
		exactlyOnce,
		catalogueSize: catalogue.length,
		writeLogProblems: check.problems.length,
		resent: check.resent,
		lostAnswers: check.lostAnswers,
		updatedAfterLostAnswer: check.updatedAfterLostAnswer,
		requests,
		faults: stats.faults,
	};
}

async function runOne(sandbox, spec, latencyMs) {
	const { figures, outcomes, cpuMs } = await harnessUpsertRun(harness, sandbox, spec, {
		faults: { paths: ['/api/internal/'], latencyMs, ...(spec.faults ?? {}) },
		rawFaults: { paths: ['/api/internal/'], latencyMs },
		nominalMs: latencyMs,
	});
	const { perSecond, limit, nominalLimit, waitedMs, seconds, upserted, rawPerSecond } = figures;
	const retries = outcomes.reduce((sum, o) => sum + Math.max(0, (o.attempts ?? 1) - 1), 0);
	const landed = await landing(
		sandbox,
		outcomes.map((o) => o.owner_code),
	);
	// CPU per record of the whole run (Read Files and Parse included, a few % for these sizes).
	const cpuMsPerRecord = {
		n8n: cpuMs.n8n / spec.records,
		sandbox: cpuMs.sandbox / spec.records,
	};
	log(
		`    ${spec.label.padEnd(12)}${rawPerSecond ? ` bare http client ${rawPerSecond.toFixed(0)} records/s;` : ''} ${String(spec.records).padStart(6)} records, concurrency ${String(spec.concurrency).padStart(2)}: ` +
			`${perSecond.toFixed(0)} records/s (limit ${limit.toFixed(0)}: latency waited ${waitedMs.toFixed(1)} ms; nominal ${nominalLimit.toFixed(0)}), ${seconds.toFixed(1)} s, ` +
			`${upserted} upserted, ${retries} retries, ${landed.exactlyOnce} landed exactly once; ` +
			`CPU per record ${cpuMsPerRecord.n8n.toFixed(2)} ms in n8n, ${cpuMsPerRecord.sandbox.toFixed(2)} ms in the sandbox`,
	);
	return { ...figures, retries, cpuMsPerRecord, landed };
}

childMain(async ({ latencyMs, runs }) => {
	const sandbox = await startRemoteSandbox({ seed: 7 });
	try {
		// Loads the node types and n8n-core's lazy modules, so the first measured run does not pay for it.
		await runOne(sandbox, { label: 'warm-up', records: 50, concurrency: 4 }, latencyMs);
		const results = [];
		for (const spec of runs) results.push(await runOne(sandbox, spec, latencyMs));
		return results;
	} finally {
		await sandbox.close();
	}
});
