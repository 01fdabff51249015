import { readFileSync } from 'node:fs';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	Workflow,
	createRunExecutionData,
	deepCopy,
	type ICredentialDataDecryptedObject,
	type IConnections,
	type IDataObject,
	type INode,
	type INodeParameters,
	type IRun,
	type IWorkflowBase,
	type IWorkflowSettings,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentialsHelper';
import { buildAdditionalData, findStartNode, useRealmSafeAbort } from './engineSetup';
import { HarnessCredentialTypes, HarnessNodeTypes, loadPackageNodeTypes } from './nodeTypes';
import { WorkflowRunResult } from './result';
import { createRunStorage, type BinaryMode } from './runtime';

/** A workflow as n8n exports it (only the parts a run needs). */
export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	staticData?: IDataObject;
}

export interface RunOptions {
	/** Credential data by credential type, e.g. `{ spaazaApi: { environment: 'custom', … } }`. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** n8n 2.x stores binary data on disk (`filesystem`, the default); `default` keeps it in items. */
	binaryMode?: BinaryMode;
	/** Workflow static data at the start (e.g. `previous.staticData`). */
	staticData?: IDataObject;
	/**
	 * Cancel the run when it has not finished by then (the result has `timedOut`); reject if it
	 * still has not stopped 5 s later. Default 20 000.
	 */
	timeoutMs?: number;
	/** Cancel the execution after this long, as the Stop button in the n8n editor does. */
	cancelAfterMs?: number;
	/** Default `manual` (a run from the editor); `trigger` or `webhook` for a production run. */
	mode?: WorkflowExecuteMode;
	/** The node to start from; default: the only enabled node without inputs. */
	startNode?: string;
	/** Parameters to set on named nodes before the run, merged over the workflow's. */
	parameters?: Record<string, INodeParameters>;
	/** Load the package from another folder than this repository, e.g. an unpacked `npm pack`. */
	packageDir?: string;
}

export interface RunHandle {
	/** Cancels the execution like the editor's Stop button; the result then has `cancelled`. */
	cancel(): void;
	result: Promise<WorkflowRunResult>;
}

const DEFAULT_TIMEOUT_MS = 20_000;
/** How long a cancelled run may take to wind down after a timeout before the harness gives up. */
const TIMEOUT_GRACE_MS = 5_000;

// One n8n-core container serves every run in this test file, and a run's binary data service
// lives in it, so runs go one at a time.
let queue: Promise<unknown> = Promise.resolve();
let executionCounter = 0;

/** Runs a workflow through n8n-core's WorkflowExecute and resolves when the engine has finished. */
export async function runWorkflow(
	workflow: WorkflowJson | object | string,
	options: RunOptions = {},
): Promise<WorkflowRunResult> {
	return await startWorkflow(workflow, options).result;
}

/** Like runWorkflow, but hands back a cancel() for tests that stop the execution themselves. */
export function startWorkflow(
	workflow: WorkflowJson | object | string,
	options: RunOptions = {},
): RunHandle {
	const control = { cancelRequested: false, cancel: () => {} };
	const result = queue.then(async () => await execute(readWorkflow(workflow), options, control));
	queue = result.catch(() => undefined);
	return {
		cancel: () => {
			control.cancelRequested = true;
			control.cancel();
		},
		result,
	};
}

function readWorkflow(workflow: WorkflowJson | object | string): WorkflowJson {
	const json = (
		typeof workflow === 'string' ? JSON.parse(readFileSync(workflow, 'utf8')) : deepCopy(workflow)
	) as WorkflowJson;
	if (!Array.isArray(json.nodes) || typeof json.connections !== 'object') {
		throw new Error('Not an n8n workflow: expected "nodes" and "connections"');
	}
	return json;
}

async function execute(
	json: WorkflowJson,
	options: RunOptions,
	control: { cancelRequested: boolean; cancel: () => void },
): Promise<WorkflowRunResult> {
	const mode = options.mode ?? 'manual';
	const pkg = loadPackageNodeTypes(options.packageDir);
	const nodeTypes = new HarnessNodeTypes(pkg);
	const missing = json.nodes.map((node) => nodeTypes.whyMissing(node.type)).filter(Boolean);
	if (missing.length) throw new Error(`Cannot run workflow:\n${missing.join('\n')}`);
	for (const [name, parameters] of Object.entries(options.parameters ?? {})) {
		const node = json.nodes.find((candidate) => candidate.name === name);
		if (!node) throw new Error(`parameters: no node named "${name}" in the workflow`);
		node.parameters = { ...node.parameters, ...parameters };
	}

	const workflow = new Workflow({
		id: json.id ?? 'harness-workflow',
		name: json.name ?? 'Harness workflow',
		nodes: json.nodes,
		connections: json.connections,
		active: false,
		nodeTypes,
		staticData: deepCopy(options.staticData ?? json.staticData ?? {}),
		// New workflows in n8n 2.x run in v1 order; an export without settings gets the same.
		settings: { executionOrder: 'v1', ...json.settings },
	});
	const startNode = findStartNode(workflow, nodeTypes, options.startNode);

	const storage = await createRunStorage(options.binaryMode ?? 'filesystem');
	const credentialsHelper = new HarnessCredentialsHelper(
		new HarnessCredentialTypes(pkg),
		options.credentials ?? {},
	);
	const executionId = String(++executionCounter);
	const hooks = new ExecutionLifecycleHooks(mode, executionId, json as unknown as IWorkflowBase);
	const additionalData = buildAdditionalData(credentialsHelper, hooks, executionId, workflow.id);

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: startNode, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	const engine = new WorkflowExecute(additionalData, mode, runExecutionData);
	useRealmSafeAbort(engine);
	// n8n records a stopped execution from this hook, fired at the moment of cancelling; the
	// engine's own return value comes later, once the running node has given up.
	let statusAtStop: IRun['status'] | undefined;
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => {
		statusAtStop ??= fullRunData.status === 'canceled' ? 'canceled' : undefined;
	});
	const started = Date.now();
	let execution: ReturnType<WorkflowExecute['processRunExecutionData']> | undefined;
	try {
		// Throws at once when n8n would refuse to start (e.g. a required parameter is empty).
		execution = engine.processRunExecutionData(workflow);
	} finally {
		if (!execution) await storage.dispose();
	}

	let cancelledAt: number | undefined;
	let timedOutAt: number | undefined;
	control.cancel = () => {
		cancelledAt ??= Date.now();
		execution.cancel();
	};
	if (control.cancelRequested) control.cancel();
	const timers: NodeJS.Timeout[] = [];
	if (options.cancelAfterMs !== undefined) {
		timers.push(setTimeout(() => control.cancel(), options.cancelAfterMs));
	}
	const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	const timedOut = new Promise<'timeout'>((resolve) => {
		timers.push(
			setTimeout(() => {
				timedOutAt = Date.now();
				control.cancel();
				timers.push(setTimeout(() => resolve('timeout'), TIMEOUT_GRACE_MS));
			}, timeoutMs),
		);
	});

	let run: IRun | 'timeout';
	try {
		run = await Promise.race([execution as Promise<IRun>, timedOut]);
	} finally {
		timers.forEach(clearTimeout);
	}
	const settled = Date.now();
	if (run === 'timeout') {
		throw new Error(
			`Workflow did not finish within ${timeoutMs} ms and did not stop within ` +
				`${TIMEOUT_GRACE_MS} ms of being cancelled (last node: ` +
				`${runExecutionData.resultData.lastNodeExecuted ?? 'none'})`,
		);
	}

	return new WorkflowRunResult({
		run: { ...run, status: statusAtStop ?? run.status },
		staticData: plainStaticData(workflow.staticData),
		credentials: credentialsHelper.snapshot(),
		preAuthentications: credentialsHelper.preAuthentications.length,
		credentialReads: credentialsHelper.decryptedReads,
		durationMs: settled - started,
		cancelled: cancelledAt !== undefined,
		timedOut: timedOutAt !== undefined,
		stopLatencyMs: cancelledAt === undefined ? undefined : settled - cancelledAt,
		binaryDataService: storage.binaryDataService,
		dispose: storage.dispose,
	});
}

function plainStaticData(staticData: IDataObject): IDataObject {
	// Drops the change-tracking proxy and its __dataChanged marker: what n8n would save.
	return JSON.parse(JSON.stringify(staticData)) as IDataObject;
}
