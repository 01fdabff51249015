import type { INode } from 'n8n-workflow';

/**
 * A node as a saved workflow holds it, with nothing set but its type and name: what a node's
 * `getNode()` returns in a test, or a node of a workflow written out by hand.
 */
export function workflowNode(type: string, name: string, more: Partial<INode> = {}): INode {
	return { id: name, name, type, typeVersion: 1, position: [0, 0], parameters: {}, ...more };
}
