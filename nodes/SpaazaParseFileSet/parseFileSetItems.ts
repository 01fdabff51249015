import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { SpaazaFileSetError } from '../shared/errors';
import { baseName } from '../shared/fileset/fileName';
import { parseFileSet } from '../shared/fileset/parseFileSet';
import { errorItemJson } from '../shared/itemLoop';
import { inputFiles, type InputFile } from './inputFiles';
import { shapeOutputs } from './outputs';

// Key in the node's static data: the newest set read, for `skipProcessedSets`.
const NEWEST_SET = 'newestProcessedFileSet';
/** Rows mode's default limit: 3.2 M items of a 200 MB file took 1.6 GB before n8n stored them. */
const MAX_ROWS_MODE_RECORDS = 100_000;

function itemOf(error: unknown, files: InputFile[]): number {
	const issue = error instanceof SpaazaFileSetError ? error.issue : undefined;
	const file =
		issue &&
		(files.find((f) => baseName(f.name) === issue.file) ??
			files.find((f) => issue.fileSet !== undefined && f.name.includes(issue.fileSet)));
	return (
		file?.itemIndex ?? (error as { context?: { itemIndex?: number } })?.context?.itemIndex ?? 0
	);
}

/** The node's work: collect files from all items, parse the sets, shape the three outputs. */
export async function parseFileSetItems(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	let files: InputFile[] = [];
	try {
		files = inputFiles(ctx, items, ctx.getNodeParameter('binaryProperties', 0, '') as string);
		const skip = ctx.getNodeParameter('skipProcessedSets', 0, false) as boolean;
		const memory = skip ? ctx.getWorkflowStaticData('node') : undefined;
		const outputMode = ctx.getNodeParameter('outputMode', 0, 'rows') as 'rows' | 'batches';
		const result = await parseFileSet(files, {
			// Rows mode makes an item per record; a limit keeps a huge file from exhausting memory.
			maxRows:
				outputMode === 'rows'
					? Math.max(1, Math.floor(ctx.getNodeParameter('maxRecords', 0, MAX_ROWS_MODE_RECORDS) as number))
					: undefined,
			requireCompleteSets: ctx.getNodeParameter('requireCompleteSets', 0, true) as boolean,
			updateIfExists: ctx.getNodeParameter('updateIfExists', 0, true) as boolean,
			onInvalidRow: ctx.getNodeParameter('onInvalidRow', 0, 'report') as 'report' | 'fail',
			processedUpTo:
				typeof memory?.[NEWEST_SET] === 'string' ? (memory[NEWEST_SET] as string) : undefined,
		});
		if (memory && result.newestFileSet && result.newestFileSet > String(memory[NEWEST_SET] ?? '')) {
			memory[NEWEST_SET] = result.newestFileSet;
		}
		return shapeOutputs(result, files, items.length, {
			outputMode,
			batchSize: Math.max(1, Math.floor(ctx.getNodeParameter('batchSize', 0, 500) as number)),
		});
	} catch (error) {
		const itemIndex = itemOf(error, files);
		if (ctx.continueOnFail())
			return [[], [], [{ json: errorItemJson(error), pairedItem: { item: itemIndex } }]];
		const issue = error instanceof SpaazaFileSetError ? error.issue : undefined;
		const where = issue
			? [issue.file, issue.line && `line ${issue.line}`, issue.column && `column ${issue.column}`]
					.filter(Boolean)
					.join(', ')
			: '';
		const failure =
			error instanceof NodeOperationError
				? error
				: new NodeOperationError(ctx.getNode(), error as Error, {
						itemIndex,
						description: where
							? `Problem in ${where}. Choose "Report It and Continue" under On Invalid Row to get every problem on the Errors output instead.`
							: undefined,
					});
		if (issue) failure.context.code = issue.code;
		throw failure;
	}
}
