import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { runWorkflow, workflowFromNodes } from '.';

const workflowFile = path.join(__dirname, '../fixtures/workflows/read-files-echo.json');
const csvFile = path.join(__dirname, '../fixtures/files/productlist_20240101_120000.csv');
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('binary data as n8n 2.x hands it to nodes', () => {
	const bytesFile = path.join(mkdtempSync(path.join(tmpdir(), 'harness-bytes-')), 'all-bytes.bin');
	const allBytes = Buffer.from(Array.from({ length: 70_000 }, (_, index) => index % 256));
	writeFileSync(bytesFile, allBytes);

	it('filesystem mode: data on disk with an id, read back through getBinaryStream', async () => {
		const result = await runWorkflow(workflowFile, {
			parameters: { 'Read Files': { filePaths: `${csvFile}, ${bytesFile}` } },
		});

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.executedNodes).toEqual([
			'When clicking ‘Execute workflow’',
			'Read Files',
			'Binary Info',
			'Echo',
		]);
		const [csvItem, bytesItem] = result.output('Read Files');
		// binaryPropertyName is the expression {{ 'file' }}
		const csvBinary = csvItem.binary!.file;
		expect(csvBinary).toMatchObject({
			fileName: 'productlist_20240101_120000.csv',
			mimeType: 'text/csv',
			fileExtension: 'csv',
			data: 'filesystem-v2',
		});
		expect(csvBinary.id).toMatch(
			/^filesystem-v2:workflows\/harness-read-files-echo\/executions\/\d+\//,
		);
		expect(bytesItem.binary!.file.bytes).toBe(allBytes.length);

		const info = result.json('Binary Info');
		expect(info[0].file).toMatchObject({
			via: 'stream',
			sha256: sha256(readFileSync(csvFile)),
			metadata: { fileName: 'productlist_20240101_120000.csv', mimeType: 'text/csv' },
		});
		expect(info[1].file).toMatchObject({ via: 'stream', bytes: 70_000, sha256: sha256(allBytes) });

		const echoed = result.output('Echo');
		expect(echoed.map((item) => item.binary)).toEqual(
			result.output('Binary Info').map((i) => i.binary),
		);
		expect(echoed[1].pairedItem).toEqual({ item: 1 });
		expect(await result.binaryBuffer(echoed[1], 'file')).toEqual(allBytes);
	});

	it('default mode: base64 data in the item, no id, read through getBinaryDataBuffer', async () => {
		const result = await runWorkflow(workflowFile, {
			binaryMode: 'default',
			parameters: { 'Read Files': { filePaths: bytesFile } },
		});

		const binary = result.output('Echo')[0].binary!.file;
		expect(binary.id).toBeUndefined();
		expect(Buffer.from(binary.data, 'base64')).toEqual(allBytes);
		expect(result.json('Binary Info')[0].file).toMatchObject({ via: 'buffer', bytes: 70_000 });
		expect(await result.binaryBuffer(result.output('Echo')[0], 'file')).toEqual(allBytes);
	});

	it('puts several files on one item, like an email with attachments', async () => {
		const result = await runWorkflow(
			workflowFromNodes(
				{ type: 'test.manualTrigger' },
				{
					type: 'test.readFiles',
					parameters: { filePaths: `${csvFile}\n${bytesFile}`, layout: 'oneItem' },
				},
			),
		);

		const [item] = result.output('readFiles');
		expect(Object.keys(item.binary!)).toEqual(['data_0', 'data_1']);
		expect(await result.binaryBuffer(item, 'data_0')).toEqual(readFileSync(csvFile));
	});

	it('deletes a run’s files on dispose', async () => {
		const result = await runWorkflow(workflowFile, {
			parameters: { 'Read Files': { filePaths: csvFile } },
		});
		const [item] = result.output('Echo');
		await result.dispose();
		await expect(result.binaryBuffer(item, 'file')).rejects.toThrow();
	});
});
