import type { IDataObject, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import type { SpaazaIssue } from '../core/errors';
import { baseName, checkFileName } from '../core/fileset/names/fileName';
import type { ParseFileSetResult } from '../core/fileset/parseFileSet';
import type { InputFile } from './inputFiles';

export interface OutputOptions {
	outputMode: 'rows' | 'batches';
	batchSize: number;
}

function paired(indexes: number[]): IPairedItemData | IPairedItemData[] {
	return indexes.length === 1 ? { item: indexes[0] } : indexes.map((item) => ({ item }));
}

function add(map: Map<string, number[]>, key: string, index: number) {
	const list = map.get(key);
	if (!list) map.set(key, [index]);
	else if (!list.includes(index)) list.push(index);
}

/** A file's records as items paired with the input item the file came from. */
function pushRecordItems(
	out: INodeExecutionData[],
	file: InputFile | undefined,
	records: object[],
	fileSet: string,
	options: OutputOptions,
) {
	if (file === undefined) return;
	const pairedItem = { item: file.itemIndex };
	// Pushes one by one: spreading hundreds of thousands of items into push() overflows the stack.
	if (options.outputMode === 'rows') {
		for (const json of records) out.push({ json: json as IDataObject, pairedItem });
		return;
	}
	for (let at = 0; at < records.length; at += options.batchSize) {
		out.push({
			json: { fileSet, records: records.slice(at, at + options.batchSize) as IDataObject[] },
			pairedItem,
		});
	}
}

/** Every key present on every Errors item, so a sheet or email of them has the same columns. */
export function issueJson(issue: SpaazaIssue): IDataObject {
	return {
		severity: issue.severity,
		code: issue.code,
		message: issue.message,
		fileSet: issue.fileSet ?? null,
		file: issue.file ?? null,
		line: issue.line ?? null,
		column: issue.column ?? null,
		value: issue.value ?? null,
	};
}

/**
 * Items for the three outputs. Each item is paired with the input item(s) its file came from; an
 * issue about a whole set with the items of that set's files.
 */
export function shapeOutputs(
	result: ParseFileSetResult<InputFile>,
	files: InputFile[],
	itemCount: number,
	options: OutputOptions,
): INodeExecutionData[][] {
	const byFile = new Map<string, number[]>();
	const bySet = new Map<string, number[]>();
	for (const file of files) {
		add(byFile, baseName(file.name), file.itemIndex);
		const name = checkFileName(file.name);
		if (name.ok) add(bySet, name.fileSet, file.itemIndex);
	}
	const all = Array.from({ length: itemCount }, (_, index) => index);
	const products: INodeExecutionData[] = [];
	const variants: INodeExecutionData[] = [];
	for (const set of result.sets) {
		pushRecordItems(products, set.productFile, set.products, set.fileSet, options);
		pushRecordItems(variants, set.variantFile, set.variants, set.fileSet, options);
	}
	const errors = result.issues.map((issue) => {
		const from =
			(issue.file && byFile.get(issue.file)) || (issue.fileSet && bySet.get(issue.fileSet)) || all;
		return {
			json: issueJson(issue),
			pairedItem: paired(from.length > 0 ? from : [0]),
		};
	});
	return [products, variants, errors];
}
