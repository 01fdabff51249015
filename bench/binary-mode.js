'use strict';
// What n8n's queue-mode binary-data setting costs the Spaaza nodes in memory. Queue
// mode keeps binary data in the database (`database` mode, n8n 2.40's default there): storing a
// file reads it whole into one Buffer, and reading it back loads the whole row and streams that
// Buffer. So Parse, which streams in `filesystem` mode, holds the file (and PostgreSQL's copy of
// it on the way) at once. This runs Read file → Parse Spaaza File Set (batches) on a 100k-row
// variant list in the pinned n8n on a throwaway PostgreSQL, once per mode, and reports the peak
// RSS of each against the file size.
//   node bench/binary-mode.js [--rows=100000] [--runs=2]
const fs = require('node:fs');
const path = require('node:path');
const { compile, log, DATA, MB, OUT } = require('./lib/common');
const { ensureFile } = require('./lib/generate');
const { n8nRuntime, createInstance, chainWorkflow } = require('../tools/n8n/measuredInstance');
const { startQueueServices } = require('../tools/n8n/queue/services');

const arg = (name, fallback) =>
	Number((process.argv.find((a) => a.startsWith(`--${name}=`)) ?? `=${fallback}`).split('=')[1]);
const ROWS = arg('rows', 100_000);
const RUNS = arg('runs', 2);
const MODES = ['filesystem', 'database'];

async function main() {
	const { env, missing } = n8nRuntime();
	if (!env) throw new Error(missing);
	compile();
	const { file } = ensureFile(DATA, 'variantlist', ROWS);
	const fileBytes = fs.statSync(file).size;
	const services = await startQueueServices();
	const instance = await createInstance(env, OUT, [file], services.postgres.env);
	try {
		const parse = {
			type: 'n8n-nodes-spaaza.spaazaParseFileSet',
			typeVersion: 1,
			parameters: { requireCompleteSets: false, outputMode: 'batches', batchSize: 500 },
		};
		await instance.importWorkflows([
			chainWorkflow(
				'binaryModeParse',
				'Read file → Parse (batches)',
				path.join(instance.filesDir, '*.csv'),
				{ name: 'Process', ...parse },
			),
		]);
		const peaks = Object.fromEntries(MODES.map((mode) => [mode, []]));
		for (let run = 0; run < RUNS; run++) {
			for (const mode of MODES) {
				const { probe } = await instance.execute('binaryModeParse', {
					N8N_DEFAULT_BINARY_DATA_MODE: mode,
				});
				const tasks = Object.values(probe.nodes);
				const start = Math.min(...tasks.map((t) => t.startTime));
				const before = probe.samples.filter(([t]) => t <= start).pop() ?? probe.samples[0];
				const peak = Math.max(...probe.samples.filter(([t]) => t >= start).map((s) => s[1]));
				peaks[mode].push(peak - before[1]);
				log(
					`  run ${run + 1}/${RUNS} ${mode.padEnd(10)} RSS growth while the workflow ran ${(peaks[mode].at(-1) / MB).toFixed(0)} MB (file ${(fileBytes / MB).toFixed(1)} MB)`,
				);
			}
		}
		const median = (list) => {
			const sorted = [...list].sort((a, b) => a - b);
			return (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
		};
		const [fsPeak, dbPeak] = MODES.map((mode) => median(peaks[mode]));
		log(
			`\n${ROWS} variant rows, file ${(fileBytes / MB).toFixed(1)} MB; median RSS growth during Read file → Parse (batches):`,
		);
		log(
			`  filesystem ${(fsPeak / MB).toFixed(0)} MB, database ${(dbPeak / MB).toFixed(0)} MB: database mode costs ${((dbPeak - fsPeak) / MB).toFixed(0)} MB more (${((dbPeak - fsPeak) / fileBytes).toFixed(1)}× the file)`,
		);
	} finally {
		instance.close();
		await services.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
