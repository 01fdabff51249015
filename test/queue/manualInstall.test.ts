/**
 * The README's install from the packed package, run line by line on a fresh user folder with the
 * pinned n8n's Node 24 first on PATH and no usable compiler, then n8n loading the package from
 * there and running the import workflow. The Docker install runs the same steps through
 * docker/install-spaaza-nodes.sh; there is no Docker engine here, so the test checks that the
 * Dockerfile runs that script with the packed package beside it, and runs the script itself on a
 * second user folder that n8n then loads. Dependencies, if any, come from the registry.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { nodeOutput } from '../../tools/n8n/runOutput';
import { stageFiles, startSession } from '../../tools/n8n/session';
import { NODE24_DIR, withoutNpmRunEnv } from '../../tools/n8n/env';
import { startSandbox, type Sandbox } from '../../sandbox';
import { describeE2e, ROOT } from '../e2e/realN8n';

/** The shell lines of the first ```sh block in the README's "Install in n8n" section. */
function readmeInstallLines(): string[] {
	const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
	const section = readme.split(/^## /m).find((part) => part.startsWith('Install in n8n'));
	const block = section?.match(/```sh\n([\s\S]*?)```/);
	if (!block) throw new Error('README: no ```sh block in "Install in n8n"');
	return block[1]
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line !== '' && !line.startsWith('#'));
}

const SAMPLE_SET = ['productlist_20251024_100000.csv', 'variantlist_20251024_100000.csv'].map(
	(name) => path.join(ROOT, 'samples', name),
);

/** An environment like a user's machine without build tools, with the pinned Node 24 first. */
function compilerlessEnv(dir: string, home: string): NodeJS.ProcessEnv {
	const compilerless = path.join(dir, 'no-compiler');
	fs.mkdirSync(compilerless, { recursive: true });
	// Any attempt to build native code fails loudly, as on a machine without build tools.
	for (const tool of ['cc', 'gcc', 'c++', 'g++', 'make']) {
		fs.writeFileSync(
			path.join(compilerless, tool),
			'#!/bin/sh\necho "no compiler on this machine" >&2\nexit 1\n',
			{ mode: 0o755 },
		);
	}
	return {
		...withoutNpmRunEnv(),
		HOME: home,
		PATH: [compilerless, path.join(NODE24_DIR, 'bin'), process.env.PATH].join(path.delimiter),
		CC: path.join(compilerless, 'cc'),
		CXX: path.join(compilerless, 'c++'),
		// The project's .npmrc says ignore-scripts; a user's npm runs install scripts.
		npm_config_ignore_scripts: 'false',
		npm_config_userconfig: path.join(home, '.npmrc'),
	};
}

function expectInstalled(
	install: ReturnType<typeof spawnSync>,
	nodesDir: string,
	tarballName: string,
): string[] {
	expect({
		status: install.status,
		stderr: String(install.stderr)
			.split('\n')
			.filter((line) => /ERR|error/i.test(line)),
	}).toEqual({ status: 0, stderr: [] });
	const installed = fs
		.readdirSync(path.join(nodesDir, 'node_modules'))
		.filter((name) => !name.startsWith('.'))
		.sort();
	expect(installed).toContain('n8n-nodes-spaaza');
	// The folder's package.json names the copy inside the folder, which stays there.
	const spec = JSON.parse(fs.readFileSync(path.join(nodesDir, 'package.json'), 'utf8'))
		.dependencies['n8n-nodes-spaaza'];
	expect(spec).toBe(`file:${tarballName}`);
	expect(fs.existsSync(path.join(nodesDir, tarballName))).toBe(true);
	return installed;
}

/** n8n (the pinned runtime) finds the package in <workDir>/user/.n8n/nodes and runs the import. */
async function expectN8nImports(sandbox: Sandbox, workDir: string): Promise<void> {
	sandbox.reset();
	const n8n = await startSession({ sandbox, workDir, keep: true });
	{
		const { run, error } = await n8n.execute('e2eImportFileSet', {
			SPAAZA_INBOX: stageFiles(n8n, 'sample-set', SAMPLE_SET),
		});
		expect(error).toBeUndefined();
		const products = parse(fs.readFileSync(SAMPLE_SET[0]), {
			columns: true,
			bom: true,
			skip_empty_lines: true,
		}) as Array<Record<string, string>>;
		expect([...new Set(nodeOutput(run, 'Upsert Products').map((result) => result.status))]).toEqual(
			['upserted'],
		);
		const landed = sandbox.catalogue().map((product) => product.owner_code);
		expect(landed.sort()).toEqual(products.map((row) => row.owner_code).sort());
	}
}

describeE2e('the install paths of the README', () => {
	let workDir: string;
	let sandbox: Sandbox | undefined;
	beforeAll(async () => {
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spaaza-manual-install-'));
		sandbox = await startSandbox({ taskRunMs: 1000 });
	});
	afterAll(async () => {
		await sandbox?.close();
		fs.rmSync(workDir, { recursive: true, force: true });
	});

	it('the packed package installs into ~/.n8n/nodes as the README says, compiles nothing, and n8n runs its nodes', async () => {
		const tarball = process.env.SPAAZA_E2E_TARBALL;
		if (!tarball) throw new Error('No packed package: run through `npm run test:queue`.');
		const tarballName = path.basename(tarball);
		const [pack, ...lines] = readmeInstallLines();
		// The first line builds and packs the repository: what the test setup did (npm pack in
		// the repository after npm run build), so it is checked, not repeated.
		expect(pack).toBe('cd /path/to/repository && npm ci && npm run build && npm pack');
		expect(lines).toEqual([
			'mkdir -p ~/.n8n/nodes',
			`cp /path/to/repository/${tarballName} ~/.n8n/nodes/`,
			'cd ~/.n8n/nodes',
			`npm install ./${tarballName}`,
		]);
		const script = lines
			.map((line) => line.replaceAll('/path/to/repository', path.dirname(tarball)))
			.join(' && ');

		const home = path.join(workDir, 'readme', 'user');
		fs.mkdirSync(home, { recursive: true });
		const install = spawnSync('bash', ['-c', `set -e; ${script}; node --version`], {
			cwd: home,
			env: compilerlessEnv(workDir, home),
			encoding: 'utf8',
			timeout: 5 * 60 * 1000,
		});
		expect(install.stdout.trim().split('\n').pop()).toMatch(/^v24\./);
		expectInstalled(install, path.join(home, '.n8n', 'nodes'), tarballName);
		await expectN8nImports(sandbox!, path.join(workDir, 'readme'));
	});

	it('the Dockerfile installs the packed package with the same steps, which give n8n the same nodes', async () => {
		const tarball = process.env.SPAAZA_E2E_TARBALL;
		if (!tarball) throw new Error('No packed package: run through `npm run test:queue`.');
		const tarballName = path.basename(tarball);
		const dockerfile = fs.readFileSync(path.join(ROOT, 'docker', 'Dockerfile'), 'utf8');
		const instructions = dockerfile
			.replace(/\\\n/g, ' ')
			.split('\n')
			.filter((line) => /^[A-Z]+\s/.test(line));
		// The build context is docker/: the script and any packed package are copied together,
		// and the script is what installs the package.
		expect(instructions).toContain(
			'COPY --chown=node:node install-spaaza-nodes.sh n8n-nodes-spaaza-*.tgz /tmp/spaaza-nodes/',
		);
		expect(instructions.filter((line) => line.startsWith('RUN'))).toEqual([
			expect.stringMatching(
				/^RUN sh \/tmp\/spaaza-nodes\/install-spaaza-nodes\.sh \/home\/node\/\.n8n\/nodes "\$\{SPAAZA_NODES_VERSION\}"\s+&& rm -rf \/tmp\/spaaza-nodes\s+&& npm cache clean --force$/,
			),
		]);
		expect(instructions).toContain('USER node');

		// What `COPY` makes of the build context after `cp <tarball> docker/`.
		const copied = path.join(workDir, 'docker-copy');
		fs.mkdirSync(copied, { recursive: true });
		fs.copyFileSync(
			path.join(ROOT, 'docker', 'install-spaaza-nodes.sh'),
			path.join(copied, 'install-spaaza-nodes.sh'),
		);
		fs.copyFileSync(tarball, path.join(copied, tarballName));
		const home = path.join(workDir, 'docker', 'user');
		const nodesDir = path.join(home, '.n8n', 'nodes');
		fs.mkdirSync(home, { recursive: true });
		const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
		const install = spawnSync(
			'sh',
			[path.join(copied, 'install-spaaza-nodes.sh'), nodesDir, version],
			{ cwd: home, env: compilerlessEnv(workDir, home), encoding: 'utf8', timeout: 5 * 60 * 1000 },
		);
		const installed = expectInstalled(install, nodesDir, tarballName);
		// The same packages as the README's path, when that test ran first.
		const readmeModules = path.join(workDir, 'readme', 'user', '.n8n', 'nodes', 'node_modules');
		if (fs.existsSync(readmeModules)) {
			expect(installed).toEqual(
				fs
					.readdirSync(readmeModules)
					.filter((name) => !name.startsWith('.'))
					.sort(),
			);
		}
		fs.rmSync(copied, { recursive: true, force: true });
		expect(fs.existsSync(path.join(nodesDir, tarballName))).toBe(true);
		await expectN8nImports(sandbox!, path.join(workDir, 'docker'));
	});
});
