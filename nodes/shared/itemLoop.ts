/**
 * The per-item loop every node uses: pairs each output item with its input, honours
 * `continueOnFail()`, and puts `itemIndex` on errors so n8n shows which item failed. One place,
 * so no node repeats that try/catch (STYLE: one way to do each thing).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorItemJson, toNodeError } from './nodeError';
import { mapWithConcurrency } from './transport/pool';

export type ItemWork = (
	item: INodeExecutionData,
	itemIndex: number,
) => Promise<INodeExecutionData | INodeExecutionData[] | IDataObject>;

export interface RunPerItemOptions {
	/** Items processed at once; output order stays the input order. Default 1. */
	concurrency?: number;
}

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
	options: RunPerItemOptions = {},
): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const continueOnFail = ctx.continueOnFail();

	const runOne = async (
		item: INodeExecutionData,
		itemIndex: number,
	): Promise<INodeExecutionData[]> => {
		let failure: unknown;
		try {
			const result = await work(item, itemIndex);
			return (Array.isArray(result) ? result : [result]).map((entry) => paired(entry, itemIndex));
		} catch (error) {
			failure = error;
		}
		// A cancelled execution stops as it is; it is not one more failed item.
		if (cancelled(ctx)) throw failure;
		if (continueOnFail) return [{ json: errorItemJson(failure), pairedItem: { item: itemIndex } }];
		throw toNodeError(ctx.getNode(), failure, itemIndex);
	};

	const perItem = await mapWithConcurrency(items, options.concurrency ?? 1, runOne);
	return perItem.flat();
}
