/**
 * The one place a SpaazaError becomes what n8n shows: a NodeApiError when Spaaza (or its storage)
 * answered wrongly, a NodeOperationError otherwise, with `itemIndex` (so n8n names the failed
 * item), the advice and code as description, and the code and facts in `context` (where
 * continue-on-fail items and workflows read them). Nothing else builds n8n errors, and only the item
 * loop (itemLoop.ts) calls toNodeError: code below it throws SpaazaErrors (eslint.config.mjs).
 */
import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { SpaazaError, type SpaazaCode, type SpaazaErrorFacts } from '../core/errors';

export type SpaazaNodeError = NodeApiError | NodeOperationError;

/** Facts that are not copied into `context`: they are the error's shape, not data about it. */
const SHAPE_FACTS = new Set<keyof SpaazaErrorFacts>(['description', 'api', 'itemIndex']);

/** Facts that continue-on-fail error items carry besides message, code and description. */
const ITEM_FACTS = [
	'httpStatus',
	'spaazaErrorCode',
	'spaazaErrorName',
	'subject',
	'fileSet',
	'file',
	'line',
	'column',
] as const;

/** The SPAAZA_* code an error carries, wherever the thrower put it. */
export function spaazaErrorCode(error: unknown): string | undefined {
	const candidates = [
		(error as { context?: { code?: unknown } })?.context?.code,
		(error as { code?: unknown })?.code,
	];
	const code = candidates.find((value) => typeof value === 'string' && value.startsWith('SPAAZA_'));
	return code as string | undefined;
}

/**
 * The description users see: the advice, then the code. A several-line advice (a task's log)
 * gets the code as a paragraph of its own. No advice, no description.
 */
function describe(code: SpaazaCode, description: string | undefined): string | undefined {
	if (description === undefined) return undefined;
	const codeLine = `Error code: ${code}.`;
	if (description === '') return codeLine;
	return `${description}${description.includes('\n') ? '\n\n' : ' '}${codeLine}`;
}

function contextFacts(facts: SpaazaErrorFacts): IDataObject {
	const context: IDataObject = {};
	for (const [key, value] of Object.entries(facts)) {
		if (value !== undefined && !SHAPE_FACTS.has(key as keyof SpaazaErrorFacts)) {
			context[key] = value as IDataObject[string];
		}
	}
	return context;
}

function fromSpaazaError(node: INode, error: SpaazaError, itemIndex?: number): SpaazaNodeError {
	const { code, facts, message } = error;
	const index = facts.itemIndex ?? itemIndex;
	const description = describe(code, facts.description);
	let nodeError: SpaazaNodeError;
	if (facts.api) {
		const summary: JsonObject = { spaaza: code };
		nodeError = new NodeApiError(node, summary, { itemIndex: index, message, description });
		// NodeApiError rewrites messages that mention HTTP statuses or OS error names; ours are plain.
		nodeError.message = message;
		nodeError.description = description ?? null;
		nodeError.httpCode = facts.httpStatus !== undefined ? String(facts.httpStatus) : null;
	} else {
		nodeError = new NodeOperationError(node, message, { itemIndex: index, description });
	}
	Object.assign(nodeError.context, { code, ...contextFacts(facts) });
	return nodeError;
}

/**
 * The n8n error for anything a node's work threw: n8n errors keep their class (and get the
 * itemIndex if they lack one), SpaazaErrors are shown with their code and facts, anything else
 * becomes an operation error that keeps a SPAAZA_* code it may carry.
 */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): SpaazaNodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined) error.context.itemIndex ??= itemIndex;
		return error;
	}
	if (error instanceof SpaazaError) return fromSpaazaError(node, error, itemIndex);
	const description = (error as JsonObject)?.description;
	const wrapped = new NodeOperationError(node, error instanceof Error ? error : String(error), {
		itemIndex,
		description: typeof description === 'string' ? description : undefined,
	});
	const code = spaazaErrorCode(error);
	if (code) wrapped.context.code = code;
	return wrapped;
}

/** What an error says, read the same way whether it is a SpaazaError or an n8n error. */
export interface ErrorReading {
	code?: string;
	message: string;
	/** The advice with its code line, as users see it. */
	description?: string;
	facts: IDataObject;
	/** Spaaza (or its storage) answered wrongly: shown as a NodeApiError. */
	api: boolean;
}

/**
 * Reads any error the package's code throws: a SpaazaError before it is shown, or the n8n error
 * toNodeError made of one. Callers that collect failures (per-record results, error items) read
 * through this, so they do not depend on which of the two shapes reached them.
 */
export function readError(error: unknown): ErrorReading {
	if (error instanceof SpaazaError) {
		return {
			code: error.code,
			message: error.message,
			description: describe(error.code, error.facts.description),
			facts: error.facts as IDataObject,
			api: error.facts.api === true,
		};
	}
	const err = error as { message?: unknown; description?: unknown; context?: IDataObject };
	return {
		code: spaazaErrorCode(error),
		message: typeof err?.message === 'string' ? err.message : String(error),
		description: typeof err?.description === 'string' ? err.description : undefined,
		facts: err?.context ?? {},
		api: error instanceof NodeApiError,
	};
}

/**
 * The error marked with the input item it concerns, unless it names one already, in the shape it
 * came in: for a work that spans all items (runOnce), which reads the item from the error.
 */
export function atItem(error: unknown, itemIndex: number): unknown {
	if (error instanceof SpaazaError) {
		error.facts.itemIndex ??= itemIndex;
		return error;
	}
	if (error instanceof Error) {
		const context = (error as { context?: unknown }).context;
		if (typeof context === 'object' && context !== null) {
			(context as IDataObject).itemIndex ??= itemIndex;
		} else {
			Object.assign(error, { context: { itemIndex } });
		}
	}
	return error;
}

/**
 * The error with `advice` added to what it tells users to do, in the shape it came in (a
 * SpaazaError stays one, so the item loop still shows it with its code).
 */
export function withAdvice<E>(error: E, advice: string): E | SpaazaError {
	if (error instanceof SpaazaError) {
		const { description } = error.facts;
		return new SpaazaError(error.code, error.message, {
			...error.facts,
			description: description ? `${description} ${advice}` : advice,
		});
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.description = `${error.description ? `${error.description} ` : ''}${advice}`;
	}
	return error;
}

/** The json of an error item under continueOnFail: message, code and the facts the error names. */
export function errorItemJson(error: unknown): IDataObject {
	const { code, message, description, facts } = readError(error);
	const json: IDataObject = { error: message };
	if (code) json.code = code;
	if (description) json.description = description;
	for (const key of ITEM_FACTS) {
		if (facts[key] !== undefined) json[key] = facts[key];
	}
	return json;
}
