import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox';
import {
	runWorkflow,
	startWorkflow,
	type RunHandle,
	type RunOptions,
	type WorkflowJson,
	type WorkflowRunResult,
} from '../../harness';
import { adminHeaders, call } from '../../sandbox/sandboxClient';

/** Workflow fixtures shared by the three export-node test folders. */
export const EXPORT_AND_DOWNLOAD = path.join(__dirname, 'workflows/export-and-download.json');
export const CREATE_TASK = path.join(__dirname, 'workflows/create-task.json');
export const CREATE_AND_WAIT = path.join(__dirname, '../SpaazaWaitForTask/workflows/create-and-wait.json');
export const CREATE_AND_DOWNLOAD = path.join(__dirname, '../SpaazaGetDownloadUrl/workflows/create-and-download.json');

export const CREATE = 'Create Export Task';
export const WAIT = 'Wait For Task';
export const DOWNLOAD = 'Get Download URL';

export async function startExportSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	return await startSandbox({ port: 0, taskRunMs: 300, ...options });
}

function custom(sandbox: Sandbox): ICredentialDataDecryptedObject {
	return {
		environment: 'custom',
		apiBaseUrl: sandbox.apiUrl,
		servicesBaseUrl: sandbox.servicesUrl,
		chainId: sandbox.chainId,
		apiVersion: '1.6.3',
	};
}

export function tokenCredential(sandbox: Sandbox): ICredentialDataDecryptedObject {
	return {
		...custom(sandbox),
		authentication: 'accessToken',
		accessTokenId: sandbox.logins.token.id,
		accessTokenSecret: sandbox.logins.token.secret,
	};
}

export function adminCredential(sandbox: Sandbox): ICredentialDataDecryptedObject {
	return {
		...custom(sandbox),
		authentication: 'adminLogin',
		username: sandbox.logins.admin.username,
		password: sandbox.logins.admin.password,
	};
}

/** Everything a credential holds that must never be shown: for the no-leak assertions. */
export function secretsOf(sandbox: Sandbox): string[] {
	return [sandbox.logins.token.secret, sandbox.logins.admin.password];
}

export const CATALOGUE: IDataObject[] = [
	{ owner_code: 'P-001', name: 'Noise-cancelling headphones', category: 'Electronics', brand: 'Acme', price: '199.95' },
	{ owner_code: 'P-002', name: 'Running shoe', category: 'Shoes', brand: 'Swift', price: '89.5' },
	{ owner_code: 'P-003', name: 'Smart speaker, "mini"', category: 'Electronics', brand: 'Acme', price: '49' },
	{ owner_code: 'P-004', name: 'Rain jacket', category: 'Outdoor > Jackets', brand: 'Nimbus', price: '120' },
	{ owner_code: 'P-005', name: 'Trail shoe', category: 'Shoes', brand: 'Nimbus', price: '110' },
];

/** Seeds the sandbox catalogue through its add-product endpoint, as an admin would. */
export async function seedCatalogue(sandbox: Sandbox, products: IDataObject[] = CATALOGUE): Promise<void> {
	const headers = await adminHeaders(sandbox);
	for (const product of products) {
		const answer = await call(`${sandbox.apiUrl}/internal/add-product`, {
			headers,
			json: { chain_id: sandbox.chainId, ...product },
		});
		if (answer.status !== 200) throw new Error(`Seeding ${String(product.owner_code)} failed: ${answer.text}`);
	}
}

export type Credential = 'token' | 'admin';

export interface ExportRun {
	/** Parameters by node name, merged over the fixture's. */
	parameters?: Record<string, INodeParameters>;
	credential?: Credential;
	/** The workflow's time zone setting (n8n reads date fields in it). */
	timezone?: string;
	/** Nodes set to "continue (regular output)" on error. */
	continueOnFail?: string[];
	options?: RunOptions;
}

function loadWorkflow(file: string, spec: ExportRun): WorkflowJson {
	const workflow = JSON.parse(readFileSync(file, 'utf8')) as WorkflowJson;
	if (spec.timezone) workflow.settings = { ...workflow.settings, timezone: spec.timezone };
	for (const node of workflow.nodes) {
		if (spec.continueOnFail?.includes(node.name)) node.onError = 'continueRegularOutput';
	}
	return workflow;
}

export function runOptions(sandbox: Sandbox, spec: ExportRun = {}): RunOptions {
	const spaazaApi = spec.credential === 'admin' ? adminCredential(sandbox) : tokenCredential(sandbox);
	return { credentials: { spaazaApi }, parameters: spec.parameters ?? {}, ...spec.options };
}

export async function run(file: string, sandbox: Sandbox, spec: ExportRun = {}): Promise<WorkflowRunResult> {
	return await runWorkflow(loadWorkflow(file, spec), runOptions(sandbox, spec));
}

/** Starts a run that the test may cancel. */
export function start(file: string, sandbox: Sandbox, spec: ExportRun = {}): RunHandle {
	return startWorkflow(loadWorkflow(file, spec), runOptions(sandbox, spec));
}


/** The whole visible result of a run (outputs, errors), to search for leaked secrets. */
export function visibleText(result: WorkflowRunResult): string {
	return JSON.stringify({ runData: result.run.data.resultData, error: result.executionError });
}

/** The SPAAZA_* code of the workflow error, as n8n keeps it in the error's context. */
export function errorCode(result: WorkflowRunResult): unknown {
	return (result.executionError?.context as IDataObject | undefined)?.code;
}
