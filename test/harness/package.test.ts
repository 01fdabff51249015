import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { loadPackageNodeTypes, runWorkflow, workflowFromNodes } from '.';

const ROOT = path.join(__dirname, '../..');
const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};

describe('loading the package from dist/ as n8n does', () => {
	const pkg = loadPackageNodeTypes();

	it('accounts for every file in package.json’s n8n block: loaded, or unloaded with a reason', () => {
		expect(pkg.packageName).toBe(packageJson.name);
		const listed = packageJson.n8n.nodes.length + packageJson.n8n.credentials.length;
		expect(pkg.nodes.length + pkg.credentials.length + pkg.unloaded.length).toBe(listed);
		for (const { file, reason } of pkg.unloaded) expect(reason).toContain(file);
	});

	it('registers loaded nodes as <package>.<name>', () => {
		for (const name of pkg.nodes) {
			expect(pkg.loader.getNode(name).type.description.name).toBe(name);
		}
	});
});

describe('a package whose build lacks one node file', () => {
	// A copy of the built package without one node's file, so this runs whatever dist/ holds.
	const missing = 'dist/nodes/SpaazaWaitForTask/SpaazaWaitForTask.node.js';
	let dir: string;

	beforeAll(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'spaaza-unbuilt-'));
		cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
		cpSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
		symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
		rmSync(path.join(dir, missing));
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('lists the file as unloaded, with the reason', () => {
		const unloaded = loadPackageNodeTypes(dir).unloaded;
		expect(unloaded.map(({ file }) => file)).toEqual([missing]);
		expect(unloaded[0].reason).toContain(missing);
	});

	it('fails a workflow that uses the unbuilt node, naming the file', async () => {
		const type = `${packageJson.name}.spaazaWaitForTask`;
		await expect(
			runWorkflow(workflowFromNodes({ type: 'test.manualTrigger' }, { type }), { packageDir: dir }),
		).rejects.toThrow(
			new RegExp(`Node type "${type}" is not loaded: .*${missing.replace(/[.]/g, '\\.')}`),
		);
	});
});
