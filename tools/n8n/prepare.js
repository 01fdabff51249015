'use strict';
// What the demo and `npm start` need before n8n can run: the package and the sandbox compiled
// (rebuilt only when a source is newer than the output) and the sandbox loaded from build/.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { ROOT } = require('./env');

const TARGETS = [
	{
		script: 'build',
		output: 'dist',
		sources: ['nodes', 'credentials', 'icons', 'package.json', 'tsconfig.json', 'gulpfile.js'],
	},
	{
		script: 'build:tools',
		output: 'build',
		sources: ['sandbox', 'nodes', 'credentials', 'tsconfig.tools.json'],
	},
];

function newestMtime(entry) {
	if (!fs.existsSync(entry)) return 0;
	const stat = fs.statSync(entry);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return fs
		.readdirSync(entry)
		.reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

/** Runs `npm run build` / `build:tools` when their output is missing or older than a source. */
function ensureBuilt(log) {
	for (const target of TARGETS) {
		const built = newestMtime(path.join(ROOT, target.output));
		const changed = Math.max(
			...target.sources.map((source) => newestMtime(path.join(ROOT, source))),
		);
		if (built >= changed) continue;
		log(`  npm run ${target.script}`);
		try {
			execFileSync('npm', ['run', target.script], {
				cwd: ROOT,
				stdio: ['ignore', 'pipe', 'pipe'],
				encoding: 'utf8',
			});
		} catch (error) {
			throw new Error(
				`npm run ${target.script} failed:\n${`${error.stdout}${error.stderr}`.trim().split('\n').slice(-20).join('\n')}`,
			);
		}
	}
}

/** The sandbox as compiled by `npm run build:tools`. */
function loadSandbox() {
	return require(path.join(ROOT, 'build', 'sandbox', 'index.js'));
}

module.exports = { ensureBuilt, loadSandbox };
