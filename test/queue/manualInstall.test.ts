/**
 * The README's manual install, run line by line on a fresh user folder with the pinned n8n's
 * Node 24 first on PATH and no usable compiler, then n8n loading the package from there and
 * running the import workflow. The package is not on the registry at this version, so the packed
 * tarball stands in for the name `n8n-nodes-spaaza`; its dependencies come from the registry.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { nodeOutput } from '../../e2e/run-output';
import { stageFiles, startSession } from '../../e2e/session';
import { NODE24_DIR, withoutNpmRunEnv } from '../../scripts/n8n-env';
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

describeE2e('the manual install of the README', () => {
	let workDir: string;
	let sandbox: Sandbox | undefined;
	beforeAll(() => {
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spaaza-manual-install-'));
	});
	afterAll(async () => {
		await sandbox?.close();
		fs.rmSync(workDir, { recursive: true, force: true });
	});

	it('installs only the package and its three dependencies, compiles nothing, and n8n runs its nodes', async () => {
		const tarball = process.env.SPAAZA_E2E_TARBALL;
		if (!tarball) throw new Error('No packed package: run through `npm run test:queue`.');
		const lines = readmeInstallLines();
		expect(lines.some((line) => /^npm install\b.*\bn8n-nodes-spaaza$/.test(line))).toBe(true);
		const script = lines.map((line) => line.replace(/\bn8n-nodes-spaaza$/, tarball)).join(' && ');

		const home = path.join(workDir, 'user');
		fs.mkdirSync(home, { recursive: true });
		const compilerless = path.join(workDir, 'no-compiler');
		fs.mkdirSync(compilerless);
		// Any attempt to build native code fails loudly, as on a machine without build tools.
		for (const tool of ['cc', 'gcc', 'c++', 'g++', 'make']) {
			fs.writeFileSync(
				path.join(compilerless, tool),
				'#!/bin/sh\necho "no compiler on this machine" >&2\nexit 1\n',
				{ mode: 0o755 },
			);
		}
		const env = {
			...withoutNpmRunEnv(),
			HOME: home,
			PATH: [compilerless, path.join(NODE24_DIR, 'bin'), process.env.PATH].join(path.delimiter),
			CC: path.join(compilerless, 'cc'),
			CXX: path.join(compilerless, 'c++'),
			// The project's .npmrc says ignore-scripts; a user's npm runs install scripts.
			npm_config_ignore_scripts: 'false',
			npm_config_userconfig: path.join(home, '.npmrc'),
		};
		const install = spawnSync('bash', ['-c', `set -e; ${script}; node --version`], {
			cwd: home,
			env,
			encoding: 'utf8',
			timeout: 5 * 60 * 1000,
		});

		expect({
			status: install.status,
			stderr: install.stderr.split('\n').filter((line) => /ERR|error/i.test(line)),
		}).toEqual({ status: 0, stderr: [] });
		expect(install.stdout.trim().split('\n').pop()).toMatch(/^v24\./);
		const nodesDir = path.join(home, '.n8n', 'nodes');
		expect(
			fs
				.readdirSync(path.join(nodesDir, 'node_modules'))
				.filter((name) => !name.startsWith('.'))
				.sort(),
		).toEqual(['csv-parse', 'csv-stringify', 'n8n-nodes-spaaza', 'zod']);
		expect(
			JSON.parse(fs.readFileSync(path.join(nodesDir, 'package.json'), 'utf8')).dependencies,
		).toHaveProperty('n8n-nodes-spaaza');

		// n8n (the pinned runtime) finds the package in ~/.n8n/nodes and runs the import with it.
		sandbox = await startSandbox({ taskRunMs: 1000 });
		const n8n = await startSession({ sandbox, workDir, keep: true });
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
		expect(
			sandbox
				.catalogue()
				.map((product) => product.owner_code)
				.sort(),
		).toEqual(products.map((row) => row.owner_code).sort());
	});
});
