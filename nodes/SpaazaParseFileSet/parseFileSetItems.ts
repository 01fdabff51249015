import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { SpaazaFileSetError, type SpaazaIssue } from '../core/errors';
import { holdIncompleteFiles } from '../core/fileset/names/completeFiles';
import { baseName, checkFileName } from '../core/fileset/names/fileName';
import {
	DEFAULT_UNCONFIRMED_RUNS,
	isProcessed,
	markSeen,
	readLedger,
	writeLedger,
	type SeenSet,
} from '../core/fileset/ledger/ledger';
import { parseFileSet } from '../core/fileset/parseFileSet';
import { inputFiles, type InputFile } from './inputFiles';
import { shapeOutputs } from './outputs';

// Key in the node's static data: file sizes seen by the previous poll, for Wait for Complete Files.
const FILE_SIZES = 'fileSizes';

/** Wait for Complete Files: the files to read now, and a warning for each one held back. */
function completeFiles(
	ctx: IExecuteFunctions,
	files: InputFile[],
): { ready: InputFile[]; issues: SpaazaIssue[] } {
	if (!(ctx.getNodeParameter('waitForCompleteFiles', 0, false) as boolean))
		return { ready: files, issues: [] };
	const memory = ctx.getWorkflowStaticData('node');
	const previous = (
		typeof memory[FILE_SIZES] === 'object' && memory[FILE_SIZES] !== null ? memory[FILE_SIZES] : {}
	) as Record<string, number>;
	const minimumAge = Number(ctx.getNodeParameter('minimumFileAge', 0, 60));
	const result = holdIncompleteFiles(files, {
		now: Date.now(),
		minimumAgeMs: Number.isFinite(minimumAge) ? Math.max(0, minimumAge) * 1000 : 60_000,
		previous,
		// n8n keeps static data only for production runs: a manual run cannot compare with the last.
		remembered: ctx.getMode() !== 'manual',
	});
	memory[FILE_SIZES] = result.seen;
	return result;
}
/** Rows mode's default limit: 3.2 M items of a 200 MB file took 1.6 GB before n8n stored them. */
const MAX_ROWS_MODE_RECORDS = 100_000;

/**
 * Points a file-set error at the item that brought its file, and (when the run stops on it)
 * tells where it is and how to get every problem reported instead.
 */
function locate(ctx: IExecuteFunctions, error: unknown, files: InputFile[]): void {
	if (!(error instanceof SpaazaFileSetError)) return;
	const { file, fileSet, line, column } = error.issue;
	const source =
		files.find((f) => baseName(f.name) === file) ??
		files.find((f) => fileSet !== undefined && f.name.includes(fileSet));
	if (source) error.facts.itemIndex ??= source.itemIndex;
	const where = [file, line && `line ${line}`, column && `column ${column}`]
		.filter(Boolean)
		.join(', ');
	if (where && !ctx.continueOnFail()) {
		error.facts.description ??= `Problem in ${where}. Choose "Report It and Continue" under On Invalid Row to get every problem on the Errors output instead.`;
	}
}

/** The node's work (run once, itemLoop.ts): collect files from all items, parse the sets, shape the three outputs. */
export async function parseFileSetItems(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	let files: InputFile[] = [];
	let failure: unknown;
	try {
		files = inputFiles(ctx, items, ctx.getNodeParameter('binaryProperties', 0, '') as string);
		const complete = completeFiles(ctx, files);
		// The ledger (ledger.ts) is workflow-wide: the Upsert nodes confirm sets in it.
		const skip = ctx.getNodeParameter('skipProcessedSets', 0, false) as boolean;
		const global = skip ? ctx.getWorkflowStaticData('global') : undefined;
		const ledger = global ? readLedger(global) : undefined;
		const outputMode = ctx.getNodeParameter('outputMode', 0, 'rows') as 'rows' | 'batches';
		const result = await parseFileSet(complete.ready, {
			// Rows mode makes an item per record; a limit keeps a huge file from exhausting memory.
			maxRows:
				outputMode === 'rows'
					? Math.max(
							1,
							Math.floor(ctx.getNodeParameter('maxRecords', 0, MAX_ROWS_MODE_RECORDS) as number),
						)
					: undefined,
			requireCompleteSets: ctx.getNodeParameter('requireCompleteSets', 0, true) as boolean,
			updateIfExists: ctx.getNodeParameter('updateIfExists', 0, true) as boolean,
			onInvalidRow: ctx.getNodeParameter('onInvalidRow', 0, 'report') as 'report' | 'fail',
			processedUpTo: ledger?.doneUpTo,
			isProcessed: ledger ? (fileSet) => isProcessed(ledger, fileSet) : undefined,
		});
		result.issues.unshift(...complete.issues);
		if (global && ledger) {
			const runs = Math.floor(
				Number(ctx.getNodeParameter('unconfirmedRuns', 0, DEFAULT_UNCONFIRMED_RUNS)),
			);
			// Every set seen counts (ledger.ts): read, held by Wait for Complete Files, or rejected.
			const present = new Set<string>();
			for (const file of files) {
				const name = checkFileName(file.name);
				if (name.ok) present.add(name.fileSet);
			}
			const rejected = new Set(result.rejected);
			const seen: SeenSet[] = result.sets.map((set) => ({
				fileSet: set.fileSet,
				state: rejected.has(set.fileSet) ? 'rejected' : 'read',
				products: set.products.length,
				variants: set.variants.length,
			}));
			const read = new Set(result.sets.map((set) => set.fileSet));
			for (const fileSet of rejected)
				if (!read.has(fileSet)) seen.push({ fileSet, state: 'rejected' });
			const marked = new Set(seen.map((set) => set.fileSet));
			const ready = new Set(complete.ready);
			for (const file of files) {
				const name = checkFileName(file.name);
				if (ready.has(file) || !name.ok || marked.has(name.fileSet)) continue;
				if (isProcessed(ledger, name.fileSet)) continue;
				marked.add(name.fileSet);
				seen.push({ fileSet: name.fileSet, state: 'waiting' });
			}
			result.issues.push(
				...markSeen(ledger, ctx.getExecutionId() ?? '', seen, {
					unconfirmedRuns: Number.isFinite(runs) && runs >= 1 ? runs : DEFAULT_UNCONFIRMED_RUNS,
					holdBackAfterRejected: ctx.getNodeParameter(
						'holdBackAfterRejectedSet',
						0,
						false,
					) as boolean,
					present,
					node: ctx.getNode().name,
				}),
			);
			writeLedger(global, ledger);
		}
		return shapeOutputs(result, files, items.length, {
			outputMode,
			batchSize: Math.max(1, Math.floor(ctx.getNodeParameter('batchSize', 0, 500) as number)),
		});
	} catch (error) {
		failure = error;
	}
	locate(ctx, failure, files);
	throw failure;
}
