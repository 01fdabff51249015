// @ts-check
'use strict';
// One real-n8n session against a running sandbox: the package installed from its tarball, the
// sandbox credentials and the local workflows imported. Shared by the e2e tests, the demo and
// `npm start`, so all three exercise the same installation path.
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./env');
const { createN8nInstance } = require('./instance');
const { ADMIN_CREDENTIAL, sandboxCredentials } = require('./credentials');

const WORKFLOWS_DIR = path.join(ROOT, 'test', 'fixtures', 'workflows', 'local-disk');
const EXAMPLES_DIR = path.join(ROOT, 'examples');

/**
 * @typedef {import('./credentials').SandboxDescription} SandboxDescription
 * @typedef {import('./instance').N8nInstance} N8nInstance
 * @typedef {{ id: string; name: string; nodes: Array<{ name: string; type: string; typeVersion: number }> }} WorkflowFile
 */

/**
 * Every workflow JSON in `dir`, by file name.
 * @param {string} dir
 * @returns {Array<{ file: string; workflow: WorkflowFile }>}
 */
function readWorkflows(dir) {
	return fs
		.readdirSync(dir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => ({
			file: path.join(dir, name),
			workflow: JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')),
		}));
}

/**
 * Copies files into a fresh folder under the instance's files folder (the only one n8n may read).
 * @param {N8nInstance} instance
 * @param {string} folderName
 * @param {string[]} files
 * @returns {string} the folder
 */
function stageFiles(instance, folderName, files) {
	const dir = path.join(instance.filesDir, folderName);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	for (const file of files) fs.copyFileSync(file, path.join(dir, path.basename(file)));
	return dir;
}

/**
 * An empty folder under the files folder, for workflows that write (exports).
 * @param {N8nInstance} instance
 * @param {string} folderName
 * @returns {string}
 */
function emptyFolder(instance, folderName) {
	return stageFiles(instance, folderName, []);
}

// Test-only workflows the editor does not list (they check n8n itself, not this package).
const TEST_ONLY = ['smoke-read-write-disk.json'];

/**
 * `sandbox` is a started sandbox (or its description: apiUrl, servicesUrl, chainId, logins).
 * With `examples: true` the example workflows are imported too; `editor: true` leaves the test-only
 * ones out; `keep` keeps an existing user folder (re-importing overwrites the workflows and
 * credentials of the same ids). Without `tarball`, the user folder (`workDir`/user) must already
 * hold the package.
 * @param {{ sandbox: SandboxDescription; tarball?: string; workDir?: string; examples?: boolean; editor?: boolean; env?: Record<string, string>; keep?: boolean }} options
 * @returns {Promise<N8nInstance>}
 */
async function startSession({
	sandbox,
	tarball,
	workDir,
	examples = false,
	editor = false,
	env,
	keep,
}) {
	const instance = await createN8nInstance({ workDir, tarball, env, keep });
	const credentials = sandboxCredentials(sandbox);
	if (editor) {
		// For a new node the editor pre-selects the most recently updated credential of its type:
		// the admin one goes in last (in its own import), as it also works for product upserts.
		await instance.importCredentials(
			credentials.filter((credential) => credential.id !== ADMIN_CREDENTIAL.id),
		);
		await instance.importCredentials(
			credentials.filter((credential) => credential.id === ADMIN_CREDENTIAL.id),
		);
	} else {
		await instance.importCredentials(credentials);
	}
	const local = readWorkflows(WORKFLOWS_DIR).filter(
		(entry) => !editor || !TEST_ONLY.includes(path.basename(entry.file)),
	);
	if (examples) {
		// The editor lists the most recently updated first: the examples go in first so the
		// workflows that run against the sandbox, imported after them, head the list.
		await instance.importWorkflows(readWorkflows(EXAMPLES_DIR).map((entry) => entry.workflow));
	}
	await instance.importWorkflows(local.map((entry) => entry.workflow));
	return instance;
}

module.exports = {
	WORKFLOWS_DIR,
	EXAMPLES_DIR,
	readWorkflows,
	stageFiles,
	emptyFolder,
	startSession,
};
