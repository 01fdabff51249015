// @ts-check
'use strict';
// n8n in queue mode on one machine, as a team runs it on several: one main (`n8n start`: editor,
// webhooks, puts executions on the Redis queue) and workers (`n8n worker`: run them), all on one
// PostgreSQL. Each process has its own user folder with the package installed the way n8n's
// Community Nodes installer does (so a worker without the package could not run the nodes), the
// same encryption key, and the binary-data mode n8n uses in queue mode: `database`.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { RUNTIME_DIR, n8nEnv, runN8n, spawnN8n, freePort } = require('../env');
const { installPackage } = require('../instance');

/**
 * @typedef {import('../runOutput').N8nRun} N8nRun
 * @typedef {import('./services').QueueServices} QueueServices
 * @typedef {{ name: string; child: import('node:child_process').ChildProcess; output: string; executions: Set<string>; exited: boolean; ready: Promise<void>; stop(): Promise<void> }} QueueProcess
 * @typedef {{ id: string; status: string; worker?: string; run: N8nRun }} QueueExecution
 * @typedef {{
 *   workDir: string;
 *   filesDir: string;
 *   baseUrl: string;
 *   processes: QueueProcess[];
 *   main: QueueProcess;
 *   workers: QueueProcess[];
 *   startedExecutions(): number;
 *   workerOf(executionId: string | number): string | undefined;
 *   trigger(webhookPath: string, body: object): Promise<{ status: number; body: string }>;
 *   waitForExecutions(workflowId: string, count: number, timeoutMs?: number): Promise<string[]>;
 *   executionIds(workflowId: string): string[];
 *   execution(executionId: string | number): QueueExecution;
 *   stop(): Promise<void>;
 * }} QueueCluster
 */

const READY = { main: /Editor is now accessible via/, worker: /n8n worker is now ready/ };
const START_TIMEOUT_MS = 3 * 60 * 1000;

/**
 * One long-running n8n process; keeps the tail of its output and every line naming an execution.
 * @param {string} name
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @returns {QueueProcess}
 */
function startProcess(name, args, env) {
	const child = spawnN8n(args, env);
	const state = /** @type {QueueProcess} */ ({
		name,
		child,
		output: '',
		executions: new Set(),
		exited: false,
	});
	const onData = (/** @type {Buffer} */ chunk) => {
		const text = chunk.toString('utf8');
		state.output = (state.output + text).slice(-20_000);
		for (const [, id] of text.matchAll(/Worker started execution (\d+)/g)) state.executions.add(id);
	};
	child.stdout?.on('data', onData);
	child.stderr?.on('data', onData);
	child.on('exit', () => (state.exited = true));
	state.ready = new Promise((resolve, reject) => {
		const timer = setTimeout(
			() =>
				reject(
					new Error(
						`${name} did not get ready within ${START_TIMEOUT_MS / 1000} s:\n${state.output.slice(-3000)}`,
					),
				),
			START_TIMEOUT_MS,
		);
		const check = () => {
			if (READY[args[0] === 'worker' ? 'worker' : 'main'].test(state.output)) {
				clearTimeout(timer);
				resolve();
			}
		};
		child.stdout?.on('data', check);
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			reject(
				new Error(
					`${name} exited (${code ?? signal}) before it was ready:\n${state.output.slice(-3000)}`,
				),
			);
		});
	});
	state.stop = () =>
		new Promise((resolve) => {
			if (state.exited) return resolve(undefined);
			const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
			child.once('exit', () => {
				clearTimeout(kill);
				resolve(undefined);
			});
			child.kill('SIGTERM');
		});
	return state;
}

/** A value as a PostgreSQL string literal (ids come from the caller's workflow JSON). */
const sqlString = (/** @type {unknown} */ value) => `'${String(value).replace(/'/g, "''")}'`;

/**
 * The environment every process of the cluster shares: the services, queue mode, and the one
 * port the main listens on.
 * @param {QueueServices} services
 * @param {string} workDir
 * @param {number} port
 * @param {Record<string, string>} extraEnv
 */
function clusterEnv(services, workDir, port, extraEnv) {
	return {
		...services.env,
		EXECUTIONS_MODE: 'queue',
		// n8n 2.40's default in queue mode, said out loud: binary data lives in PostgreSQL, so any
		// worker (and the main) can read what another stored. `filesystem` is not supported here.
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		QUEUE_BULL_PREFIX: `spaaza-${path.basename(workDir)}`,
		N8N_LOG_LEVEL: 'info',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		...extraEnv,
	};
}

/**
 * Imports credentials and workflows with n8n's CLI, which writes straight into PostgreSQL
 * (migrating it first).
 * @param {string} importDir
 * @param {NodeJS.ProcessEnv} env
 * @param {{ credentials: object[]; workflows: object[] }} entities
 * @param {(line: string) => void} log
 */
async function importEntities(importDir, env, { credentials, workflows }, log) {
	/** @type {Array<[string, object[]]>} */
	const imports = [
		['credentials', credentials],
		['workflow', workflows],
	];
	for (const [kind, entities] of imports) {
		if (entities.length === 0) continue;
		const dir = path.join(importDir, kind);
		fs.mkdirSync(dir, { recursive: true });
		entities.forEach((entity, index) =>
			fs.writeFileSync(
				path.join(dir, `${String(index).padStart(3, '0')}.json`),
				JSON.stringify(entity),
			),
		);
		const result = await runN8n([`import:${kind}`, '--separate', `--input=${dir}`], env);
		log(`imported ${entities.length} ${kind}`);
		if (result.code !== 0)
			throw new Error(
				`n8n import:${kind} failed (exit ${result.code}):\n${`${result.stdout}\n${result.stderr}`.trim().slice(-3000)}`,
			);
	}
}

/**
 * Publishes the active workflows, so the main registers their webhooks when it starts. This is
 * what `n8n publish:workflow --id=…` does (WorkflowRepository.publishVersion: the current version
 * becomes the active one), in one statement: every n8n CLI start costs tens of seconds here.
 * @param {QueueServices['postgres']} postgres
 * @param {Array<{ id: string; active?: boolean }>} workflows
 */
function publishActive(postgres, workflows) {
	const active = workflows.filter((workflow) => workflow.active).map((w) => sqlString(w.id));
	if (active.length > 0)
		postgres.query(
			`update workflow_entity set active = true, "activeVersionId" = "versionId" where id in (${active.join(', ')})`,
		);
}

/**
 * Waits until the workflow has `count` executions and all have finished (PostgreSQL says so);
 * returns their ids, oldest first.
 * @param {QueueServices['postgres']} postgres
 * @param {string} workflowId
 * @param {number} count
 * @param {number} timeoutMs
 */
async function waitForExecutions(postgres, workflowId, count, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const rows = await postgres.queryAsync(
			`select id, status from execution_entity where "workflowId" = ${sqlString(workflowId)} order by id`,
		);
		if (
			rows.length >= count &&
			rows.every(([, status]) => !['new', 'running', 'waiting'].includes(status))
		)
			return rows.map(([id]) => id);
		if (Date.now() > deadline)
			throw new Error(
				`${workflowId}: ${rows.length} of ${count} executions, statuses ${rows.map(([, status]) => status).join(', ')} after ${timeoutMs / 1000} s`,
			);
		await new Promise((resolve) => setTimeout(resolve, 2000));
	}
}

/**
 * One execution as PostgreSQL holds it: its status and its run data.
 * @param {QueueServices['postgres']} postgres
 * @param {number} id
 */
function storedExecution(postgres, id) {
	const [[status]] = postgres.query(`select status from execution_entity where id = ${id}`);
	const [[data]] = postgres.query(`select data from execution_data where "executionId" = ${id}`);
	// n8n stores run data with `flatted` (it has cycles); read it with n8n's own copy.
	const { parse } = require(path.join(RUNTIME_DIR, 'node_modules', 'flatted'));
	return { status, run: { status, data: parse(data) } };
}

/**
 * What a test holds of a running cluster: its processes (added as they start) and the executions
 * they ran, read from the logs and from PostgreSQL.
 * @param {QueueServices['postgres']} postgres
 * @param {string} workDir
 * @param {string} filesDir
 * @param {number} port
 * @returns {QueueCluster}
 */
function clusterHandle(postgres, workDir, filesDir, port) {
	/** @type {QueueProcess[]} */
	const processes = [];
	const cluster = /** @type {QueueCluster} */ ({
		workDir,
		filesDir,
		baseUrl: `http://127.0.0.1:${port}`,
		processes,
		/** @type {QueueProcess[]} */
		workers: [],
		/** How many executions the workers have logged starting so far. */
		startedExecutions() {
			return cluster.workers.reduce((count, worker) => count + worker.executions.size, 0);
		},
		/** Which worker (by name) logged that it started the execution, or undefined. */
		workerOf(executionId) {
			return cluster.workers.find((worker) => worker.executions.has(String(executionId)))?.name;
		},
		/**
		 * POSTs `body` to the production webhook `/webhook/<path>`: the main answers at once and
		 * puts the run on the queue for a worker.
		 */
		async trigger(webhookPath, body) {
			const response = await fetch(`${cluster.baseUrl}/webhook/${webhookPath}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
				signal: AbortSignal.timeout(60_000),
			});
			return { status: response.status, body: await response.text() };
		},
		waitForExecutions: (workflowId, count, timeoutMs = 30 * 60 * 1000) =>
			waitForExecutions(postgres, workflowId, count, timeoutMs),
		/** Ids of the workflow's executions, oldest first. */
		executionIds(workflowId) {
			return postgres
				.query(
					`select id from execution_entity where "workflowId" = ${sqlString(workflowId)} order by id`,
				)
				.map(([id]) => id);
		},
		/** One execution as PostgreSQL holds it, with the worker that ran it. */
		execution(executionId) {
			const id = Number(executionId);
			return {
				id: String(id),
				...storedExecution(postgres, id),
				worker: cluster.workerOf(id),
			};
		},
		async stop() {
			await Promise.all(processes.map((child) => child.stop()));
			fs.rmSync(workDir, { recursive: true, force: true });
		},
	});
	return cluster;
}

/**
 * `services` from services.js; `tarball` the packed package; `workers` how many `n8n worker`
 * processes, each running `concurrency` executions at a time.
 * @param {{ services: QueueServices; tarball: string; workers?: number; concurrency?: number; credentials?: object[]; workflows?: Array<{ id: string; active?: boolean }>; env?: Record<string, string>; log?: (line: string) => void }} options
 * @returns {Promise<QueueCluster>}
 */
async function startQueueCluster({
	services,
	tarball,
	workers = 2,
	concurrency = 1,
	credentials = [],
	workflows = [],
	env: extraEnv = {},
	log = () => undefined,
}) {
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spaaza-queue-n8n-'));
	const filesDir = path.join(workDir, 'files');
	fs.mkdirSync(filesDir, { recursive: true });
	const port = await freePort();
	const common = clusterEnv(services, workDir, port, extraEnv);
	const envFor = (/** @type {string} */ name) =>
		n8nEnv({ userFolder: path.join(workDir, name), filesDir, extra: common });
	const workerNames = Array.from({ length: workers }, (_, index) => `worker${index + 1}`);
	const cluster = clusterHandle(services.postgres, workDir, filesDir, port);
	const { processes } = cluster;
	try {
		for (const name of ['main', ...workerNames]) installPackage(path.join(workDir, name), tarball);
		await importEntities(
			path.join(workDir, 'import'),
			await envFor('main'),
			{ credentials, workflows },
			log,
		);
		publishActive(services.postgres, workflows);

		const main = startProcess('main', ['start'], await envFor('main'));
		processes.push(main);
		await main.ready;
		log('main ready');
		for (const name of workerNames) {
			const worker = startProcess(
				name,
				['worker', `--concurrency=${concurrency}`],
				await envFor(name),
			);
			processes.push(worker);
			cluster.workers.push(worker);
		}
		await Promise.all(cluster.workers.map((worker) => worker.ready));
		cluster.main = main;
		return cluster;
	} catch (error) {
		await cluster.stop();
		throw error;
	}
}

module.exports = { startQueueCluster };
