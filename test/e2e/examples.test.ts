import * as fs from 'node:fs';
import * as path from 'node:path';
import { runN8n } from '../../tools/n8n/env';
import { EXAMPLES_DIR, readWorkflows, WORKFLOWS_DIR } from '../../tools/n8n/session';
import { describeE2e, useRealN8n } from './realN8n';

interface NodeTypeDescription {
	name: string;
	version: number | number[];
}

describeE2e('example workflows in real n8n', () => {
	// Importing them is part of the session: `n8n import:workflow` fails the setup on any error.
	const session = useRealN8n({ examples: true });
	const workflows = [...readWorkflows(EXAMPLES_DIR), ...readWorkflows(WORKFLOWS_DIR)];

	it('are all stored by n8n import:workflow', async () => {
		const listed = await runN8n(['list:workflow'], await session.n8n.env());
		expect(listed.code).toBe(0);
		for (const { workflow } of workflows)
			expect(listed.stdout).toContain(`${workflow.id}|${workflow.name}`);
	});

	it('use only node types and versions this n8n and package provide', async () => {
		const output = path.join(session.n8n.workDir, 'nodes.json');
		const exported = await runN8n(['export:nodes', `--output=${output}`], await session.n8n.env());
		expect(exported.code).toBe(0);
		const known = new Map<string, number[]>();
		for (const type of JSON.parse(fs.readFileSync(output, 'utf8')) as NodeTypeDescription[]) {
			known.set(type.name, [...(known.get(type.name) ?? []), ...[type.version].flat()]);
		}

		const unknown = workflows.flatMap(({ file, workflow }) =>
			workflow.nodes
				.filter((node) => !known.get(node.type)?.includes(node.typeVersion))
				.map((node) => `${path.basename(file)}: ${node.name} (${node.type} v${node.typeVersion})`),
		);
		expect(unknown).toEqual([]);
	});
});
