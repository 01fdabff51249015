// @ts-check
'use strict';
// `n8n start` on an n8n instance (instance.js), for production runs of active workflows (a
// Schedule Trigger firing): what users run, and the runs whose static data n8n saves, which Skip
// Processed Sets depends on. Workflows are activated headless with `n8n publish:workflow` before
// the start (n8n 2.x activates published workflows when it boots); executions are read from
// n8n's sqlite database.
const http = require('node:http');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { RUNTIME_DIR, assertProvisioned, freePort, runN8n, spawnN8n } = require('./env');

/**
 * @typedef {import('./instance').N8nInstance} N8nInstance
 * @typedef {import('./runOutput').N8nRun} N8nRun
 * @typedef {{ port: number; log(): string; stop(): Promise<void> }} N8nServer
 * @typedef {{ id: string; status: string; mode: string; finished: number; startedAt: string | null; stoppedAt: string | null; run?: N8nRun }} StoredExecution
 */

/**
 * Publishes (activates) imported workflows; takes effect at the next `n8n start`.
 * @param {N8nInstance} instance
 * @param {string[]} workflowIds
 */
async function publishWorkflows(instance, workflowIds) {
	for (const id of workflowIds) {
		const result = await runN8n(['publish:workflow', `--id=${id}`], await instance.env());
		if (result.code !== 0)
			throw new Error(
				`n8n publish:workflow --id=${id} failed (exit ${result.code}):\n${result.stderr.slice(-2000)}`,
			);
	}
}

/**
 * @param {string} url
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} timeoutMs
 * @returns {Promise<void>}
 */
function waitUntilReady(url, child, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	return new Promise((resolve, reject) => {
		const poll = () => {
			if (child.exitCode !== null)
				return reject(new Error(`n8n start exited with code ${child.exitCode}`));
			if (Date.now() > deadline)
				return reject(new Error(`n8n did not answer on ${url} within ${timeoutMs / 1000} s`));
			const request = http.get(url, { timeout: 2000 }, (response) => {
				response.resume();
				if (response.statusCode === 200) resolve();
				else setTimeout(poll, 500);
			});
			request.on('timeout', () => request.destroy());
			request.on('error', () => setTimeout(poll, 500));
		};
		poll();
	});
}

/**
 * Starts the n8n server on a free loopback port; resolves when it serves (its active workflows run).
 * @param {N8nInstance} instance
 * @param {{ env?: Record<string, string>; readyTimeoutMs?: number }} [options]
 * @returns {Promise<N8nServer>}
 */
async function startN8nServer(instance, { env: extra = {}, readyTimeoutMs = 180_000 } = {}) {
	const port = await freePort();
	const env = await instance.env({
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		...extra,
	});
	const child = spawnN8n(['start'], env);
	/** @type {string[]} */
	const log = [];
	const keep = (/** @type {Buffer} */ chunk) => {
		log.push(chunk.toString('utf8'));
		if (log.length > 400) log.splice(0, log.length - 400);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	try {
		await waitUntilReady(`http://127.0.0.1:${port}/healthz/readiness`, child, readyTimeoutMs);
	} catch (error) {
		child.kill('SIGKILL');
		throw new Error(`${error.message}\n${log.join('').slice(-3000)}`);
	}
	return {
		port,
		log: () => log.join(''),
		/** Stops n8n (SIGTERM: it finishes or cancels running executions), SIGKILL after 30 s. */
		stop: () =>
			/** @type {Promise<void>} */ (
				new Promise((resolve) => {
					if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
					const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
					child.once('exit', () => {
						clearTimeout(timer);
						resolve(undefined);
					});
					child.kill('SIGTERM');
				})
			),
	};
}

// Runs under n8n's Node 24 (node:sqlite; `flatted` is the format n8n stores run data in).
const QUERY_SCRIPT = `
const { DatabaseSync } = require('node:sqlite');
const { parse } = require(process.env.FLATTED);
const [file, workflowId, withData] = process.argv.slice(1);
const db = new DatabaseSync(file, { readOnly: true });
db.exec('PRAGMA busy_timeout = 5000');
const rows = db.prepare('SELECT e.id, e.status, e.mode, e.finished, e.startedAt, e.stoppedAt, d.data FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? ORDER BY e.id').all(workflowId);
const workflow = db.prepare('SELECT staticData FROM workflow_entity WHERE id = ?').get(workflowId);
process.stdout.write(JSON.stringify({
	staticData: workflow && workflow.staticData ? JSON.parse(workflow.staticData) : null,
	executions: rows.map(({ data, ...row }) => ({ ...row, id: String(row.id), run: withData === '1' && data && row.stoppedAt ? { status: row.status, data: parse(data) } : undefined })),
}));
`;

/**
 * The executions of one workflow, oldest first (`run` is the run data of finished ones when
 * `withData`), and the workflow's saved static data. Read-only; safe while n8n runs.
 * @param {N8nInstance} instance
 * @param {string} workflowId
 * @param {{ withData?: boolean }} [options]
 * @returns {Promise<{ staticData: Record<string, unknown> | null; executions: StoredExecution[] }>}
 */
function readExecutions(instance, workflowId, { withData = false } = {}) {
	const file = path.join(instance.userFolder, '.n8n', 'database.sqlite');
	const env = {
		PATH: process.env.PATH,
		FLATTED: path.join(RUNTIME_DIR, 'node_modules', 'flatted'),
	};
	return new Promise((resolve, reject) => {
		execFile(
			assertProvisioned(),
			['--no-warnings', '-e', QUERY_SCRIPT, file, workflowId, withData ? '1' : '0'],
			{ env, maxBuffer: 64 * 1024 * 1024 },
			(error, stdout, stderr) => {
				if (error)
					return reject(new Error(`reading n8n's executions failed: ${stderr || error.message}`));
				resolve(JSON.parse(stdout));
			},
		);
	});
}

module.exports = { publishWorkflows, startN8nServer, readExecutions };
