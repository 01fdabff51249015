import type { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type { INode, IWorkflowExecuteAdditionalData, Workflow } from 'n8n-workflow';

import type { HarnessCredentialsHelper } from './credentialsHelper';
import type { HarnessNodeTypes } from './nodeTypes';

const BASE_URL = 'http://localhost:5678';

export function findStartNode(
	workflow: Workflow,
	nodeTypes: HarnessNodeTypes,
	name?: string,
): INode {
	if (name !== undefined) {
		const node = workflow.getNode(name);
		if (!node) throw new Error(`startNode: no node named "${name}" in the workflow`);
		return node;
	}
	const candidates = Object.values(workflow.nodes).filter((node) => {
		if (node.disabled) return false;
		const { inputs } = nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description;
		return Array.isArray(inputs) && inputs.length === 0;
	});
	if (candidates.length !== 1) {
		throw new Error(
			`Cannot choose a start node (nodes without inputs: ` +
				`${candidates.map((node) => node.name).join(', ') || 'none'}); pass options.startNode`,
		);
	}
	return candidates[0];
}

/**
 * Under jest, the DOMException a bare abort() uses comes from another realm, so n8n's
 * ensureError() does not recognise it as an Error and replaces it with "Error that was not an
 * instance of Error was thrown". Aborting with a same-realm Error shaped like Node's
 * DOMException (name AbortError, same message) keeps what a node sees as in n8n.
 */
export function useRealmSafeAbort(engine: WorkflowExecute): void {
	const controller = new AbortController();
	const abort = controller.abort.bind(controller);
	controller.abort = (reason?: unknown) =>
		abort(reason ?? Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }));
	(engine as unknown as { abortController: AbortController }).abortController = controller;
}

/** The services n8n passes a run; those the harness cannot offer fail when a node uses them. */
export function buildAdditionalData(
	credentialsHelper: HarnessCredentialsHelper,
	hooks: ExecutionLifecycleHooks,
	executionId: string,
	workflowId: string,
): IWorkflowExecuteAdditionalData {
	const unsupported = (what: string) => async () => {
		throw new Error(`${what} is not supported by the test harness`);
	};
	return {
		credentialsHelper,
		hooks,
		executionId,
		workflowId,
		userId: 'harness-user',
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${BASE_URL}/rest`,
		instanceBaseUrl: `${BASE_URL}/`,
		formBaseUrl: `${BASE_URL}/form`,
		formTestBaseUrl: `${BASE_URL}/form-test`,
		formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
		webhookBaseUrl: `${BASE_URL}/webhook`,
		webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
		webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
		mcpBaseUrl: `${BASE_URL}/mcp`,
		mcpTestBaseUrl: `${BASE_URL}/mcp-test`,
		executeWorkflow: unsupported('Executing a sub-workflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: unsupported('The Code node task runner'),
		logAiEvent: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;
}
