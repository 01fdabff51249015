'use strict';
// A throwaway real n8n (the pinned one, launched through env.js) with a compiled, unpacked copy of
// the package installed (the bench's .cache/bench/out), and `n8n execute` runs measured by probe.js.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const env = require('./env');

const PROBE = path.join(__dirname, 'probe.js');
// Provided by n8n itself, never installed beside a community package.
const PROVIDED_BY_N8N = new Set(['n8n-workflow', 'n8n-core']);

/** `{ env }` (env.js) when the pinned n8n is provisioned, else `{ missing }`. */
function n8nRuntime() {
	try {
		env.assertProvisioned();
	} catch (error) {
		return { missing: error.message };
	}
	return { env };
}

/** Every file under `dir` whose name ends in `.js`. */
function jsFiles(dir) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir, { withFileTypes: true, recursive: true })
		.flatMap((entry) =>
			entry.isFile() && entry.name.endsWith('.js') ? [path.join(entry.parentPath, entry.name)] : [],
		);
}

/**
 * The libraries the compiled code requires (tsc leaves `require("csv-parse")` and the like in
 * place; `npm run build` bundles them instead): read from the code, so a new import needs no list.
 */
function requiredLibraries(compiledDir) {
	const names = new Set();
	for (const file of ['nodes', 'credentials'].flatMap((folder) =>
		jsFiles(path.join(compiledDir, folder)),
	)) {
		for (const [, specifier] of fs
			.readFileSync(file, 'utf8')
			.matchAll(/require\("([^".][^"]*)"\)/g)) {
			if (specifier.startsWith('node:')) continue;
			const parts = specifier.split('/');
			const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
			if (!PROVIDED_BY_N8N.has(name) && !require('node:module').isBuiltin(name)) names.add(name);
		}
	}
	return [...names].sort();
}

/**
 * Installs the compiled package the way n8n installs a community package (see instance.js), with
 * the libraries it requires copied from this repository's node_modules instead of fetched.
 */
function installPackage(userFolder, packageName, compiledDir) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', packageName);
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	const manifest = JSON.parse(fs.readFileSync(path.join(env.ROOT, 'package.json'), 'utf8'));
	for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies', 'scripts'])
		delete manifest[field];
	fs.writeFileSync(path.join(packageDir, 'package.json'), JSON.stringify(manifest, null, 2));
	for (const folder of ['nodes', 'credentials', 'icons']) {
		fs.cpSync(path.join(compiledDir, folder), path.join(packageDir, 'dist', folder), {
			recursive: true,
		});
	}
	for (const dependency of requiredLibraries(compiledDir)) {
		fs.cpSync(
			path.join(env.ROOT, 'node_modules', dependency),
			path.join(packageDir, 'node_modules', dependency),
			{ recursive: true },
		);
	}
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify(
			{ name: 'installed-nodes', private: true, dependencies: { [packageName]: manifest.version } },
			null,
			2,
		),
	);
}

/**
 * Creates the user folder, installs the package compiled into `compiledDir`, copies `files` into the files folder. `extraEnv`
 * goes to every n8n command of the instance (e.g. a PostgreSQL database).
 */
async function createInstance(env, compiledDir, files = [], extraEnv = {}) {
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spaaza-bench-n8n-'));
	const userFolder = path.join(workDir, 'user');
	const filesDir = path.join(workDir, 'files');
	fs.mkdirSync(filesDir, { recursive: true });
	for (const file of files) fs.copyFileSync(file, path.join(filesDir, path.basename(file)));
	installPackage(userFolder, env.PACKAGE_NAME, compiledDir);
	// The run JSON is printed at info level (n8n's `log` is logger.info).
	const instanceEnv = await env.n8nEnv({
		userFolder,
		filesDir,
		extra: { N8N_LOG_LEVEL: 'info', ...extraEnv },
	});
	let imports = 0;

	async function importEntities(kind, entities) {
		const dir = path.join(workDir, `import-${++imports}`);
		fs.mkdirSync(dir);
		entities.forEach((entity, index) =>
			fs.writeFileSync(path.join(dir, `${index}.json`), JSON.stringify(entity)),
		);
		const result = await env.runN8n(
			[`import:${kind}`, '--separate', `--input=${dir}`],
			instanceEnv,
		);
		if (result.code !== 0)
			throw new Error(`n8n import:${kind} failed:\n${result.stdout}\n${result.stderr}`);
	}

	/** Runs one workflow in its own `n8n execute` process; returns the probe's record and the wall time. */
	async function execute(id, extraEnv = {}) {
		const probeBase = path.join(workDir, `probe-${id}-${Date.now()}`);
		const started = Date.now();
		const child = env.spawnN8n(['execute', `--id=${id}`, '--rawOutput'], {
			...instanceEnv,
			...extraEnv,
			// extraEnv's NODE_OPTIONS (e.g. a heap cap) is added, not replaced.
			NODE_OPTIONS:
				`${instanceEnv.NODE_OPTIONS ?? ''} ${extraEnv.NODE_OPTIONS ?? ''} --require ${PROBE}`.trim(),
			SPAAZA_BENCH_PROBE: probeBase,
		});
		let output = '';
		child.stdout.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
		child.stderr.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
		const code = await new Promise((resolve) => child.on('close', resolve));
		const processSeconds = (Date.now() - started) / 1000;
		const probeFile = `${probeBase}.${child.pid}.json`;
		if (!fs.existsSync(probeFile))
			throw new Error(`n8n execute ${id} left no probe (exit ${code}):\n${output}`);
		const probe = JSON.parse(fs.readFileSync(probeFile, 'utf8'));
		// A run larger than a JavaScript string (about 1M records) cannot be printed: n8n execute
		// fails in JSON.stringify after every node has run. The probe's per-node record stands in.
		if (
			!probe.nodes &&
			/Invalid string length/.test(output) &&
			Object.keys(probe.retainedAfter ?? {}).length > 0
		)
			return { probe, processSeconds, unprintable: true };
		if (!probe.nodes)
			throw new Error(`n8n execute ${id} printed no run (exit ${code}):\n${output}`);
		const failed = Object.entries(probe.nodes).find(([, task]) => task.error);
		if (failed) throw new Error(`n8n execute ${id}: node ${failed[0]} failed: ${failed[1].error}`);
		return { probe, processSeconds };
	}

	return {
		filesDir,
		importWorkflows: (workflows) => importEntities('workflow', workflows),
		importCredentials: (credentials) => importEntities('credentials', credentials),
		execute,
		close: () => fs.rmSync(workDir, { recursive: true, force: true }),
	};
}

/** Manual trigger → Read/Write Files from Disk (`fileGlob`) → the given nodes, in a chain. */
function chainWorkflow(id, name, fileGlob, ...rest) {
	const nodes = [
		{
			id: `${id}-1`,
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: `${id}-2`,
			name: 'Read file',
			type: 'n8n-nodes-base.readWriteFile',
			typeVersion: 1.1,
			position: [220, 0],
			parameters: { fileSelector: fileGlob, options: {} },
		},
		...rest.map((node, index) => ({
			id: `${id}-${index + 3}`,
			position: [440 + 220 * index, 0],
			...node,
		})),
	];
	const connections = {};
	for (let i = 0; i + 1 < nodes.length; i++)
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { id, name, active: false, settings: { executionOrder: 'v1' }, nodes, connections };
}

module.exports = { n8nRuntime, createInstance, chainWorkflow, requiredLibraries };
