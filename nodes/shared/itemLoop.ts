/**
 * The per-item loop every node uses: pairs each output item with its input, honours
 * `continueOnFail()`, and puts `itemIndex` on errors so n8n shows which item failed. One place,
 * so no node repeats that try/catch (STYLE: one way to do each thing).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
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

/** The SPAAZA_* code an error carries, wherever the thrower put it. */
export function spaazaErrorCode(error: unknown): string | undefined {
	const candidates = [
		(error as { context?: { code?: unknown } })?.context?.code,
		(error as { code?: unknown })?.code,
	];
	const code = candidates.find((value) => typeof value === 'string' && value.startsWith('SPAAZA_'));
	return code as string | undefined;
}

/** The json of an error item under continueOnFail: message, code and the facts the error names. */
export function errorItemJson(error: unknown): IDataObject {
	const err = error as {
		message?: unknown;
		description?: unknown;
		context?: IDataObject;
		issue?: IDataObject;
	};
	const json: IDataObject = {
		error: typeof err?.message === 'string' ? err.message : String(error),
	};
	const code = spaazaErrorCode(error);
	if (code) json.code = code;
	if (typeof err?.description === 'string' && err.description) json.description = err.description;
	for (const key of ['httpStatus', 'spaazaErrorCode', 'spaazaErrorName', 'subject'] as const) {
		if (err?.context?.[key] !== undefined) json[key] = err.context[key];
	}
	// File-set problems (SpaazaFileSetError) say where: file, line, column.
	for (const key of ['fileSet', 'file', 'line', 'column'] as const) {
		if (err?.issue?.[key] !== undefined) json[key] = err.issue[key];
	}
	return json;
}

/** The error to throw for item `itemIndex`: n8n errors keep their class, others become operation errors. */
function withItemIndex(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	const wrapped = new NodeOperationError(
		ctx.getNode(),
		error instanceof Error ? error : String(error),
		{
			itemIndex,
			description:
				typeof (error as JsonObject)?.description === 'string'
					? ((error as JsonObject).description as string)
					: undefined,
		},
	);
	const code = spaazaErrorCode(error);
	if (code) wrapped.context.code = code;
	return wrapped;
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
		throw withItemIndex(ctx, failure, itemIndex);
	};

	const perItem = await mapWithConcurrency(items, options.concurrency ?? 1, runOne);
	return perItem.flat();
}
