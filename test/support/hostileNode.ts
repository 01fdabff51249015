/**
 * One package node run through n8n's engine (manual trigger → items → the node) with a credential
 * pointing at a hostile test server: the shape the hostile-answer, hardening and fuzz suites share.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import {
	runWorkflow,
	workflowFromNodes,
	type RunOptions,
	type WorkflowRunResult,
} from '../harness';
import { hostileCredential } from './secrets';

export interface HostileNodeRun {
	/** The node's type name without the package prefix, e.g. `spaazaUpsertProduct`. */
	type: string;
	parameters: Record<string, unknown>;
	authentication: 'accessToken' | 'adminSession' | 'adminLogin';
	/** The node's input items (default: one empty item). */
	items?: readonly unknown[];
	/** Fields of the hostile credential to change, e.g. another password. */
	credential?: ICredentialDataDecryptedObject;
}

export async function runNodeAgainst(
	server: { baseUrl: string },
	{ type, parameters, authentication, items = [{}], credential = {} }: HostileNodeRun,
	options: Omit<RunOptions, 'credentials'> = {},
): Promise<WorkflowRunResult> {
	return await runWorkflow(
		workflowFromNodes(
			{ type: 'test.manualTrigger' },
			{ type: 'test.items', parameters: { items: JSON.stringify(items) } },
			{
				type: `n8n-nodes-spaaza.${type}`,
				name: 'Node',
				parameters: parameters as never,
				credentials: { spaazaApi: { id: '1', name: 'Hostile' } },
			},
		),
		{
			...options,
			credentials: { spaazaApi: { ...hostileCredential(server, authentication), ...credential } },
		},
	);
}
