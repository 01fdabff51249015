import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	runWorkflow,
	workflowFromNodes,
	type NodeSpec,
	type RunOptions,
	type WorkflowRunResult,
} from '../../harness';

export const BUILD = 'Build';
export const BUILD_TYPE = 'n8n-nodes-spaaza.spaazaBuildFileSet';

/** Runs trigger → items → Build Spaaza File Set with the given items and Build parameters. */
export async function runBuild(
	items: unknown[],
	parameters: INodeParameters,
	options: RunOptions & { settings?: NodeSpec['settings'] } = {},
): Promise<WorkflowRunResult> {
	const { settings, ...runOptions } = options;
	const workflow = workflowFromNodes(
		{ type: 'test.manualTrigger', name: 'Trigger' },
		{ type: 'test.items', name: 'Items', parameters: { items: JSON.stringify(items) } },
		{ type: BUILD_TYPE, name: BUILD, parameters, settings },
	);
	return await runWorkflow(workflow, runOptions);
}

/** The one output item of Build: its json and its file as text. */
export async function builtFile(
	result: WorkflowRunResult,
	property = 'data',
): Promise<{ json: IDataObject; text: string }> {
	const [item] = result.output(BUILD);
	return { json: item.json, text: (await result.binaryBuffer(item, property)).toString('utf8') };
}
