import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { SPAAZA_CODES, SpaazaError } from '../core/errors';
import type { FileType } from '../core/fileset/names/fileName';
import {
	RecordCollector,
	csvFile,
	readTimestamp,
	rowCount,
	type CollectedRecords,
} from '../core/filewriter';
import { atItem } from '../shell/nodeError';
import type { RecordKind } from '../core/records/fields';
import { flattenInput } from '../shell/mapping/inputs';
import { readMappedRecord } from './mapping';

const KIND: Record<FileType, RecordKind> = { productlist: 'product', variantlist: 'variant' };

function collectAuto(ctx: IExecuteFunctions, collector: RecordCollector): void {
	const { groups, entries } = flattenInput(ctx.getInputData());
	for (const group of groups) {
		for (let at = group.first; at < group.first + group.count; at++) {
			const origin = group.batch
				? { itemIndex: group.itemIndex, recordIndex: at - group.first }
				: { itemIndex: group.itemIndex };
			collector.add(entries[at].raw, origin);
		}
	}
}

function collectManual(
	ctx: IExecuteFunctions,
	fileType: FileType,
	collector: RecordCollector,
): void {
	const count = ctx.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		let record: IDataObject;
		try {
			record = readMappedRecord(ctx, fileType, itemIndex);
		} catch (error) {
			// A failing expression is a workflow problem: stop, unless the user chose to continue.
			if (!ctx.continueOnFail()) {
				throw atItem(error, itemIndex);
			}
			collector.addUnreadable(
				{ itemIndex },
				`the column values could not be read: ${(error as Error).message}`,
			);
			continue;
		}
		collector.add(record, { itemIndex });
	}
}

async function build(ctx: IExecuteFunctions): Promise<INodeExecutionData> {
	const fileType = ctx.getNodeParameter('fileType', 0) as FileType;
	const kind = KIND[fileType];
	const timestamp = readTimestamp(ctx.getNodeParameter('timestamp', 0, ''), new Date());
	if (!timestamp.ok) {
		throw new SpaazaError(SPAAZA_CODES.INVALID_VALUE, timestamp.message, {
			itemIndex: 0,
			description:
				'Both files of a set must carry the same date and time, e.g. 20251024_100000 for 24 October 2025 at 10:00:00 UTC.',
		});
	}
	const binaryPropertyName = (ctx.getNodeParameter('binaryPropertyName', 0) as string).trim();
	const mappingMode = ctx.getNodeParameter('mappingMode', 0) as 'auto' | 'manual';
	const includeOtherFields =
		mappingMode === 'auto' && (ctx.getNodeParameter('includeOtherFields', 0, true) as boolean);

	const collector = new RecordCollector(kind, { includeOtherFields });
	if (mappingMode === 'manual') collectManual(ctx, fileType, collector);
	else collectAuto(ctx, collector);
	const collected: CollectedRecords = collector.finish();

	const fileName = `${fileType}_${timestamp.timestamp}.csv`;
	const binary = await ctx.helpers.prepareBinaryData(
		csvFile(kind, collected.records),
		fileName,
		'text/csv',
	);
	return {
		json: {
			fileName,
			fileType,
			timestamp: timestamp.timestamp,
			recordsWritten: collected.records.length,
			rowsWritten: rowCount(kind, collected.records),
			invalid: collected.invalid,
			errors: collected.issues as unknown as IDataObject[],
		},
		// Unpaired: runOnce pairs the one output item with every input item it was made from.
		binary: { [binaryPropertyName]: binary },
	};
}

/** The node's work (run once, itemLoop.ts): all input items together make one file. */
export async function buildFileSet(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [[await build(ctx)]];
}
