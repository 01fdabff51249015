/**
 * The item loop every node's execute goes through (eslint.config.mjs keeps it so): it pairs each
 * output item with its input, honours `continueOnFail()`, and puts `itemIndex` on errors so n8n
 * shows which item failed. One place, so no node repeats that try/catch. Two forms:
 * `runPerItem` for nodes that handle each item on its own, `runOnce` for nodes whose work spans
 * all items (Parse and Build read or make one file set from all of them; the Upsert nodes send
 * every record through one pool and report rejected records as results).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';

import { errorItemJson, readError, toNodeError } from './nodeError';

export type ItemWork = (
	item: INodeExecutionData,
	itemIndex: number,
) => Promise<INodeExecutionData | INodeExecutionData[] | IDataObject>;

const EXECUTION_DATA_KEYS = new Set(['json', 'binary', 'pairedItem', 'error']);

function isExecutionData(value: unknown): value is INodeExecutionData {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const json = (value as { json?: unknown }).json;
	if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
	return Object.keys(value).every((key) => EXECUTION_DATA_KEYS.has(key));
}

function paired(result: INodeExecutionData | IDataObject, itemIndex: number): INodeExecutionData {
	const data: INodeExecutionData = isExecutionData(result) ? { ...result } : { json: result };
	data.pairedItem ??= { item: itemIndex };
	return data;
}

function cancelled(ctx: IExecuteFunctions): boolean {
	return ctx.getExecutionCancelSignal?.()?.aborted === true;
}

export async function runPerItem(
	ctx: IExecuteFunctions,
	work: ItemWork,
): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const continueOnFail = ctx.continueOnFail();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let failure: unknown;
		try {
			const result = await work(items[itemIndex], itemIndex);
			for (const entry of Array.isArray(result) ? result : [result])
				output.push(paired(entry, itemIndex));
			continue;
		} catch (error) {
			failure = error;
		}
		// A cancelled execution stops as it is; it is not one more failed item.
		if (cancelled(ctx)) throw failure;
		if (!continueOnFail) throw toNodeError(ctx.getNode(), failure, itemIndex);
		output.push({ json: errorItemJson(failure), pairedItem: { item: itemIndex } });
	}
	return output;
}

export interface RunOnceOptions {
	/** How many outputs the node has. Default 1. */
	outputs?: number;
	/** The output a continue-on-fail error item goes to (Parse: its Errors output). Default 0. */
	errorOutput?: number;
	/**
	 * What a failure is paired with: the item it names (`itemIndex` on the error, else the first),
	 * or every input item when the one output item stands for all of them (Build). Default 'failed'.
	 */
	failurePairedWith?: 'failed' | 'all';
	/**
	 * Runs after the outputs are made (a continue-on-fail error item too); what it throws fails the
	 * execution even under continue-on-fail (Upsert's Fail Execution on Rejected Rows).
	 */
	finalCheck?: () => void;
}

/** The input item an error names, wherever the thrower put it. */
function failedItem(error: unknown): number {
	const index = readError(error).facts.itemIndex;
	return typeof index === 'number' ? index : 0;
}

/**
 * The once-per-run form: `work` makes all outputs from all items. Output items it leaves
 * unpaired are paired with every input item; a failure becomes one error item under
 * continue-on-fail, or the n8n error naming the item it concerns.
 */
export async function runOnce(
	ctx: IExecuteFunctions,
	work: () => Promise<INodeExecutionData[][]>,
	options: RunOnceOptions = {},
): Promise<INodeExecutionData[][]> {
	const outputs = await outputsOrErrorItem(ctx, work, options);
	try {
		options.finalCheck?.();
	} catch (error) {
		throw toNodeError(ctx.getNode(), error, failedItem(error));
	}
	return outputs;
}

async function outputsOrErrorItem(
	ctx: IExecuteFunctions,
	work: () => Promise<INodeExecutionData[][]>,
	options: RunOnceOptions,
): Promise<INodeExecutionData[][]> {
	const all = (): IPairedItemData[] => ctx.getInputData().map((_item, item) => ({ item }));
	let failure: unknown;
	try {
		const outputs = await work();
		let everyItem: IPairedItemData[] | undefined;
		for (const output of outputs) {
			for (const entry of output) entry.pairedItem ??= everyItem ??= all();
		}
		return outputs;
	} catch (error) {
		failure = error;
	}
	if (cancelled(ctx)) throw failure;
	const itemIndex = failedItem(failure);
	if (!ctx.continueOnFail()) throw toNodeError(ctx.getNode(), failure, itemIndex);
	const outputs: INodeExecutionData[][] = Array.from({ length: options.outputs ?? 1 }, () => []);
	const pairedItem = options.failurePairedWith === 'all' ? all() : { item: itemIndex };
	outputs[options.errorOutput ?? 0].push({ json: errorItemJson(failure), pairedItem });
	return outputs;
}
