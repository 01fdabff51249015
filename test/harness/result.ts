import type { BinaryDataService } from 'n8n-core';
import type {
	ExecutionStatus,
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	IRun,
	ITaskData,
} from 'n8n-workflow';

/** The workflow error as n8n shows it: which node failed and why. */
export interface RunError {
	message: string;
	description?: string | null;
	nodeName?: string;
	/** e.g. NodeOperationError, NodeApiError, ManualExecutionCancelledError */
	name?: string;
	httpCode?: string | null;
	itemIndex?: number;
}

export interface RunFacts {
	run: IRun;
	staticData: IDataObject;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	preAuthentications: number;
	credentialReads: number;
	durationMs: number;
	cancelled: boolean;
	timedOut: boolean;
	stopLatencyMs?: number;
	binaryDataService: BinaryDataService;
	dispose: () => Promise<void>;
}

/** What one workflow run produced, read the way the n8n UI shows an execution. */
export class WorkflowRunResult {
	/** The engine's IRun, for anything the accessors below do not cover. */
	readonly run: IRun;

	readonly status: ExecutionStatus;

	/** Workflow static data after the run; pass it as `staticData` to the next run. */
	readonly staticData: IDataObject;

	/** Credential data after the run, sessions refreshed by preAuthentication included. */
	readonly credentials: Record<string, ICredentialDataDecryptedObject>;

	/** How many times a credential's preAuthentication refreshed its expirable field (logged in). */
	readonly preAuthentications: number;

	/** How many times nodes read a credential (getCredentials): a database read in real n8n. */
	readonly credentialReads: number;

	/** From start until the engine settled (for a cancelled run: until the running node stopped). */
	readonly durationMs: number;

	readonly cancelled: boolean;

	/** The run was cancelled because it passed `timeoutMs`. */
	readonly timedOut: boolean;

	/** For a cancelled run, how long the engine took to settle after the cancel. */
	readonly stopLatencyMs?: number;

	/** The workflow error (undefined when the run succeeded). */
	readonly error?: RunError;

	/** resultData.error exactly as the engine recorded it. */
	readonly executionError?: IDataObject;

	/** Deletes this run's binary data from disk. */
	readonly dispose: () => Promise<void>;

	private readonly binaryDataService: BinaryDataService;

	constructor(facts: RunFacts) {
		this.run = facts.run;
		this.status = facts.run.status;
		this.staticData = facts.staticData;
		this.credentials = facts.credentials;
		this.preAuthentications = facts.preAuthentications;
		this.credentialReads = facts.credentialReads;
		this.durationMs = facts.durationMs;
		this.cancelled = facts.cancelled;
		this.timedOut = facts.timedOut;
		this.stopLatencyMs = facts.stopLatencyMs;
		this.binaryDataService = facts.binaryDataService;
		this.dispose = facts.dispose;
		const executionError = facts.run.data.resultData.error;
		if (executionError) {
			this.executionError = { ...executionError, message: executionError.message } as IDataObject;
			this.error = toRunError(executionError as unknown as IDataObject);
		}
	}

	/** Names of the nodes that ran, in the order they first ran. */
	get executedNodes(): string[] {
		return Object.entries(this.run.data.resultData.runData)
			.sort(([, a], [, b]) => (a[0]?.executionIndex ?? 0) - (b[0]?.executionIndex ?? 0))
			.map(([name]) => name);
	}

	/** Every run of a node (a node runs more than once in loops); [] when it never ran. */
	runs(nodeName: string): ITaskData[] {
		return this.run.data.resultData.runData[nodeName] ?? [];
	}

	/** The items a node put on an output in its last run. Throws when the node never ran. */
	output(nodeName: string, outputIndex = 0): INodeExecutionData[] {
		const last = this.runs(nodeName).at(-1);
		if (!last) {
			throw new Error(
				`Node "${nodeName}" did not run (ran: ${this.executedNodes.join(', ') || 'none'})` +
					(this.error ? `; workflow error: ${this.error.message}` : ''),
			);
		}
		return last.data?.main?.[outputIndex] ?? [];
	}

	/** The json of every item on a node's output: the common assertion, in one call. */
	json(nodeName: string, outputIndex = 0): IDataObject[] {
		return this.output(nodeName, outputIndex).map((item) => item.json);
	}

	/** The error a node's last run ended with, if any. */
	nodeError(nodeName: string): RunError | undefined {
		const error = this.runs(nodeName).at(-1)?.error;
		return error ? toRunError(error as unknown as IDataObject) : undefined;
	}

	/** A binary property of an output item as bytes, read back through n8n's binary data service. */
	async binaryBuffer(item: INodeExecutionData, propertyName = 'data'): Promise<Buffer> {
		const binary = item.binary?.[propertyName];
		if (!binary) {
			const has = Object.keys(item.binary ?? {}).join(', ') || 'none';
			throw new Error(`Item has no binary property "${propertyName}" (has: ${has})`);
		}
		return await this.binaryDataService.getAsBuffer(binary);
	}
}

function toRunError(error: IDataObject): RunError {
	const node = error.node as { name?: string } | undefined;
	const context = (error.context ?? {}) as IDataObject;
	return {
		message: error.message as string,
		description: error.description as string | null | undefined,
		nodeName: node?.name,
		name: (error.name as string | undefined) ?? undefined,
		httpCode: error.httpCode as string | null | undefined,
		itemIndex: context.itemIndex as number | undefined,
	};
}
