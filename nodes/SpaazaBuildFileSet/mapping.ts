import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { FileType } from '../core/fileset/names/fileName';
import { PRODUCT_UPSERT, VARIANT_UPSERT, type UpsertKind } from '../shell/mapping/kinds';
import { manualMappingByParameter, readManualRecord } from '../shell/mapping/manual';

/** Build maps fields exactly as the upsert nodes do, so a mapping can be copied between them. */
const KINDS: Record<FileType, UpsertKind> = {
	productlist: PRODUCT_UPSERT,
	variantlist: VARIANT_UPSERT,
};

export const mappingProperties: INodeProperties[] = manualMappingByParameter('fileType', KINDS);

/** The record an item maps to in manual mode; expressions are resolved for that item. */
export function readMappedRecord(
	ctx: IExecuteFunctions,
	fileType: FileType,
	itemIndex: number,
): IDataObject {
	return readManualRecord(ctx, itemIndex, KINDS[fileType]);
}
