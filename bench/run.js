'use strict';
// `npm run bench`: every README "Performance" figure against its reference, measured in the same run, printed
// as one table and written to bench-results/latest.json (+ latest.md). See bench/README.md.
//   node bench/run.js [--only=parse,memory,n8n,upsert,upsert-https,n8n-upsert,n8n-upsert-https,sync,wait,n8n-small-plan] [--quick] [--sync-products=N]
// (n8n-small-plan runs only when named: it imports 40,000+ records several times)
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { compile, runChild, log, DATA, RESULTS, MB } = require('./lib/common');
const { ensureFile, ensureDamagedFile } = require('./lib/generate');
const { bigParseInN8n, compareInN8n } = require('./n8n-compare');
const { upsertInN8n } = require('./n8n-upsert');
const { syncInN8n } = require('./n8n-sync');
const { smallPlanInN8n } = require('./n8n-small-plan');
const { upsertOverHttps } = require('./upsert-https');
const { upsertInN8nOverHttps } = require('./n8n-upsert-https');

const SECTIONS = [
	'parse',
	'memory',
	'n8n',
	'upsert',
	'upsert-https',
	'n8n-upsert',
	'n8n-upsert-https',
	'sync',
	'wait',
	'n8n-small-plan',
];
/** Sections that run only when --only names them. */
const OPT_IN = ['n8n-small-plan'];
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((arg) => arg.startsWith('--only='));
const only = onlyArg
	? onlyArg.slice('--only='.length).split(',')
	: SECTIONS.filter((name) => !OPT_IN.includes(name));
for (const name of only)
	if (!SECTIONS.includes(name))
		throw new Error(`--only: unknown section "${name}" (${SECTIONS.join(', ')})`);

/** --sync-products=100000: the sync section at another size (default a tenth of full size). */
const syncProductsArg = args.find((arg) => arg.startsWith('--sync-products='));

const BIG = quick ? 200_000 : 1_000_000;
const PLAN = {
	throughput: [
		{ type: 'variantlist', rows: 100_000, runs: quick ? 3 : 5, warmup: true },
		{ type: 'productlist', rows: 100_000, runs: quick ? 3 : 5, warmup: true },
		{ type: 'variantlist', rows: BIG, runs: quick ? 3 : 5, warmup: false },
		// A quote problem in the first data row: every row goes to the general reader (csvCore.ts).
		{ type: 'variantlist', rows: 100_000, runs: quick ? 3 : 5, warmup: true, damage: true },
	],
	memory: [100_000, BIG],
	n8nRuns: quick ? 1 : 3,
	n8nUpsertRecords: quick ? 300 : 1000,
	// Over HTTPS the login and the TLS handshakes of a run are a fixed cost: 3,000 records keep the
	// concurrency-16 run at about 10 s so the steady rate shows (a nightly import sends far more).
	n8nUpsertHttpsRecords: quick ? 300 : 3000,
	upsertLatencyMs: 20,
	// Fewer records at low concurrency: each run still lasts 10-20 s at the steady rate.
	upsert: [
		{ label: 'concurrency 1', records: quick ? 200 : 500, concurrency: 1, rawRecords: 200 },
		{ label: 'concurrency 4', records: quick ? 800 : 2000, concurrency: 4, rawRecords: 800 },
		{ label: 'concurrency 16', records: quick ? 4000 : 20_000, concurrency: 16, rawRecords: 4000 },
		{
			label: 'faults',
			records: quick ? 4000 : 20_000,
			concurrency: 16,
			// Retry-After 0 so the run measures the retry mechanism, not the sandbox's requested pause.
			faults: {
				rates: { 429: 0.025, 503: 0.025, drop: 0.01 },
				retryAfterSeconds: 0,
				afterProcessing: ['drop'],
			},
		},
	],
	// HTTPS with a network profile: every request pays the RTT, every new connection two more
	// (TCP + TLS), the server answers in serverMs.
	upsertHttps: {
		rttMs: 25,
		serverMs: 20,
		runs: [
			{
				label: 'concurrency 1',
				records: quick ? 150 : 300,
				concurrency: 1,
				rawRecords: quick ? 150 : 300,
			},
			{
				label: 'concurrency 4',
				records: quick ? 500 : 1200,
				concurrency: 4,
				rawRecords: quick ? 500 : 1200,
			},
			{
				label: 'concurrency 16',
				records: quick ? 2000 : 5000,
				concurrency: 16,
				rawRecords: quick ? 2000 : 5000,
			},
		],
	},
	// A tenth of the 100,000 products and 300,000 variants of a large retailer's nightly feed: the
	// "everything" run sends 40,000 writes (about a minute at 25 ms and concurrency 16); full size
	// would take over ten minutes of the bench for the reference alone.
	sync: {
		products: syncProductsArg
			? Number(syncProductsArg.slice('--sync-products='.length))
			: quick
				? 2_000
				: 10_000,
		latencyMs: 25,
		concurrency: 16,
	},
	wait: { pollSeconds: 1, doneAfterMs: [1300, 2900, 4400, 6100, 8300], cancelAfterMs: 1500 },
};

const rows = [];
const results = { startedAt: new Date().toISOString(), machine: machine(), quick, sections: {} };

function machine() {
	return {
		nproc: os.availableParallelism(),
		cpu: os.cpus()[0]?.model ?? 'unknown',
		node: process.version,
		memoryGb: Math.round(os.totalmem() / 2 ** 30),
		loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
	};
}

const fmt = {
	rate: (n) => `${Math.round(n).toLocaleString('en-US')}/s`,
	mb: (bytes) => `${(bytes / MB).toFixed(0)} MB`,
	s: (seconds) => `${seconds.toFixed(2)} s`,
	ratio: (r) => `${r.toFixed(2)}×`,
	count: (n) => n.toLocaleString('en-US'),
};

function row(section, measure, value, reference, ratio, target, met) {
	rows.push({
		section,
		measure,
		value,
		reference,
		ratio,
		target,
		met: met === undefined ? '' : met ? 'yes' : 'NO',
	});
}

/** A row whose figure and reference are shown in one `format` and whose ratio is their quotient. */
function compared(section, measure, [figure, reference], format, target, met) {
	row(
		section,
		measure,
		format(figure),
		format(reference),
		fmt.ratio(figure / reference),
		target,
		met,
	);
}

/** When the section's real n8n is not provisioned: one row that says so (and why, in the log). */
function skipped(section, measure, result) {
	if (!result.skipped) return false;
	row(section, measure, 'skipped', '', '', '', undefined);
	log(`  skipped: ${result.skipped}`);
	return true;
}

async function parseThroughput() {
	const out = [];
	for (const spec of PLAN.throughput) {
		const file = (spec.damage ? ensureDamagedFile : ensureFile)(DATA, spec.type, spec.rows);
		const label = `${spec.type} ${fmt.count(spec.rows)} rows${spec.damage ? ', quote problem in row 1 (all rows through the general reader)' : ''}`;
		log(`  ${label} (${fmt.mb(file.bytes)}), ${spec.runs} alternating runs`);
		const result = await runChild(
			'parse-throughput.js',
			{
				file: file.file,
				rows: spec.rows,
				runs: spec.runs,
				warmup: spec.warmup,
				damage: spec.damage === true,
			},
			{ nodeArgs: ['--expose-gc'] },
		);
		out.push({ type: spec.type, damage: spec.damage === true, fileBytes: file.bytes, ...result });
		row(
			'Parse throughput',
			`${label}: parseFileSet vs bare csv-parse at its fastest (Parser#api.parse on the file's chunks, field arrays, no columns; Parse's own path) (median of ${spec.runs})`,
			fmt.rate(result.coreRowsPerSecond),
			fmt.rate(result.referenceRowsPerSecond),
			fmt.ratio(result.ratio),
			'≥ 0.80×',
			result.ratio >= 0.8,
		);
	}
	results.sections.parseThroughput = out;
}

async function parseMemory() {
	const out = [];
	for (const size of PLAN.memory) {
		const file = ensureFile(DATA, 'variantlist', size);
		log(
			`  variantlist ${fmt.count(size)} rows (${fmt.mb(file.bytes)}): rows and batches, one process each`,
		);
		const byMode = {};
		for (const mode of ['batches', 'rows']) {
			byMode[mode] = await runChild(
				'parse-memory.js',
				{ file: path.resolve(file.file), mode },
				{ nodeArgs: ['--expose-gc', '--max-old-space-size=8192'] },
			);
		}
		const { batches, rows: rowsMode } = byMode;
		out.push({ rows: size, fileBytes: file.bytes, batches, rowsMode });
		const label = `variantlist ${fmt.count(size)} rows`;
		for (const [against, reference, most] of [
			['file size', file.bytes, 3],
			['rows mode', rowsMode.retainedBytes, 0.5],
		])
			compared(
				'Parse memory',
				`${label}: heap retained, batches vs ${against}`,
				[batches.retainedBytes, reference],
				fmt.mb,
				`≤ ${most}×`,
				batches.retainedBytes <= most * reference,
			);
		if (size === PLAN.memory[PLAN.memory.length - 1]) await bigParseInRealN8n(file, size, label);
	}
	results.sections.parseMemory = out;
}

/** "Within n8n's default heap", measured where it matters: real n8n, started without a heap flag. */
async function bigParseInRealN8n(file, size, label) {
	log(`  real n8n with its default heap: ${label}, Parse (batches)`);
	const big = await bigParseInN8n({ file: path.resolve(file.file), rows: size });
	results.sections.bigParseInN8n = big;
	if (big.skipped || big.failed) {
		row(
			'Parse memory',
			`${label}: Parse (batches) in real n8n with its default heap`,
			big.skipped ? 'skipped' : 'FAILED',
			'',
			'',
			'< 1×',
			big.skipped ? undefined : false,
		);
		log(`  ${big.skipped ? 'skipped' : 'failed'}: ${big.skipped ?? big.failed}`);
		return;
	}
	const records = (big.items ?? []).reduce((sum, n) => sum + n, 0);
	log(
		`    Parse ran in ${big.nodeSeconds.toFixed(1)} s, ${records} items out, peak heap ${fmt.mb(big.peakHeap)} of ${fmt.mb(big.heapLimitBytes)}`,
	);
	if (big.runTooLargeToPrint)
		log(
			'    the run as JSON is longer than a JavaScript string can be: n8n execute could not print it (n8n would fail the same way saving it as execution data)',
		);
	compared(
		'Parse memory',
		`${label}: peak heap of Parse (batches) in real n8n vs that process's default heap limit (no --max-old-space-size)`,
		[big.peakHeap, big.heapLimitBytes],
		fmt.mb,
		'< 1×',
		big.peakHeap < big.heapLimitBytes,
	);
}

async function parseVsN8n() {
	const file = ensureFile(DATA, 'productlist', 100_000);
	log(`  real n8n: productlist 100,000 rows, ${PLAN.n8nRuns} run(s) of each workflow`);
	const result = await compareInN8n({ file: file.file, rows: 100_000, runs: PLAN.n8nRuns });
	results.sections.parseVsN8n = result;
	if (skipped('Parse vs n8n', 'Parse vs Extract From File in real n8n', result)) return;
	const by = Object.fromEntries(result.workflows.map((w) => [w.id, w]));
	const extract = by.benchExtract;
	for (const id of ['benchParseRows', 'benchParseBatches']) {
		const parse = by[id];
		const mode = id === 'benchParseRows' ? 'rows' : 'batches';
		compared(
			'Parse vs n8n',
			`100k products, Parse (${mode}) vs Extract From File: node time`,
			[parse.nodeSeconds, extract.nodeSeconds],
			fmt.s,
			'< 1× (faster)',
			parse.nodeSeconds < extract.nodeSeconds,
		);
		if (parse.retainedBytes !== undefined && extract.retainedBytes !== undefined) {
			compared(
				'Parse vs n8n',
				`100k products, Parse (${mode}) vs Extract From File: heap retained by the node's output (after GC)`,
				[parse.retainedBytes, extract.retainedBytes],
				fmt.mb,
				'< 1× (lighter)',
				parse.retainedBytes < extract.retainedBytes,
			);
		}
		compared(
			'Parse vs n8n',
			`100k products, Parse (${mode}) vs Extract From File: peak RSS over read-only run`,
			[parse.rssOverBaselineBytes, extract.rssOverBaselineBytes],
			fmt.mb,
			'< 1× (lighter)',
			parse.rssOverBaselineBytes < extract.rssOverBaselineBytes,
		);
	}
}

async function upsert() {
	log(`  Spaaza Upsert Product through the harness, sandbox latency ${PLAN.upsertLatencyMs} ms`);
	const runs = await runChild(
		'upsert.js',
		{ latencyMs: PLAN.upsertLatencyMs, runs: PLAN.upsert },
		{ nodeArgs: ['--max-old-space-size=4096'] },
	);
	results.sections.upsert = runs;
	const clean = runs.find((r) => r.label === 'concurrency 16');
	for (const run of runs) {
		if (run.label === 'faults') continue;
		const cpu = `CPU/record ${run.cpuMsPerRecord.n8n.toFixed(2)} ms in n8n, ${run.cpuMsPerRecord.sandbox.toFixed(2)} ms in the sandbox`;
		row(
			'Upsert',
			`${fmt.count(run.records)} products, ${run.label} (bare http client: ${fmt.rate(run.rawPerSecond)}; ${cpu})`,
			fmt.rate(run.perSecond),
			`${fmt.rate(run.limit)} (c / latency waited, ${run.waitedMs.toFixed(1)} ms; nominal ${fmt.rate(run.nominalLimit)})`,
			fmt.ratio(run.ratio),
			'≥ 0.90×',
			run.ratio >= 0.9,
		);
	}
	const faulted = runs.find((r) => r.label === 'faults');
	if (faulted) {
		const n = faulted.records;
		compared(
			'Upsert faults',
			`${fmt.count(n)} products, 5% 429/503 + 1% drops after the write: landed exactly once`,
			[faulted.landed.exactlyOnce, n],
			fmt.count,
			'= 1×',
			faulted.landed.exactlyOnce === n &&
				faulted.landed.catalogueSize === n &&
				faulted.landed.writeLogProblems === 0 &&
				faulted.landed.lostAnswers > 0,
		);
		row(
			'Upsert faults',
			`retries made (faults injected: 429 ${faulted.landed.faults['429']}, 503 ${faulted.landed.faults['503']}, drop ${faulted.landed.faults.drop}); sandbox write log: ${faulted.landed.resent} re-sends, ${faulted.landed.lostAnswers} lost answers, ${faulted.landed.updatedAfterLostAnswer} updated in place`,
			fmt.count(faulted.retries),
			fmt.count(
				faulted.landed.faults['429'] + faulted.landed.faults['503'] + faulted.landed.faults.drop,
			),
			'',
			'',
			undefined,
		);
		if (clean) {
			compared(
				'Upsert faults',
				'throughput with faults vs fault-free (concurrency 16)',
				[faulted.perSecond, clean.perSecond],
				fmt.rate,
				'(report)',
			);
		}
	}
}

async function upsertHttps() {
	const { rttMs, serverMs } = PLAN.upsertHttps;
	log(
		`  Spaaza Upsert Product over HTTPS, RTT ${rttMs} ms + server ${serverMs} ms, handshake ${2 * rttMs} ms per new connection`,
	);
	const runs = await upsertOverHttps(PLAN.upsertHttps);
	results.sections.upsertHttps = runs;
	for (const run of runs) {
		row(
			'Upsert HTTPS',
			`${fmt.count(run.records)} products, ${run.label}, ${fmt.count(run.connections)} connections (bare keep-alive https client: ${fmt.rate(run.rawPerSecond)} = ${fmt.ratio(run.rawRatio)})`,
			fmt.rate(run.perSecond),
			`${fmt.rate(run.limit)} (c / (RTT + server) waited, ${run.waitedMs.toFixed(1)} ms; nominal ${fmt.rate(run.nominalLimit)})`,
			fmt.ratio(run.ratio),
			'≥ 0.90×',
			run.ratio >= 0.9,
		);
	}
}

async function n8nUpsert() {
	log(
		`  real n8n: ${PLAN.n8nUpsertRecords} products, Spaaza Upsert Product vs HTTP Request, sandbox latency ${PLAN.upsertLatencyMs} ms`,
	);
	const result = await upsertInN8n({
		records: PLAN.n8nUpsertRecords,
		latencyMs: PLAN.upsertLatencyMs,
	});
	results.sections.n8nUpsert = result;
	if (skipped('Upsert vs n8n', 'Upsert vs HTTP Request in real n8n', result)) return;
	const by = Object.fromEntries(result.variants.map((v) => [v.id, v]));
	const n = fmt.count(result.records);
	const all = result.variants.every((v) => v.written === result.records);
	// The row that counts: HTTP Request at its fastest (no batching: n8n sends every item at once).
	compared(
		'Upsert vs n8n',
		`${n} products, Upsert (concurrency 16) vs HTTP Request at its fastest: no Batching option (n8n's default, every item at once, unbounded)`,
		[by.benchUpsert16.perSecond, by.benchHttpDefault.perSecond],
		fmt.rate,
		'≥ 0.90×',
		all && by.benchUpsert16.perSecond >= 0.9 * by.benchHttpDefault.perSecond,
	);
	compared(
		'Upsert vs n8n',
		`${n} products, Upsert (default concurrency 4) vs HTTP Request with the Batching option at its defaults (50 items per 1,000 ms)`,
		[by.benchUpsertDefault.perSecond, by.benchHttpBatching.perSecond],
		fmt.rate,
		'(report)',
	);
}

async function n8nUpsertHttps() {
	const { rttMs, serverMs } = PLAN.upsertHttps;
	const records = PLAN.n8nUpsertHttpsRecords;
	log(
		`  real n8n over HTTPS: ${records} products, Spaaza Upsert Product vs HTTP Request, RTT ${rttMs} ms + server ${serverMs} ms`,
	);
	const result = await upsertInN8nOverHttps({ records, rttMs, serverMs });
	results.sections.n8nUpsertHttps = result;
	if (skipped('Upsert HTTPS vs n8n', 'Upsert vs HTTP Request in real n8n over HTTPS', result))
		return;
	const by = Object.fromEntries(result.variants.map((v) => [v.id, v]));
	const n = fmt.count(result.records);
	const all = result.variants.every((v) => v.written === result.records);
	for (const id of ['benchHttpsUpsertDefault', 'benchHttpsUpsert16']) {
		const v = by[id];
		compared(
			'Upsert HTTPS vs n8n',
			`${n} products in real n8n, ${v.label} vs its limit c / (RTT + server), ${fmt.count(v.connections)} connections`,
			[v.perSecond, v.limit],
			fmt.rate,
			'≥ 0.90×',
			all && v.ratio >= 0.9,
		);
	}
	const batching = by.benchHttpsHttpBatching;
	compared(
		'Upsert HTTPS vs n8n',
		`${n} products in real n8n, Upsert (default concurrency 4) vs HTTP Request with the Batching option at its defaults (50 / 1 s)`,
		[by.benchHttpsUpsertDefault.perSecond, batching.perSecond],
		fmt.rate,
		'> 1× (far ahead)',
		all && by.benchHttpsUpsertDefault.perSecond > batching.perSecond,
	);
}

async function sync() {
	const { products, latencyMs, concurrency } = PLAN.sync;
	log(
		`  real n8n: a daily feed of ${fmt.count(products)} products and ${fmt.count(products * 3)} variants (1% changed, 0.5% new, 0.5% missing), ${latencyMs} ms per request, concurrency ${concurrency}`,
	);
	const result = await syncInN8n({ products, latencyMs, concurrency });
	results.sections.sync = result;
	if (skipped('Sync', 'Compare + Create or Update in real n8n', result)) return;
	const [compare, all] = result.runs;
	const records = result.products + result.variants;
	const changed = result.toWrite.products + result.toWrite.variants;
	const share =
		result.products === 100_000 ? 'full size' : `${result.products / 100_000} of 100k + 300k`;
	const size = `${fmt.count(result.products)} products + ${fmt.count(result.variants)} variants (${share})`;
	compared(
		'Sync',
		`${size}: writes sent by Compare + Create or Update vs records that changed or are new`,
		[compare.writes, changed],
		fmt.count,
		'≤ 1.10×',
		compare.writes <= 1.1 * changed,
	);
	const pages = compare.requests['GET /api/internal/get-product-variants'] ?? 0;
	const exportReads = compare.reads - pages;
	row(
		'Sync',
		`${size}: reads (get-product-variants pages) vs 1 per 400 records; plus ${exportReads} requests of the two products exports (create, polls, download URL, download)`,
		fmt.count(pages),
		fmt.count(Math.ceil(records / 400)),
		fmt.ratio(pages / (records / 400)),
		'≤ 1×',
		pages <= records / 400,
	);
	compared(
		'Sync',
		`${size}: end to end, Create or Update everything (${fmt.count(all.writes)} writes) vs Compare + Create or Update`,
		[all.seconds, compare.seconds],
		fmt.s,
		'≥ 20×',
		all.seconds >= 20 * compare.seconds,
	);
	compared(
		'Sync',
		`${size}: peak heap, Compare + Create or Update vs Create or Update everything`,
		[compare.peakHeap, all.peakHeap],
		fmt.mb,
		'(report)',
	);
}

async function wait() {
	log(`  Spaaza Wait For Task, poll interval ${PLAN.wait.pollSeconds} s`);
	const result = await runChild('wait.js', PLAN.wait);
	results.sections.wait = result;
	const worst = result.waits.reduce((a, b) => (b.ratio > a.ratio ? b : a));
	const median = [...result.waits].sort((a, b) => a.lateMs - b.lateMs)[result.waits.length >> 1];
	row(
		'Wait',
		`returned after DONE vs the poll interval in effect, worst ratio of ${result.waits.length} runs (median lateness ${median.lateMs} ms)`,
		`${worst.lateMs} ms`,
		`${worst.intervalMs} ms (interval then, per the README's schedule: 1.2× per poll, ≤ 60 s)`,
		fmt.ratio(worst.ratio),
		'≤ 1×',
		result.waits.every((w) => w.ratio <= 1),
	);
	const base = result.pollSeconds * 1000;
	const worstAbsolute = Math.max(...result.waits.map((w) => w.lateMs));
	row(
		'Wait',
		'returned after DONE, worst, vs the configured (first) poll interval',
		`${worstAbsolute} ms`,
		`${base} ms`,
		fmt.ratio(worstAbsolute / base),
		'(report: the interval grows 1.2× per poll)',
		undefined,
	);
	row(
		'Wait',
		`cancelled execution stopped after`,
		`${result.cancel.stopMs} ms`,
		'1000 ms',
		fmt.ratio(result.cancel.stopMs / 1000),
		'≤ 1×',
		result.cancel.stopMs <= 1000,
	);
}

/** The small-plan import (bench/n8n-small-plan.js): 10k products + 30k variants, then larger sets. */
async function smallPlan() {
	const heapMb = 320;
	log(
		`  real n8n, heap capped at ${heapMb} MB: Parse (rows) → Upsert Product / Variant (concurrency 16)`,
	);
	const result = await smallPlanInN8n({
		sizes: quick ? [10_000] : [10_000, 20_000],
		heapMb,
		search: quick ? undefined : { step: 10_000, max: 60_000 },
	});
	results.sections.smallPlan = result;
	if (skipped('Small plan', 'import within 320 MB in real n8n', result)) return;
	for (const run of result.runs)
		row(
			'Small plan',
			`${run.products} products + ${run.variants} variants, heap cap ${heapMb} MB`,
			run.ok ? `imported, peak heap ${run.peakHeapMb} MB` : `failed: ${run.failure}`,
			`${heapMb} MB`,
			run.peakHeapMb ? fmt.ratio(run.peakHeapMb / heapMb) : '',
			'10,000 + 30,000 imported',
			run.products === 10_000 ? run.ok : undefined,
		);
}

function table() {
	const header = ['section', 'measure', 'figure', 'reference', 'ratio', 'target', 'met'];
	const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
	for (const r of rows)
		lines.push(
			`| ${[r.section, r.measure, r.value, r.reference, r.ratio, r.target, r.met].join(' | ')} |`,
		);
	return lines.join('\n');
}

async function main() {
	const started = Date.now();
	const m = results.machine;
	log(
		`Benchmarks on ${m.nproc} × ${m.cpu}, Node ${m.node}, load average ${m.loadAverage.join(' ')}${quick ? ' (quick)' : ''}`,
	);
	log('Compiling nodes, sandbox and harness into .cache/bench');
	compile();
	if (['n8n', 'n8n-upsert', 'n8n-upsert-https', 'sync'].some((name) => only.includes(name))) {
		// The real-n8n comparisons need the pinned n8n: install it on first use, as the demo does.
		await require('../tools/n8n/provision').provisionN8n({ log });
	}
	const steps = {
		parse: parseThroughput,
		memory: parseMemory,
		n8n: parseVsN8n,
		upsert,
		'upsert-https': upsertHttps,
		'n8n-upsert': n8nUpsert,
		'n8n-upsert-https': n8nUpsertHttps,
		sync,
		wait,
		'n8n-small-plan': smallPlan,
	};
	for (const name of SECTIONS) {
		if (!only.includes(name)) continue;
		const t = Date.now();
		log(`\n[${name}]`);
		try {
			await steps[name]();
		} catch (error) {
			results.sections[name] = { error: error.message };
			row(name, 'failed', error.message.split('\n')[0], '', '', '', false);
			log(`  FAILED: ${error.stack ?? error.message}`);
		}
		log(`  (${((Date.now() - t) / 1000).toFixed(0)} s)`);
	}
	results.seconds = (Date.now() - started) / 1000;
	results.rows = rows;
	const markdown = `Measured ${results.startedAt} on ${m.nproc} × ${m.cpu}, Node ${m.node}, load average at start ${m.loadAverage.join(' ')}.\n\n${table()}\n`;
	fs.mkdirSync(RESULTS, { recursive: true });
	fs.writeFileSync(path.join(RESULTS, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
	fs.writeFileSync(path.join(RESULTS, 'latest.md'), markdown);
	console.log(`\n${markdown}`);
	log(
		`Done in ${(results.seconds / 60).toFixed(1)} min; written to bench-results/latest.json and latest.md`,
	);
	if (rows.some((r) => r.measure === 'failed')) process.exitCode = 1;
}

main().catch((error) => {
	log(error.stack ?? String(error));
	process.exit(1);
});
