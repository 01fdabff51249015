/**
 * Checks that need the rest of the workflow around an Upsert node: which Parse Spaaza File Set
 * feeds it and which other Upsert nodes hang off that Parse and have (not) run yet in this
 * execution. n8n runs the branches of a node's outputs one after the other, ordered by their
 * position on the canvas (docs/ARCHITECTURE.md), so "Upsert Product runs before Upsert Variant"
 * rests on where the nodes sit: these checks turn a wrong layout into a clear error instead of
 * variants refused for products that were never sent.
 */
import type { IDataObject, IExecuteFunctions, NodeTypeAndVersion } from 'n8n-workflow';

import { SPAAZA_CODES, SpaazaError } from '../../core/errors';

const PARSE_TYPE = 'spaazaParseFileSet';
const PRODUCT_TYPE = 'spaazaUpsertProduct';
const VARIANT_TYPE = 'spaazaUpsertVariant';
/** Parse's outputs, in order: Products, Variants, Errors. */
const PRODUCTS_OUTPUT = 0;
const ERRORS_OUTPUT = 2;
/** Names listed in a message; the rest are counted. */
const MAX_NAMES = 3;

function isType(node: NodeTypeAndVersion, type: string): boolean {
	return node.type === type || node.type.endsWith(`.${type}`);
}

function quoteList(names: string[]): string {
	const shown = names.slice(0, MAX_NAMES).map((name) => `"${name}"`);
	const more = names.length - shown.length;
	return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(' and ');
}

interface NodeProxy {
	isExecuted: boolean;
	all(branchIndex?: number): Array<{ json: IDataObject }>;
}

function nodeProxy(ctx: IExecuteFunctions, name: string): NodeProxy {
	return (ctx.getWorkflowDataProxy(0).$ as (name: string) => NodeProxy)(name);
}

/** The enabled Parse Spaaza File Set nodes this node is downstream of that ran in this execution. */
function parsesAbove(ctx: IExecuteFunctions): NodeTypeAndVersion[] {
	// Older n8n versions lack these context methods: then there is no workflow to check.
	if (typeof ctx.getParentNodes !== 'function' || typeof ctx.getChildNodes !== 'function')
		return [];
	return ctx
		.getParentNodes(ctx.getNode().name, { includeNodeParameters: true })
		.filter((node) => isType(node, PARSE_TYPE) && !node.disabled)
		.filter((node) => nodeProxy(ctx, node.name).isExecuted);
}

/** The enabled nodes of a type downstream of a Parse node, this node excepted. */
function upsertsBelow(
	ctx: IExecuteFunctions,
	parse: string,
	types: string[],
): NodeTypeAndVersion[] {
	const self = ctx.getNode().name;
	return ctx
		.getChildNodes(parse)
		.filter(
			(node) => node.name !== self && !node.disabled && types.some((type) => isType(node, type)),
		);
}

/**
 * Whether the branch leading to a node that has not run did run: a node between Parse and it ran
 * and passed it nothing (a Filter that kept no product). n8n runs a node right after the node
 * before it, so such a node will not run later in this execution either.
 */
function branchRan(ctx: IExecuteFunctions, node: NodeTypeAndVersion, parse: NodeTypeAndVersion) {
	return ctx
		.getParentNodes(node.name, { depth: 1 })
		.some((parent) => parent.name !== parse.name && nodeProxy(ctx, parent.name).isExecuted);
}

/** The file set a Parse item (a record, or a batch of records) belongs to. */
function fileSetOf(json: IDataObject | undefined): string | undefined {
	const source = json?._source as IDataObject | undefined;
	const set = typeof source?.fileSet === 'string' ? source.fileSet : json?.fileSet;
	return typeof set === 'string' && set !== '' ? set : undefined;
}

/**
 * Spaaza Upsert Variant, before anything is sent: fails with SPAAZA_VARIANTS_BEFORE_PRODUCTS when
 * a Spaaza Upsert Product fed by the same Parse Spaaza File Set has not run yet although that Parse
 * output products of a file set whose variants arrive here. Naming both nodes and the move that
 * fixes it makes the layout mistake impossible to miss; sending would have had Spaaza refuse every
 * variant of a new product, and update the variants of existing ones before their products.
 */
export function assertProductsSentFirst(ctx: IExecuteFunctions): void {
	const self = ctx.getNode().name;
	const incoming = new Set<string>();
	let unlabelled = false;
	for (const item of ctx.getInputData()) {
		const set = fileSetOf(item.json);
		if (set === undefined) unlabelled = true;
		else incoming.add(set);
	}
	for (const parse of parsesAbove(ctx)) {
		const pending = upsertsBelow(ctx, parse.name, [PRODUCT_TYPE])
			.filter((node) => !nodeProxy(ctx, node.name).isExecuted && !branchRan(ctx, node, parse))
			.map((node) => node.name);
		if (pending.length === 0) continue;
		const productSets = new Set<string>();
		let products = 0;
		for (const item of nodeProxy(ctx, parse.name).all(PRODUCTS_OUTPUT) ?? []) {
			products++;
			const set = fileSetOf(item.json);
			if (set !== undefined) productSets.add(set);
		}
		const shared = [...incoming].filter((set) => productSets.has(set));
		if (products === 0 || (shared.length === 0 && !unlabelled)) continue;
		const sets = shared.length > 0 ? ` of file set ${quoteList(shared)}` : '';
		const error = new SpaazaError(
			SPAAZA_CODES.VARIANTS_BEFORE_PRODUCTS,
			`"${self}" ran before ${quoteList(pending)}: the products${sets} were not sent yet, so nothing was sent`,
			{
				description: `n8n runs the outputs of "${parse.name}" from the top of the canvas down. Drag "${self}" below ${quoteList(pending)} on the canvas (or connect it after ${quoteList(pending)}) and run the workflow again.`,
				itemIndex: 0,
			},
		);
		throw error;
	}
}

/** Parse's own parameter: whether rejected rows fail the execution once the valid ones are sent. */
export const FAIL_ON_REJECTED_ROWS = 'failOnRejectedRows';

/**
 * Any Upsert node, after it sent and reported its records: when a Parse Spaaza File Set above it
 * has Fail Execution on Rejected Rows on and reported rejected rows, and no other Upsert node
 * downstream of that Parse is still to run, the execution fails with SPAAZA_ROWS_REJECTED. The
 * last Upsert node does it, so everything valid has been sent first, and the executions list
 * shows the run as failed instead of a green "succeeded" that hides rejected rows.
 */
export function assertNoRejectedRows(ctx: IExecuteFunctions): void {
	for (const parse of parsesAbove(ctx)) {
		if (parse.parameters?.[FAIL_ON_REJECTED_ROWS] !== true) continue;
		const waiting = upsertsBelow(ctx, parse.name, [PRODUCT_TYPE, VARIANT_TYPE]).filter(
			(node) => !nodeProxy(ctx, node.name).isExecuted,
		);
		if (waiting.length > 0) continue;
		const rejected = (nodeProxy(ctx, parse.name).all(ERRORS_OUTPUT) ?? []).filter(
			(item) => item.json?.severity === 'error',
		);
		if (rejected.length === 0) continue;
		const first = rejected[0].json;
		const where = [first.file, first.line === null ? undefined : `line ${String(first.line)}`]
			.filter((part) => typeof part === 'string' && part !== '')
			.join(' ');
		const count = rejected.length === 1 ? '1 problem' : `${rejected.length} problems`;
		// Nodes after Parse still to run (a report on Errors placed lower on the canvas): failing
		// now means they never run, so the message names them and the move that fixes it.
		const self = ctx.getNode().name;
		const after = new Set(ctx.getChildNodes(self).map((node) => node.name));
		const skipped = ctx
			.getChildNodes(parse.name)
			.filter((node) => node.name !== self && !node.disabled && !after.has(node.name))
			.filter((node) => !nodeProxy(ctx, node.name).isExecuted)
			.map((node) => node.name);
		const notRun =
			skipped.length > 0
				? ` ${quoteList(skipped)} did not run: drag ${skipped.length === 1 ? 'it' : 'them'} above "${self}" on the canvas so ${skipped.length === 1 ? 'it runs' : 'they run'} before this check.`
				: '';
		const error = new SpaazaError(
			SPAAZA_CODES.ROWS_REJECTED,
			`"${parse.name}" rejected rows (${count}); everything valid was sent`,
			{
				description: `First: ${where ? `${where}: ` : ''}${String(first.message ?? '')} (${String(first.code ?? '')}). Every problem is an item on the Errors output of "${parse.name}". To let such runs succeed, turn off Fail Execution on Rejected Rows there.${notRun}`,
				itemIndex: 0,
			},
		);
		throw error;
	}
}
