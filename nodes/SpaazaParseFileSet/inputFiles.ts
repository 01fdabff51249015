import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { FileFacts } from '../core/fileset/names/completeFiles';
import type { ByteSource } from '../core/fileset/csv/csvReader';
import type { FileSetSource } from '../core/fileset/parseFileSet';

export interface InputFile extends FileSetSource, FileFacts {
	itemIndex: number;
}

function sizeOf(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
	// Google Drive sends its sizes as strings of digits.
	if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
	return undefined;
}

function timeOf(value: unknown): number | undefined {
	const time =
		value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
	return Number.isFinite(time) ? time : undefined;
}

/**
 * Size and modified time as the source nodes put them in the item json: FTP/SFTP List (kept by
 * their Download) give `size` and `modifyTime`, Google Drive Search (fields `*`, kept by its
 * Download) gives `size` and `modifiedTime`; Read Files from Disk gives neither. The bytes
 * received come from the binary itself. Only read when the item carries a single file.
 */
function factsOf(json: IDataObject, binary: IBinaryData, single: boolean): Omit<FileFacts, 'name'> {
	const bytes =
		sizeOf(binary.bytes) ??
		(binary.id || typeof binary.data !== 'string'
			? undefined
			: Buffer.byteLength(binary.data, 'base64'));
	if (!single) return { bytes };
	return {
		bytes,
		listedSize: sizeOf(json.size),
		modifiedAt: timeOf(json.modifyTime ?? json.modifiedTime),
	};
}

async function* once(buffer: Buffer): AsyncGenerator<Buffer> {
	yield buffer;
}

/**
 * Every file on every input item: a Drive, FTP or email workflow delivers one file per item, or
 * several attachments on one item. Files are opened only when their set is read.
 */
export function inputFiles(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	wanted: string,
): InputFile[] {
	const names = wanted
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
	const files: InputFile[] = [];
	items.forEach((item, itemIndex) => {
		const binaries = item.binary ?? {};
		const properties = names.length > 0 ? names : Object.keys(binaries);
		const single = Object.keys(binaries).length === 1;
		for (const property of properties) {
			// Throws n8n's clear "no binary field" error for a named property the item lacks.
			const binary =
				names.length > 0 ? ctx.helpers.assertBinaryData(itemIndex, property) : binaries[property];
			const id = binary.id;
			const stream = async (): Promise<ByteSource> => {
				// n8n 2.x keeps binary data on disk and gives it an id: stream it, never load it whole.
				if (id) return await ctx.helpers.getBinaryStream(id);
				ctx.helpers.assertBinaryData(itemIndex, property);
				return once(await ctx.helpers.getBinaryDataBuffer(itemIndex, property));
			};
			files.push({
				name: binary.fileName ?? `(no file name: ${property} of item ${itemIndex + 1})`,
				itemIndex,
				stream,
				...factsOf(item.json ?? {}, binary, single),
			});
		}
	});
	return files;
}
