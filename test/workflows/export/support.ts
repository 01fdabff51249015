import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parse } from 'csv-parse/sync';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { PRODUCT_EXPORT_COLUMNS } from '../../../sandbox/exports';
import {
	runWorkflow,
	startWorkflow,
	type RunHandle,
	type RunOptions,
	type WorkflowJson,
	type WorkflowRunResult,
} from '../../harness';
import { adminHeaders, call } from '../../sandbox/sandboxClient';
import {
	sandboxCredentials,
	useSandbox,
	type SandboxLogin,
	type UseSandboxOptions,
} from '../../support/sandbox';

/**
 * The export pipeline (Create Export Task → Wait For Task → Get Download URL) against the
 * sandbox: its workflow, and the workflows of the three export-node tests.
 */
const WORKFLOWS = path.join(__dirname, '../../fixtures/workflows');
export const EXPORT_AND_DOWNLOAD = path.join(WORKFLOWS, 'export-and-download.json');
export const CREATE_TASK = path.join(WORKFLOWS, 'create-task.json');
export const CREATE_AND_WAIT = path.join(WORKFLOWS, 'create-and-wait.json');
export const CREATE_AND_DOWNLOAD = path.join(WORKFLOWS, 'create-and-download.json');

export const CREATE = 'Create Export Task';
export const WAIT = 'Wait For Task';
export const DOWNLOAD = 'Get Download URL';

/** The sandbox for a file of export tests: tasks run in 300 ms unless `taskRunMs` says otherwise. */
export function useExportSandbox(options: UseSandboxOptions = {}): Sandbox {
	return useSandbox({ taskRunMs: 300, ...options });
}

export const CATALOGUE: IDataObject[] = [
	{
		owner_code: 'P-001',
		name: 'Noise-cancelling headphones',
		category: 'Electronics',
		brand: 'Acme',
		price: '199.95',
	},
	{ owner_code: 'P-002', name: 'Running shoe', category: 'Shoes', brand: 'Swift', price: '89.5' },
	{
		owner_code: 'P-003',
		name: 'Smart speaker, "mini"',
		category: 'Electronics',
		brand: 'Acme',
		price: '49',
	},
	{
		owner_code: 'P-004',
		name: 'Rain jacket',
		category: 'Outdoor > Jackets',
		brand: 'Nimbus',
		price: '120',
	},
	{ owner_code: 'P-005', name: 'Trail shoe', category: 'Shoes', brand: 'Nimbus', price: '110' },
];

/** Seeds the sandbox catalogue through its add-product endpoint, as an admin would. */
export async function seedCatalogue(
	sandbox: Sandbox,
	products: IDataObject[] = CATALOGUE,
): Promise<void> {
	const headers = await adminHeaders(sandbox);
	for (const product of products) {
		const answer = await call(`${sandbox.apiUrl}/internal/add-product`, {
			headers,
			json: { chain_id: sandbox.chainId, ...product },
		});
		if (answer.status !== 200)
			throw new Error(`Seeding ${String(product.owner_code)} failed: ${answer.text}`);
	}
}

export type Credential = SandboxLogin;

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
	const spaazaApi = sandboxCredentials(sandbox, spec.credential ?? 'token');
	return { credentials: { spaazaApi }, parameters: spec.parameters ?? {}, ...spec.options };
}

export async function run(
	file: string,
	sandbox: Sandbox,
	spec: ExportRun = {},
): Promise<WorkflowRunResult> {
	return await runWorkflow(loadWorkflow(file, spec), runOptions(sandbox, spec));
}

/** Starts a run that the test may cancel. */
export function start(file: string, sandbox: Sandbox, spec: ExportRun = {}): RunHandle {
	return startWorkflow(loadWorkflow(file, spec), runOptions(sandbox, spec));
}

/** The SPAAZA_* code of the workflow error, as n8n keeps it in the error's context. */
export function errorCode(result: WorkflowRunResult): unknown {
	return (result.executionError?.context as IDataObject | undefined)?.code;
}

/** The catalogue as an export file should show it: one row of strings per product, by id. */
export function expectedRows(
	sandbox: Sandbox,
	ownerCodes?: string[],
): Array<Record<string, string>> {
	return sandbox
		.catalogue()
		.filter((product) => !ownerCodes || ownerCodes.includes(product.owner_code))
		.sort((a, b) => a.id - b.id)
		.map((product) =>
			Object.fromEntries(
				PRODUCT_EXPORT_COLUMNS.map((column) => [
					column,
					product[column] === null || product[column] === undefined ? '' : String(product[column]),
				]),
			),
		);
}

/** The CSV file Get Download URL put out, as rows. */
export async function downloadedCsv(
	result: WorkflowRunResult,
): Promise<Array<Record<string, string>>> {
	const [item] = result.output(DOWNLOAD);
	const text = (await result.binaryBuffer(item, 'data')).toString('utf8');
	return parse(text, { columns: true }) as Array<Record<string, string>>;
}
