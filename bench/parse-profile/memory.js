'use strict';
// Heap kept by Parse Spaaza File Set's output through the in-process n8n harness, as
// bench/parse-memory.js measures it, but on its own compile (.cache/parse-profile/full) so it
// can run while `npm run bench` rebuilds .cache/bench.
//   node --expose-gc bench/parse-profile/memory.js [variant100k|product100k|variant1m] [batches|rows]
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { ensureFile } = require('../lib/generate');

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, '.cache', 'parse-profile');
const OUT = path.join(CACHE, 'full');
const PACKAGE_DIR = path.join(CACHE, 'package');
const FILES = {
	product100k: ['productlist', 100_000],
	variant100k: ['variantlist', 100_000],
	variant1m: ['variantlist', 1_000_000],
};
const MB = 1024 * 1024;

function compile() {
	const config = path.join(CACHE, 'tsconfig.full.json');
	fs.writeFileSync(
		config,
		JSON.stringify({
			extends: path.join(ROOT, 'bench', 'tsconfig.json'),
			compilerOptions: { outDir: OUT },
		}),
	);
	execFileSync(
		process.execPath,
		[require.resolve('typescript/bin/tsc', { paths: [ROOT] }), '-p', config],
		{ cwd: ROOT, stdio: 'inherit' },
	);
	const { name, version, n8n, main } = JSON.parse(
		fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'),
	);
	fs.mkdirSync(PACKAGE_DIR, { recursive: true });
	fs.writeFileSync(
		path.join(PACKAGE_DIR, 'package.json'),
		JSON.stringify({ name, version, main, n8n }),
	);
	fs.rmSync(path.join(PACKAGE_DIR, 'dist'), { recursive: true, force: true });
	fs.symlinkSync(OUT, path.join(PACKAGE_DIR, 'dist'), 'dir');
	for (const folder of ['nodes', 'credentials']) {
		for (const entry of fs.readdirSync(path.join(ROOT, folder), { recursive: true })) {
			if (!String(entry).endsWith('.json')) continue;
			fs.mkdirSync(path.dirname(path.join(OUT, folder, String(entry))), { recursive: true });
			fs.copyFileSync(
				path.join(ROOT, folder, String(entry)),
				path.join(OUT, folder, String(entry)),
			);
		}
	}
	fs.cpSync(path.join(ROOT, 'icons'), path.join(OUT, 'icons'), { recursive: true });
}

function heapUsed() {
	global.gc();
	global.gc();
	return process.memoryUsage().heapUsed;
}

async function main() {
	const [key = 'variant100k', mode = 'batches'] = process.argv.slice(2);
	compile();
	const harness = require(path.join(OUT, 'test/harness'));
	const workflow = (file) =>
		harness.workflowFromNodes(
			{ type: 'test.manualTrigger' },
			{ type: 'test.readFiles', name: 'Read Files', parameters: { filePaths: file } },
			{
				type: 'n8n-nodes-spaaza.spaazaParseFileSet',
				name: 'Parse',
				parameters: { outputMode: mode, batchSize: 500, requireCompleteSets: false },
			},
		);
	const options = { packageDir: PACKAGE_DIR, timeoutMs: 30 * 60 * 1000 };
	const [type, rows] = FILES[key];
	const small = ensureFile(path.join(CACHE, 'data'), type, 1000);
	const warm = await harness.runWorkflow(workflow(small.file), options);
	await warm.dispose();
	const { file, bytes } = ensureFile(path.join(CACHE, 'data'), type, rows);
	const baseline = heapUsed();
	let peak = 0;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 10);
	const started = Date.now();
	const result = await harness.runWorkflow(workflow(file), options);
	clearInterval(sampler);
	if (result.error) throw result.error;
	const retained = heapUsed() - baseline;
	console.log(
		`${key} ${mode}: retained ${(retained / MB).toFixed(0)} MB = ${(retained / bytes).toFixed(2)}x file (${(bytes / MB).toFixed(0)} MB), peak ${((peak - baseline) / MB).toFixed(0)} MB, ${((Date.now() - started) / 1000).toFixed(1)} s`,
	);
	await result.dispose();
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
