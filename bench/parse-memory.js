'use strict';
// Parse memory (README "Performance"): heap retained after Parse Spaaza File Set has produced its output, in
// `rows` or `batches` mode, run through the in-process n8n harness (n8n-core's WorkflowExecute),
// so the items and whatever the engine keeps per item are counted, as in n8n.
// Child of bench/run.js: node --expose-gc bench/parse-memory.js '{"file":…,"mode":"rows"}' out.json
const path = require('node:path');
const { childMain, compiled, log, MB, PACKAGE_DIR, DATA } = require('./lib/common');
const { ensureFile } = require('./lib/generate');

const harness = compiled('test/harness');

function workflow(file, mode) {
	return harness.workflowFromNodes(
		{ type: 'test.manualTrigger' },
		{ type: 'test.readFiles', name: 'Read Files', parameters: { filePaths: file } },
		{
			type: 'n8n-nodes-spaaza.spaazaParseFileSet',
			name: 'Parse',
			// Rows mode past its default 100,000-record limit: this bench measures what the limit guards against.
			parameters: {
				outputMode: mode,
				batchSize: 500,
				requireCompleteSets: false,
				maxRecords: 100_000_000,
			},
		},
	);
}

function heapUsed() {
	global.gc();
	global.gc();
	return process.memoryUsage().heapUsed;
}

childMain(async ({ file, mode }) => {
	const options = { packageDir: PACKAGE_DIR, timeoutMs: 30 * 60 * 1000 };
	// Warm up the engine, the loader and the node on a small file so the baseline includes them.
	const small = ensureFile(DATA, path.basename(file).split('_')[0], 1000);
	const warm = await harness.runWorkflow(workflow(small.file, mode), options);
	if (warm.error) throw new Error(`warm-up run failed: ${warm.error.message}`);
	await warm.dispose();
	const baseline = heapUsed();

	let peak = 0;
	const sampler = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().heapUsed);
	}, 10);
	const started = Date.now();
	const result = await harness.runWorkflow(workflow(file, mode), options);
	clearInterval(sampler);
	const seconds = (Date.now() - started) / 1000;
	if (result.error) throw new Error(`run failed: ${result.error.message}`);
	const retained = heapUsed() - baseline;
	const items = [0, 1, 2].map((output) => result.output('Parse', output).length);
	const records =
		mode === 'batches'
			? [0, 1].reduce(
					(sum, output) =>
						sum +
						result.output('Parse', output).reduce((n, item) => n + item.json.records.length, 0),
					0,
				)
			: items[0] + items[1];
	log(
		`    ${mode.padEnd(7)} retained ${(retained / MB).toFixed(0)} MB, sampled peak ${((peak - baseline) / MB).toFixed(0)} MB, ${records} records in ${items[0] + items[1]} items, ${seconds.toFixed(1)} s`,
	);
	// Keeps the run (and so every output item) alive until the measurement above.
	await result.dispose();
	return { mode, retainedBytes: retained, peakBytes: peak - baseline, records, items, seconds };
});
