'use strict';
// Paths, the compile step, statistics and child processes shared by the benchmark parts.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync, spawn } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, '.cache', 'bench');
/** The TypeScript the benchmarks drive (nodes, sandbox, harness), compiled by bench/tsconfig.json. */
const OUT = path.join(CACHE, 'out');
const DATA = path.join(CACHE, 'data');
const RESULTS = path.join(ROOT, 'bench-results');

/**
 * Compiles the package, the sandbox and the test harness into .cache/bench/out, so a benchmark
 * run never depends on (or disturbs) dist/ and build/, which other commands rebuild.
 */
function compile() {
	const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
	try {
		execFileSync(process.execPath, [tsc, '-p', path.join(ROOT, 'bench', 'tsconfig.json')], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
			encoding: 'utf8',
		});
	} catch (error) {
		const output = `${error.stdout}${error.stderr}`.trim();
		// tsc still writes its output on type errors; a tree someone is half-way through editing
		// can be measured, but it is said loudly. Nothing written at all is fatal.
		if (!fs.existsSync(path.join(OUT, 'nodes')))
			throw new Error(`Compiling for the benchmarks failed:\n${output}`);
		log(
			`WARNING: bench/tsconfig.json has type errors; measuring what tsc emitted anyway:\n${output.split('\n').slice(0, 10).join('\n')}`,
		);
	}
	writePackageDir();
}

/**
 * A package folder for the harness's loader: package.json's `n8n` block with `dist` pointing at
 * the benchmark's own compile output, plus the codex files tsc does not copy.
 */
const PACKAGE_DIR = path.join(CACHE, 'package');
function writePackageDir() {
	const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	fs.mkdirSync(PACKAGE_DIR, { recursive: true });
	const { name, version, n8n, main } = manifest;
	fs.writeFileSync(
		path.join(PACKAGE_DIR, 'package.json'),
		JSON.stringify({ name, version, main, n8n }, null, 2),
	);
	const dist = path.join(PACKAGE_DIR, 'dist');
	fs.rmSync(dist, { recursive: true, force: true });
	fs.symlinkSync(OUT, dist, 'dir');
	for (const folder of ['nodes', 'credentials']) {
		for (const entry of fs.readdirSync(path.join(ROOT, folder), { recursive: true })) {
			if (!String(entry).endsWith('.json')) continue;
			const target = path.join(OUT, folder, String(entry));
			fs.mkdirSync(path.dirname(target), { recursive: true });
			fs.copyFileSync(path.join(ROOT, folder, String(entry)), target);
		}
	}
	fs.cpSync(path.join(ROOT, 'icons'), path.join(OUT, 'icons'), { recursive: true });
}

/** Requires a compiled module by its source path, e.g. `compiled('sandbox')`. */
function compiled(relative) {
	return require(path.join(OUT, relative));
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function log(line) {
	process.stderr.write(`${line}\n`);
}

/**
 * Runs `bench/<script>` in a fresh Node process with `args` (JSON) and resolves with the JSON it
 * writes to the result file. Progress goes to this process's stderr.
 */
function runChild(script, args, { nodeArgs = [], timeoutMs = 15 * 60 * 1000, env = {} } = {}) {
	const resultFile = path.join(
		CACHE,
		`child-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`,
	);
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			[...nodeArgs, path.join(ROOT, 'bench', script), JSON.stringify(args), resultFile],
			{
				cwd: ROOT,
				stdio: ['ignore', 'inherit', 'inherit'],
				env: { ...process.env, N8N_LOG_LEVEL: 'silent', ...env },
			},
		);
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			if (code !== 0 || !fs.existsSync(resultFile)) {
				reject(new Error(`bench/${script} ${JSON.stringify(args)} exited with ${signal ?? code}`));
				return;
			}
			const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
			fs.rmSync(resultFile, { force: true });
			resolve(result);
		});
	});
}

/** The child side of runChild: parses the arguments and writes the result. */
async function childMain(run) {
	const args = JSON.parse(process.argv[2] ?? '{}');
	const resultFile = process.argv[3];
	try {
		const result = await run(args);
		if (resultFile) fs.writeFileSync(resultFile, JSON.stringify(result));
		else console.log(JSON.stringify(result, null, 2));
		process.exit(0);
	} catch (error) {
		log(error.stack ?? String(error));
		process.exit(1);
	}
}

const MB = 1024 * 1024;

/**
 * The most records per second `concurrency` requests in flight can reach when each waits
 * `nominalMs` (round trip + server time), taken from what the sandbox measured the waits to be: a
 * timer fires later than asked (on a busy machine by milliseconds), and no client can beat the
 * wait the server really imposed. `nominalLimit` is the same with the asked-for wait.
 */
function measuredLimit(concurrency, nominalMs, stats) {
	const waited =
		stats && stats.waited && stats.waited.requests > 0
			? stats.waited.ms / stats.waited.requests
			: nominalMs;
	const waitedMs = Math.max(waited, nominalMs);
	return {
		limit: concurrency / (waitedMs / 1000),
		nominalLimit: concurrency / (nominalMs / 1000),
		waitedMs,
	};
}

module.exports = {
	ROOT,
	CACHE,
	OUT,
	DATA,
	RESULTS,
	PACKAGE_DIR,
	compile,
	compiled,
	median,
	log,
	runChild,
	childMain,
	MB,
	measuredLimit,
};
