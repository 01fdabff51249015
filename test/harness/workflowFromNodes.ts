import type { INode, INodeCredentials, INodeParameters } from 'n8n-workflow';

import type { WorkflowJson } from './runWorkflow';

/** One node of a chain; everything but `type` has a default. */
export interface NodeSpec {
	type: string;
	name?: string;
	parameters?: INodeParameters;
	typeVersion?: number;
	credentials?: INodeCredentials;
	/** Node settings from the editor's Settings tab, e.g. `{ onError: 'continueRegularOutput' }`. */
	settings?: Partial<Pick<INode, 'onError' | 'continueOnFail' | 'alwaysOutputData' | 'disabled'>>;
}

/**
 * A workflow in n8n's export format whose nodes run one after the other, each node's first
 * output feeding the next. Names default to the type's part after the dot, numbered on repeats.
 */
export function workflowFromNodes(...specs: NodeSpec[]): WorkflowJson {
	const used = new Map<string, number>();
	const nodes: INode[] = specs.map((spec, index) => {
		const base = spec.name ?? spec.type.split('.').pop()!;
		const count = (used.get(base) ?? 0) + 1;
		used.set(base, count);
		return {
			id: `node-${index + 1}`,
			name: spec.name ?? (count === 1 ? base : `${base}${count}`),
			type: spec.type,
			typeVersion: spec.typeVersion ?? 1,
			position: [index * 220, 0],
			parameters: spec.parameters ?? {},
			...(spec.credentials && { credentials: spec.credentials }),
			...spec.settings,
		};
	});
	const connections: WorkflowJson['connections'] = {};
	for (let index = 0; index + 1 < nodes.length; index++) {
		connections[nodes[index].name] = {
			main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]],
		};
	}
	return { nodes, connections, settings: { executionOrder: 'v1' } };
}
