import { readFileSync } from 'node:fs';
import path from 'node:path';

import { loadPackageNodeTypes, runWorkflow, workflowFromNodes } from '.';

const packageJson = JSON.parse(
	readFileSync(path.join(__dirname, '../../package.json'), 'utf8'),
) as { name: string; n8n: { nodes: string[]; credentials: string[] } };

describe('loading the package from dist/ as n8n does', () => {
	const pkg = loadPackageNodeTypes();

	it('accounts for every file in package.json’s n8n block: loaded, or unloaded with a reason', () => {
		expect(pkg.packageName).toBe(packageJson.name);
		const listed = packageJson.n8n.nodes.length + packageJson.n8n.credentials.length;
		expect(pkg.nodes.length + pkg.credentials.length + pkg.unloaded.length).toBe(listed);
		for (const { file, reason } of pkg.unloaded) expect(reason).toContain(file);
	});

	const unbuilt = pkg.unloaded.find(({ file }) => file.endsWith('.node.js'));

	(unbuilt ? it : it.skip)('fails a workflow that uses an unbuilt node, naming the file', async () => {
		const name = path.basename(unbuilt!.file).split('.')[0];
		const type = `${packageJson.name}.${name[0].toLowerCase()}${name.slice(1)}`;
		await expect(runWorkflow(workflowFromNodes({ type: 'test.manualTrigger' }, { type }))).rejects.toThrow(
			`Node type "${type}" is not loaded: ${unbuilt!.reason}`,
		);
	});

	it('registers loaded nodes as <package>.<name>', () => {
		for (const name of pkg.nodes) {
			expect(pkg.loader.getNode(name).type.description.name).toBe(name);
		}
	});
});
