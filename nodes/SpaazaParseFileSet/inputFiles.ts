import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ByteSource } from '../shared/fileset/csvReader';
import type { FileSetSource } from '../shared/fileset/parseFileSet';

export interface InputFile extends FileSetSource {
	itemIndex: number;
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
			});
		}
	});
	return files;
}
