// @ts-check
'use strict';
// The n8n editor (`n8n start`) on a loopback port with this package, the sandbox credentials and
// the workflows imported. `npm start` and the browser tests (test/ui/) both start it through here.
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { RUNTIME_DIR, freePort, spawnN8n } = require('./env');
const { startSession } = require('./session');

/**
 * @typedef {import('./credentials').SandboxDescription} SandboxDescription
 * @typedef {import('./instance').N8nInstance} N8nInstance
 * @typedef {{ url: string; port: number; child: import('node:child_process').ChildProcess; session: N8nInstance; logFile: string; owner: typeof OWNER; stop(): Promise<void> }} Editor
 */

const OWNER = {
	email: 'owner@example.com',
	password: 'Spaaza-demo-1',
	firstName: 'Spaaza',
	lastName: 'Demo',
};

/** n8n takes the owner's password only as a bcrypt hash; bcryptjs ships with n8n. */
/**
 * @param {string} password
 * @returns {string}
 */
function passwordHash(password) {
	const bcrypt = require(path.join(RUNTIME_DIR, 'node_modules', 'bcryptjs'));
	return bcrypt.hashSync(password, 10);
}

/**
 * @param {string} url
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} timeoutMs
 * @returns {Promise<void>}
 */
function waitUntilServing(url, child, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	return new Promise((resolve, reject) => {
		const poll = () => {
			if (child.exitCode !== null)
				return reject(new Error(`n8n exited with code ${child.exitCode}`));
			if (Date.now() > deadline)
				return reject(new Error(`n8n did not answer on ${url} within ${timeoutMs / 1000} s`));
			http
				.get(url, (response) => {
					response.resume();
					if (response.statusCode === 200) resolve();
					else setTimeout(poll, 1000);
				})
				.on('error', () => setTimeout(poll, 1000));
		};
		poll();
	});
}

/**
 * Starts the editor. `port` 0 picks a free one; n8n listens on 127.0.0.1 only. `env` is added to
 * the n8n environment and may name the session's folders (a function of the session).
 * @param {{ sandbox: SandboxDescription; tarball: string; workDir: string; port?: number; keep?: boolean; env?: (session: N8nInstance) => Record<string, string>; startTimeoutMs?: number }} options
 * @returns {Promise<Editor>}
 */
async function startEditor({
	sandbox,
	tarball,
	workDir,
	port = 0,
	keep = false,
	env = () => ({}),
	startTimeoutMs = 180000,
}) {
	fs.mkdirSync(workDir, { recursive: true });
	const session = await startSession({
		sandbox,
		tarball,
		workDir,
		examples: true,
		editor: true,
		keep,
	});
	const listenPort = port || (await freePort());
	const fullEnv = await session.env({
		N8N_PORT: String(listenPort),
		N8N_HOST: 'localhost',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		// The editor runs users' Code nodes, which need n8n's own JS task runner.
		N8N_RUNNERS_MODE: 'internal',
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: OWNER.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: OWNER.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: passwordHash(OWNER.password),
		...env(session),
	});
	const logFile = path.join(workDir, 'n8n.log');
	const out = fs.openSync(logFile, 'w');
	const child = spawnN8n(['start'], fullEnv, { stdio: ['ignore', out, out] });
	fs.closeSync(out);
	const url = `http://localhost:${listenPort}`;
	/** @returns {Promise<void>} */
	const stop = () =>
		new Promise((resolve) => {
			if (child.exitCode !== null || child.signalCode !== null) return resolve();
			const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
			child.once('exit', () => {
				clearTimeout(timer);
				resolve();
			});
			child.kill('SIGTERM');
		});
	try {
		// /healthz answers before the REST API is mounted; readiness waits for the whole server.
		await waitUntilServing(`${url}/healthz/readiness`, child, startTimeoutMs);
	} catch (error) {
		await stop();
		throw new Error(`${error.message}; see ${logFile}`);
	}
	return { url, port: listenPort, child, session, logFile, owner: OWNER, stop };
}

module.exports = { OWNER, startEditor };
