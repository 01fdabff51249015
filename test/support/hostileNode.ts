/**
 * One package node run through n8n's engine (manual trigger → items → the node), or one transport
 * request, with a credential pointing at a hostile test server: the shapes the hostile-answer,
 * hardening, fuzz and secrets suites share.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { spaazaRequest, type SpaazaRequestOptions } from '../../nodes/spaaza/transport/request';
import {
	runWorkflow,
	workflowFromNodes,
	type NodeSpec,
	type RunOptions,
	type WorkflowRunResult,
} from '../harness';
import { createTestContext } from './executeContext';
import { failureOf, type Failure } from './failure';
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
	/** The node's settings, e.g. `{ onError: 'continueRegularOutput' }`. */
	settings?: NodeSpec['settings'];
}

export async function runNodeAgainst(
	server: { baseUrl: string },
	{ type, parameters, authentication, items = [{}], credential = {}, settings }: HostileNodeRun,
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
				...(settings ? { settings } : {}),
			},
		),
		{
			...options,
			credentials: { spaazaApi: { ...hostileCredential(server, authentication), ...credential } },
		},
	);
}

/**
 * The error one `spaazaRequest` ends in against the server: by default an admin add-product call
 * without retries, the request every login and API-path case needs.
 */
export async function requestFailureAgainst(
	server: { baseUrl: string },
	authentication: HostileNodeRun['authentication'],
	options: Partial<SpaazaRequestOptions> = {},
): Promise<Failure> {
	const { ctx } = createTestContext(hostileCredential(server, authentication));
	return await failureOf(
		spaazaRequest(ctx, 0, {
			api: 'api',
			method: 'POST',
			path: '/internal/add-product',
			body: { owner_code: 'P-1' },
			maxRetries: 0,
			...options,
		}),
	);
}
