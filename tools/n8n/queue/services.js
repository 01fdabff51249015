// @ts-check
'use strict';
// The two services n8n's queue mode needs, started from the Debian packages `postgresql` and
// `redis-server` (scripts/ci-queue.sh installs them on a fresh machine): a throwaway PostgreSQL
// cluster and a Redis without persistence, each in its own temp folder, on free loopback ports.
// Both are stopped and their folders deleted by `stop()`.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFile, execFileSync, spawn, spawnSync } = require('node:child_process');
const { freePort } = require('../env');

/**
 * @typedef {{ port: number; env: Record<string, string>; query(sql: string): string[][]; queryAsync(sql: string): Promise<string[][]>; stop(): void }} Postgres
 * @typedef {{ port: number; env: Record<string, string>; stop(): Promise<void> }} Redis
 * @typedef {{ postgres: Postgres; redis: Redis; env: Record<string, string>; stop(): Promise<void> }} QueueServices
 *   `env` holds DB_* and QUEUE_BULL_REDIS_* for n8n.
 */

const POSTGRES_ROOT = '/usr/lib/postgresql';

/** The newest installed PostgreSQL's bin folder (Debian keeps each major version apart). */
function postgresBin() {
	const versions = fs.existsSync(POSTGRES_ROOT)
		? fs
				.readdirSync(POSTGRES_ROOT)
				.filter((name) => fs.existsSync(path.join(POSTGRES_ROOT, name, 'bin', 'initdb')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length === 0)
		throw new Error(
			`PostgreSQL is not installed (no ${POSTGRES_ROOT}/*/bin/initdb): run scripts/ci-queue.sh or \`apt-get install postgresql\`.`,
		);
	return path.join(POSTGRES_ROOT, versions[0], 'bin');
}

/** @returns {string} */
function redisServer() {
	const found = spawnSync('sh', ['-c', 'command -v redis-server'], {
		encoding: 'utf8',
	}).stdout.trim();
	if (!found)
		throw new Error(
			'redis-server is not installed: run scripts/ci-queue.sh or `apt-get install redis-server`.',
		);
	return found;
}

/**
 * PostgreSQL refuses to run as root. As root (CI), its commands run as the `postgres` user the
 * Debian package creates, and the data folder belongs to that user.
 * @param {string} command
 * @param {string[]} args
 * @returns {[string, string[]]}
 */
function asPostgres(command, args) {
	if (process.getuid?.() !== 0) return [command, args];
	return ['runuser', ['-u', 'postgres', '--', command, ...args]];
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {string} what
 * @returns {string} its stdout
 */
function run(command, args, what) {
	const [cmd, argv] = asPostgres(command, args);
	// Run data of a big execution comes back through psql: allow it.
	const result = spawnSync(cmd, argv, {
		encoding: 'utf8',
		timeout: 120_000,
		maxBuffer: 1024 * 1024 * 1024,
	});
	if (result.status !== 0)
		throw new Error(
			`${what} failed (exit ${result.status}): ${`${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-10).join('\n')}`,
		);
	return result.stdout;
}

const psqlArgs = (/** @type {number} */ port, /** @type {string} */ sql) => [
	'-h',
	'127.0.0.1',
	'-p',
	String(port),
	'-U',
	'n8n',
	'-d',
	'n8n',
	'-At',
	'-F',
	'\t',
	'-c',
	sql,
];
const rows = (/** @type {string} */ stdout) =>
	stdout
		.split('\n')
		.filter((line) => line !== '')
		.map((line) => line.split('\t'));

/**
 * @param {string} baseDir
 * @returns {Promise<Postgres>}
 */
async function startPostgres(baseDir) {
	const bin = postgresBin();
	const dir = path.join(baseDir, 'postgres');
	fs.mkdirSync(dir, { recursive: true });
	if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
	const dataDir = path.join(dir, 'data');
	const port = await freePort();
	// Trust on loopback only: the cluster lives for one test run and listens on 127.0.0.1 alone.
	run(
		path.join(bin, 'initdb'),
		['-D', dataDir, '-U', 'n8n', '--auth=trust', '--encoding=UTF8', '--no-sync'],
		'initdb',
	);
	const options = `-p ${port} -h 127.0.0.1 -k ${dir} -c fsync=off -c full_page_writes=off -c max_connections=60`;
	run(
		path.join(bin, 'pg_ctl'),
		['-D', dataDir, '-l', path.join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start'],
		'pg_ctl start',
	);
	run(
		path.join(bin, 'createdb'),
		['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', 'n8n'],
		'createdb',
	);
	return {
		port,
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: '',
		},
		/** Runs one SQL statement with psql; returns its rows, each an array of column texts. */
		query(sql) {
			return rows(run(path.join(bin, 'psql'), psqlArgs(port, sql), 'psql'));
		},
		/**
		 * The same without blocking: the sandbox runs in the test's process, and a synchronous
		 * psql every second would stall it (and the imports it serves) for as long as psql runs.
		 */
		queryAsync(sql) {
			const [cmd, argv] = asPostgres(path.join(bin, 'psql'), psqlArgs(port, sql));
			return new Promise((resolve, reject) => {
				execFile(
					cmd,
					argv,
					{ encoding: 'utf8', timeout: 120_000, maxBuffer: 1024 * 1024 * 1024 },
					(error, stdout, stderr) => {
						if (error)
							reject(
								new Error(
									`psql failed: ${`${stdout}\n${stderr}`.trim().split('\n').slice(-10).join('\n')}`,
								),
							);
						else resolve(rows(stdout));
					},
				);
			});
		},
		stop() {
			run(
				path.join(bin, 'pg_ctl'),
				['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop'],
				'pg_ctl stop',
			);
		},
	};
}

/**
 * @param {string} baseDir
 * @returns {Promise<Redis>}
 */
async function startRedis(baseDir) {
	const dir = path.join(baseDir, 'redis');
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const child = spawn(
		redisServer(),
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--dir',
			dir,
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
		],
		{
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	let output = '';
	const collect = (/** @type {Buffer} */ chunk) => (output = (output + chunk).slice(-4000));
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	await /** @type {Promise<void>} */ (
		new Promise((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`redis-server did not start within 30 s:\n${output}`)),
				30_000,
			);
			const check = () => {
				if (/Ready to accept connections/.test(output)) {
					clearTimeout(timer);
					resolve();
				}
			};
			child.stdout.on('data', check);
			child.on('exit', (code) => {
				clearTimeout(timer);
				reject(new Error(`redis-server exited (${code}):\n${output}`));
			});
		})
	);
	child.removeAllListeners('exit');
	return {
		port,
		env: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
		stop: () =>
			/** @type {Promise<void>} */ (
				new Promise((resolve) => {
					if (child.exitCode !== null) return resolve(undefined);
					child.once('exit', () => resolve(undefined));
					child.kill('SIGTERM');
				})
			),
	};
}

/**
 * Starts both services in one temp folder; `stop()` stops what started and deletes the folder.
 * @returns {Promise<QueueServices>}
 */
async function startQueueServices() {
	const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spaaza-queue-'));
	fs.chmodSync(baseDir, 0o755);
	/** @type {Array<{ stop(): unknown }>} */
	const started = [];
	const stop = async () => {
		for (const service of started.reverse()) {
			try {
				await service.stop();
			} catch {
				// Keep stopping the others; the folder goes anyway.
			}
		}
		fs.rmSync(baseDir, { recursive: true, force: true });
	};
	try {
		const postgres = await startPostgres(baseDir);
		started.push(postgres);
		const redis = await startRedis(baseDir);
		started.push(redis);
		return { postgres, redis, env: { ...postgres.env, ...redis.env }, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

module.exports = { startQueueServices };
