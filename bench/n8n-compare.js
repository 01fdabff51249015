'use strict';
// Parse vs n8n (README "Performance"): in the real pinned n8n, Read file → Parse Spaaza File Set against
// Read file → Extract From File (CSV) on the same product list: the node's time, the heap its
// output keeps (after a full GC, as n8n holds it for the rest of the execution) and the process's
// peak RSS. Each workflow runs in its own `n8n execute` process, in rotation.
const path = require('node:path');
const { log, median, MB, OUT } = require('./lib/common');
const { n8nRuntime, createInstance, chainWorkflow } = require('../tools/n8n/measuredInstance');

const VARIANTS = [
	{ id: 'benchReadOnly', label: 'Read file only (n8n baseline)' },
	{
		id: 'benchParseRows',
		label: 'Read file → Parse Spaaza File Set (rows)',
		processing: {
			type: 'n8n-nodes-spaaza.spaazaParseFileSet',
			typeVersion: 1,
			parameters: { requireCompleteSets: false, outputMode: 'rows' },
		},
	},
	{
		id: 'benchParseBatches',
		label: 'Read file → Parse Spaaza File Set (batches of 500)',
		processing: {
			type: 'n8n-nodes-spaaza.spaazaParseFileSet',
			typeVersion: 1,
			parameters: { requireCompleteSets: false, outputMode: 'batches', batchSize: 500 },
		},
	},
	{
		id: 'benchExtract',
		label: 'Read file → Extract From File (CSV)',
		processing: {
			type: 'n8n-nodes-base.extractFromFile',
			typeVersion: 1.1,
			parameters: { operation: 'csv', options: {} },
		},
	},
];

/** Peak heap and RSS while the workflow's nodes ran, from the probe's 20 ms samples. */
function windowPeaks(probe, nodes) {
	const tasks = Object.values(nodes);
	const start = Math.min(...tasks.map((t) => t.startTime));
	const end = Math.max(...tasks.map((t) => t.startTime + t.executionTime));
	const before = probe.samples.filter(([t]) => t <= start).pop() ?? probe.samples[0];
	const during = probe.samples.filter(([t]) => t >= start && t <= end + 20);
	return {
		heapBefore: before[2],
		peakHeap: Math.max(before[2], ...during.map((s) => s[2])),
		peakRss: Math.max(before[1], ...during.map((s) => s[1])),
	};
}

function measure({ probe, processSeconds }) {
	const after = probe.retainedAfter ?? {};
	// A run too large to print: the probe's own per-node record (items per output, time).
	const nodes =
		probe.nodes ??
		Object.fromEntries(
			Object.entries(after).map(([name, r]) => [
				name,
				{ items: r.items, executionTime: r.ms, startTime: r.startTime },
			]),
		);
	const processing = nodes.Process;
	return {
		processSeconds,
		// Timed by the probe around n8n's runNode; n8n's executionTime would include its GCs.
		nodeSeconds: processing
			? (after.Process ? after.Process.ms : processing.executionTime) / 1000
			: 0,
		// Heap still in use once the node had run (after a full GC), over the same after Read file.
		retainedBytes:
			after.Process && after['Read file']
				? after.Process.heapUsed - after['Read file'].heapUsed
				: undefined,
		items: processing ? processing.items : nodes['Read file'].items,
		maxRssBytes: probe.maxRssKb * 1024,
		...windowPeaks(probe, nodes),
	};
}

/**
 * Runs each workflow `runs` times in rotation. Returns per workflow the medians, or `{ skipped }`
 * when the pinned n8n is not provisioned.
 */
async function compareInN8n({ file, rows, runs }) {
	const { env, missing } = n8nRuntime();
	if (!env) return { skipped: missing };
	const instance = await createInstance(env, OUT, [file]);
	try {
		const glob = path.join(instance.filesDir, '*.csv');
		log(`    importing the workflows into n8n ${env.N8N_VERSION}`);
		await instance.importWorkflows(
			VARIANTS.map((v) =>
				chainWorkflow(
					v.id,
					v.label,
					glob,
					...(v.processing ? [{ name: 'Process', ...v.processing }] : []),
				),
			),
		);
		const samples = Object.fromEntries(VARIANTS.map((v) => [v.id, []]));
		for (let run = 0; run < runs; run++) {
			for (const variant of VARIANTS) {
				const result = measure(await instance.execute(variant.id));
				samples[variant.id].push(result);
				log(
					`    run ${run + 1}/${runs} ${variant.label.padEnd(52)} node ${result.nodeSeconds.toFixed(2)} s, ` +
						(result.retainedBytes === undefined
							? ''
							: `retained ${(result.retainedBytes / MB).toFixed(0)} MB, `) +
						`RSS peak ${(result.peakRss / MB).toFixed(0)} MB, process ${result.processSeconds.toFixed(1)} s`,
				);
			}
		}
		const baselineRss = median(samples.benchReadOnly.map((s) => s.peakRss));
		return {
			n8nVersion: env.N8N_VERSION,
			rows,
			runs,
			workflows: VARIANTS.map((variant) => {
				const list = samples[variant.id];
				return {
					id: variant.id,
					label: variant.label,
					items: list[0].items,
					nodeSeconds: median(list.map((s) => s.nodeSeconds)),
					processSeconds: median(list.map((s) => s.processSeconds)),
					retainedBytes:
						list[0].retainedBytes === undefined
							? undefined
							: median(list.map((s) => s.retainedBytes)),
					peakHeapBytes: median(list.map((s) => s.peakHeap)),
					peakRssBytes: median(list.map((s) => s.peakRss)),
					rssOverBaselineBytes: median(list.map((s) => s.peakRss)) - baselineRss,
					samples: list,
				};
			}),
		};
	} finally {
		instance.close();
	}
}

/**
 * The large file through Parse (batches) in real n8n started with its default heap (no
 * --max-old-space-size; the limit is read inside the n8n process), once. Returns the node's peak
 * heap and the limit, or `{ skipped }` / `{ failed }` (an out-of-memory run fails the execution).
 */
async function bigParseInN8n({ file, rows }) {
	const { env, missing } = n8nRuntime();
	if (!env) return { skipped: missing };
	if (/max-old-space-size/.test(env.NODE_OPTIONS ?? ''))
		return { skipped: `NODE_OPTIONS sets a heap size (${env.NODE_OPTIONS})` };
	const instance = await createInstance(env, OUT, [file]);
	try {
		const variant = VARIANTS.find((v) => v.id === 'benchParseBatches');
		await instance.importWorkflows([
			chainWorkflow(
				'benchBigParse',
				`${variant.label}, ${rows} rows`,
				path.join(instance.filesDir, '*.csv'),
				{ name: 'Process', ...variant.processing },
			),
		]);
		const run = await instance.execute('benchBigParse');
		const result = measure(run);
		return {
			n8nVersion: env.N8N_VERSION,
			rows,
			heapLimitBytes: run.probe.heapLimitBytes,
			...(run.unprintable ? { runTooLargeToPrint: true } : {}),
			...result,
		};
	} catch (error) {
		// Keep n8n's own last words (an out-of-memory trace, say), not only the first line.
		const text = String(error.message ?? error);
		return { failed: text.length > 2000 ? `${text.slice(0, 300)} … ${text.slice(-1500)}` : text };
	} finally {
		instance.close();
	}
}

module.exports = { compareInN8n, bigParseInN8n };
