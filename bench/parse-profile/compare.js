'use strict';
// Parse core vs bare csv-parse (README "Performance"), and optionally vs a snapshot of the core taken before
// a change, all in one process with alternating order and gc() before every run, so the ratios
// hold on a busy machine. Compiles nodes/core into .cache/parse-profile (never dist/ or the
// bench output other commands use).
//
//   node --expose-gc bench/parse-profile/compare.js [--files=product100k,variant100k,variant1m]
//        [--runs=5] [--only=reference,current,baseline] [--memory]
//
// `baseline` needs a copy of nodes/core/{fileset,records,errors.ts} in
// .cache/parse-profile/baseline-src/nodes/core. For a CPU profile of the core alone:
//   node --expose-gc --cpu-prof bench/parse-profile/compare.js --only=current --files=variant100k
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { performance } = require('node:perf_hooks');
const { parse } = require('csv-parse');
const { ensureFile, ensureDamagedFile } = require('../lib/generate');

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, '.cache', 'parse-profile');
const FILES = {
	product100k: ['productlist', 100_000],
	variant100k: ['variantlist', 100_000],
	variant1m: ['variantlist', 1_000_000],
	// A `"` in the first data row: every row goes through the general reader (csvCore.ts).
	variant100kDamaged: ['variantlist', 100_000, true],
};

function option(name, fallback) {
	const arg = process.argv.find((a) => a.startsWith(`--${name}`));
	if (!arg) return fallback;
	return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : true;
}

function compile(label, srcRoot) {
	const out = path.join(CACHE, label);
	const config = path.join(CACHE, `tsconfig.${label}.json`);
	fs.mkdirSync(CACHE, { recursive: true });
	fs.writeFileSync(
		config,
		JSON.stringify({
			extends: path.join(ROOT, 'tsconfig.json'),
			compilerOptions: {
				outDir: out,
				rootDir: srcRoot,
				declaration: false,
				sourceMap: false,
				noUnusedLocals: false,
				typeRoots: [path.join(ROOT, 'node_modules', '@types')],
			},
			include: [
				path.join(srcRoot, 'nodes/core/fileset/**/*'),
				path.join(srcRoot, 'nodes/core/records/**/*'),
			],
			exclude: ['**/*.test.ts'],
		}),
	);
	const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
	execFileSync(process.execPath, [tsc, '-p', config], { cwd: ROOT, stdio: 'inherit' });
	return require(path.join(out, 'nodes/core/fileset'));
}

function coreRunner({ parseFileSet }) {
	return async (file) => {
		const result = await parseFileSet(
			[{ name: path.basename(file), stream: async () => fs.createReadStream(file) }],
			{
				requireCompleteSets: false,
			},
		);
		const errors = result.issues.filter((issue) => issue.severity === 'error');
		// The damaged file's quote problem, and the variants it withholds.
		if (errors.length > (damaged ? 2 : 0)) throw new Error(JSON.stringify(errors.slice(0, 3)));
		const set = result.sets[0];
		return { count: set.products.length + set.variants.length, keep: set };
	};
}

let damaged = false;

async function reference(file) {
	let count = 0;
	// The damaged file's bad row is skipped, as Parse skips it.
	const options = { columns: true, ...(damaged ? { skip_records_with_error: true } : {}) };
	for await (const record of fs.createReadStream(file).pipe(parse(options))) if (record) count++;
	return { count };
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timed(fn, file, memory) {
	global.gc();
	const before = process.memoryUsage().heapUsed;
	const start = performance.now();
	const { count, keep } = await fn(file);
	const seconds = (performance.now() - start) / 1000;
	let retained;
	if (memory) {
		global.gc();
		retained = process.memoryUsage().heapUsed - before;
	}
	return { seconds, count, retained, keep };
}

async function main() {
	const only = String(option('only', 'reference,current')).split(',');
	const runs = Number(option('runs', 5));
	const memory = option('memory', false) === true;
	const runners = {};
	if (only.includes('reference')) runners.reference = reference;
	if (only.includes('current')) runners.current = coreRunner(compile('current', ROOT));
	if (only.includes('baseline'))
		runners.baseline = coreRunner(compile('baseline', path.join(CACHE, 'baseline-src')));
	const names = Object.keys(runners);
	for (const key of String(option('files', 'product100k,variant100k')).split(',')) {
		const [type, rows, damage] = FILES[key];
		damaged = damage === true;
		const { file, bytes } = (damaged ? ensureDamagedFile : ensureFile)(
			path.join(CACHE, 'data'),
			type,
			rows,
		);
		const rates = Object.fromEntries(names.map((n) => [n, []]));
		const heap = Object.fromEntries(names.map((n) => [n, []]));
		for (const n of names) await timed(runners[n], file, false); // warm-up
		for (let run = 0; run < runs; run++) {
			const order = run % 2 === 0 ? names : [...names].reverse();
			for (const n of order) {
				const { seconds, retained } = await timed(runners[n], file, memory);
				rates[n].push(rows / seconds);
				if (memory) heap[n].push(retained);
			}
		}
		const line = [`${key} (${(bytes / 1e6).toFixed(1)} MB)`];
		for (const n of names) {
			line.push(`${n} ${median(rates[n]).toFixed(0)} rows/s`);
			if (n !== 'reference' && rates.reference) {
				line.push(`ratio ${median(rates[n].map((r, i) => r / rates.reference[i])).toFixed(3)}`);
			}
			if (memory && n !== 'reference')
				line.push(`retained ${(median(heap[n]) / bytes).toFixed(2)}x file`);
		}
		console.log(line.join('  '));
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
