// @ts-check
'use strict';
// A throwaway real n8n: its own user folder with this package installed the way n8n installs a
// community package, credentials and workflows imported by n8n's CLI, workflows run headless.
// Used by the e2e tests, the demo and `npm start`; the caller builds the package first.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { ROOT, PACKAGE_NAME, n8nEnv, runN8n, withoutNpmRunEnv } = require('./env');
const { parseRunOutput } = require('./runOutput');

/**
 * @typedef {import('./runOutput').N8nRun} N8nRun
 * @typedef {import('./env').N8nRunResult} N8nRunResult
 * @typedef {{ run: N8nRun; error?: N8nRun['data']['resultData']['error']; exitCode: number | null; exitSignal: string | null; seconds: number; output: N8nRunResult }} ExecuteResult
 *   `exitSignal` is set when n8n was ended by a signal rather than exiting.
 * @typedef {{ workDir: string; userFolder: string; filesDir: string; env(extra?: Record<string, string>): Promise<NodeJS.ProcessEnv>; importCredentials(credentials: object[]): Promise<unknown>; importWorkflows(workflows: object[]): Promise<unknown>; execute(workflowId: string, extraEnv?: Record<string, string>): Promise<ExecuteResult>; close(): void }} N8nInstance
 */

/**
 * `npm pack` of the project as it would be published (the `files` list decides what ships).
 * @param {string} outDir
 * @returns {{ tarball: string; files: string[] }}
 */
function packPackage(outDir) {
	fs.mkdirSync(outDir, { recursive: true });
	const json = execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], {
		cwd: ROOT,
		env: withoutNpmRunEnv(),
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const [packed] = JSON.parse(json);
	return {
		tarball: path.join(outDir, packed.filename),
		files: packed.files.map((/** @type {{ path: string }} */ file) => file.path),
	};
}

/**
 * Mirrors n8n 2.40's community-package installer (CommunityPackagesService.downloadPackage): unpack
 * into ~/.n8n/nodes/node_modules/<name>, drop dev/peer/optional dependencies from its package.json
 * (so npm never pulls a second n8n-workflow: n8n's own is resolved at load time), install the runtime
 * dependencies inside the package folder from the registry, and list it in ~/.n8n/nodes/package.json.
 * @param {string} userFolder
 * @param {string} tarball
 * @returns {string} the installed package's folder
 */
function installPackage(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);

	const manifestPath = path.join(packageDir, 'package.json');
	const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
	for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies'])
		delete manifest[field];
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	const npmArgs = [
		'install',
		'--audit=false',
		'--fund=false',
		'--bin-links=false',
		'--install-strategy=shallow',
		'--ignore-scripts=true',
		'--package-lock=false',
	];
	execFileSync('npm', npmArgs, {
		cwd: packageDir,
		env: withoutNpmRunEnv(),
		stdio: ['ignore', 'pipe', 'pipe'],
	});

	const ledgerPath = path.join(nodesDir, 'package.json');
	const ledger = fs.existsSync(ledgerPath)
		? JSON.parse(fs.readFileSync(ledgerPath, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	ledger.dependencies[PACKAGE_NAME] = manifest.version;
	fs.writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2));
	return packageDir;
}

/**
 * @param {string} what
 * @param {N8nRunResult} result
 */
function commandFailure(what, result) {
	const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n');
	return new Error(`n8n ${what} failed (exit ${result.code}):\n${output}`);
}

/**
 * Creates the user folder and installs the package. `workDir` is emptied first unless `keep` (the
 * editor keeps its database between starts); `filesDir` (inside it) is the only folder the
 * Read/Write Files from Disk node may touch. Without `tarball` nothing is installed: the user
 * folder (`workDir`/user) already has the package (the manual-install test put it there).
 * @param {{ workDir?: string; tarball?: string; env?: Record<string, string>; keep?: boolean }} options
 * @returns {Promise<N8nInstance>}
 */
async function createN8nInstance({
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spaaza-n8n-')),
	tarball,
	env: baseEnv = {},
	keep = false,
}) {
	if (!keep) fs.rmSync(workDir, { recursive: true, force: true });
	const userFolder = path.join(workDir, 'user');
	const filesDir = path.join(workDir, 'files');
	const importDir = path.join(workDir, 'import');
	fs.mkdirSync(filesDir, { recursive: true });
	if (tarball) installPackage(userFolder, tarball);

	const env = (/** @type {Record<string, string>} */ extra = {}) =>
		n8nEnv({ userFolder, filesDir, extra: { ...baseEnv, ...extra } });

	/**
	 * @param {'credentials' | 'workflow'} kind
	 * @param {object[]} entities
	 */
	async function importEntities(kind, entities) {
		const dir = path.join(importDir, `${kind}-${Date.now()}`);
		fs.mkdirSync(dir, { recursive: true });
		entities.forEach((entity, index) =>
			fs.writeFileSync(
				path.join(dir, `${String(index).padStart(3, '0')}.json`),
				JSON.stringify(entity, null, 2),
			),
		);
		// One n8n process for the whole folder: every CLI start costs seconds.
		const result = await runN8n([`import:${kind}`, '--separate', `--input=${dir}`], await env());
		if (result.code !== 0) throw commandFailure(`import:${kind}`, result);
		return result;
	}

	return {
		workDir,
		userFolder,
		filesDir,
		env,
		importCredentials: (credentials) => importEntities('credentials', credentials),
		importWorkflows: (workflows) => importEntities('workflow', workflows),
		/**
		 * Runs one imported workflow headless. Resolves with the parsed run even when the workflow
		 * failed (`run.data.resultData.error`); rejects only when n8n printed no run at all.
		 */
		async execute(workflowId, extraEnv = {}) {
			const startedAt = Date.now();
			const result = await runN8n(
				['execute', `--id=${workflowId}`, '--rawOutput'],
				await env(extraEnv),
			);
			const run = parseRunOutput(result.stdout);
			if (!run) throw commandFailure(`execute --id=${workflowId}`, result);
			return {
				run,
				error: run.data.resultData.error,
				exitCode: result.code,
				exitSignal: result.signal,
				seconds: (Date.now() - startedAt) / 1000,
				output: result,
			};
		},
		close: () => fs.rmSync(workDir, { recursive: true, force: true }),
	};
}

module.exports = { packPackage, installPackage, createN8nInstance };
