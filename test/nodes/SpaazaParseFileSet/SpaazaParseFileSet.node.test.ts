import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { SpaazaParseFileSet } from '../../../nodes/SpaazaParseFileSet/SpaazaParseFileSet.node';
import { workflowNode } from '../../harness/workflowNode';

const SAMPLES = join(__dirname, '../../../samples');
const read = (name: string) => readFileSync(join(SAMPLES, name));

/** Contents of "stored" binaries by id, as n8n's binary data service would hold them on disk. */
const stored = new Map<string, Buffer>();

/** A binary as n8n 2.x keeps it: on disk with an id (streamed) or inline base64 (buffer). */
function binary(fileName: string, content: Buffer, onDisk: boolean): IBinaryData {
	if (!onDisk) return { data: content.toString('base64'), fileName, mimeType: 'text/csv' };
	const id = `filesystem-v2:${stored.size + 1}`;
	stored.set(id, content);
	return { id, data: 'filesystem-v2', fileName, mimeType: 'text/csv' };
}

function item(
	fileName: string,
	content: Buffer,
	onDisk = true,
	property = 'data',
): INodeExecutionData {
	return { json: {}, binary: { [property]: binary(fileName, content, onDisk) } };
}

function run(
	items: INodeExecutionData[],
	parameters: IDataObject = {},
	options: { continueOnFail?: boolean; staticData?: IDataObject } = {},
) {
	const helpers = {
		assertBinaryData: jest.fn((itemIndex: number, property: string) => {
			const found = items[itemIndex].binary?.[property];
			if (!found) {
				throw new NodeOperationError(node, `No binary field '${property}' on item ${itemIndex}`, {
					itemIndex,
				});
			}
			return found;
		}),
		// Small chunks, so the node really streams.
		getBinaryStream: jest.fn(async (id: string) =>
			Readable.from(chunked(stored.get(id) as Buffer, 100)),
		),
		getBinaryDataBuffer: jest.fn(async (itemIndex: number, property: string) =>
			Buffer.from(items[itemIndex].binary?.[property].data ?? '', 'base64'),
		),
	};
	const ctx = {
		getInputData: () => items,
		getNodeParameter: (name: string, _i: number, fallback: unknown) =>
			name in parameters ? parameters[name] : fallback,
		getWorkflowStaticData: () => options.staticData ?? {},
		continueOnFail: () => options.continueOnFail ?? false,
		getNode: () => node,
		helpers,
	};
	return { ctx: ctx as unknown as IExecuteFunctions, helpers };
}

const node = workflowNode('n8n-nodes-spaaza.spaazaParseFileSet', 'Parse Spaaza File Set');

function chunked(content: Buffer, size: number): Buffer[] {
	const out: Buffer[] = [];
	for (let at = 0; at < content.length; at += size) out.push(content.subarray(at, at + size));
	return out;
}

describe('Parse Spaaza File Set node', () => {
	const P = 'productlist_20251024_100000.csv';
	const V = 'variantlist_20251024_100000.csv';

	function sampleItems(stored: boolean) {
		return [item(V, read(V), stored), item(P, read(P), stored)];
	}

	test.each([
		['stored binary (getBinaryStream)', true],
		['inline binary (getBinaryDataBuffer)', false],
	])('rows mode, %s: one item per record, paired with its file', async (_name, stored) => {
		const items = sampleItems(stored);
		const made = run(items);
		const [products, variants, errors] = await new SpaazaParseFileSet().execute.call(made.ctx);
		expect(errors).toEqual([]);
		expect(products).toHaveLength(64);
		expect(products[0]).toEqual({
			json: expect.objectContaining({ owner_code: 'TOP-1001', price: '32.00' }),
			pairedItem: { item: 1 },
		});
		expect(variants[0].pairedItem).toEqual({ item: 0 });
		expect(variants.length).toBeGreaterThan(100);
		if (stored) expect(made.helpers.getBinaryDataBuffer).not.toHaveBeenCalled();
		else expect(made.helpers.getBinaryStream).not.toHaveBeenCalled();
	});

	test('batches mode: { fileSet, records } items of batchSize', async () => {
		const items = sampleItems(true);
		const made = run(items, { outputMode: 'batches', batchSize: 25 });
		const [products, variants] = await new SpaazaParseFileSet().execute.call(made.ctx);
		expect(products.map((p) => (p.json.records as unknown[]).length)).toEqual([25, 25, 14]);
		expect(products[0].json.fileSet).toBe('20251024_100000');
		expect(products[0].pairedItem).toEqual({ item: 1 });
		expect(variants.every((v) => (v.json.records as unknown[]).length <= 25)).toBe(true);
	});

	test('errors output: every issue with all its keys, paired with the file it concerns', async () => {
		const bad = Buffer.from('owner_code,name,price\nP1,Tank,25.00\nP2,Tee,"1,501.23"\n');
		const items = [
			item('productlist_20251024_100000.csv', bad, false),
			item('readme.txt', Buffer.from('hi'), false),
		];
		const made = run(items, { requireCompleteSets: false });
		const [products, , errors] = await new SpaazaParseFileSet().execute.call(made.ctx);
		expect(products.map((p) => p.json.owner_code)).toEqual(['P1']);
		expect(errors.map((e) => [e.json.code, e.json.line, e.json.column, e.pairedItem])).toEqual([
			['SPAAZA_FILE_NAME', null, null, { item: 1 }],
			['SPAAZA_SET_INCOMPLETE', null, null, { item: 0 }],
			['SPAAZA_INVALID_VALUE', 3, 'price', { item: 0 }],
		]);
		expect(Object.keys(errors[0].json)).toEqual([
			'severity',
			'code',
			'message',
			'fileSet',
			'file',
			'line',
			'column',
			'value',
		]);
	});

	test('onInvalidRow fail: a misnamed CSV file stops the run, on that file’s item', async () => {
		const bad = Buffer.from('owner_code,name,price\nP1,Tank,-1\n');
		const made = run([item(P, bad, false), item('products.csv', Buffer.from(''), false)], {
			onInvalidRow: 'fail',
			requireCompleteSets: false,
		});
		const error = await new SpaazaParseFileSet().execute.call(made.ctx).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error).toMatchObject({ context: { itemIndex: 1, code: 'SPAAZA_FILE_NAME' } });
	});

	test('onInvalidRow fail on a row: the error points at the file item and line', async () => {
		const bad = Buffer.from('owner_code,name,price\nP1,Tank,-1\n');
		const made = run([item(V, Buffer.from(read(V)), false), item(P, bad, false)], {
			onInvalidRow: 'fail',
		});
		const error = (await new SpaazaParseFileSet().execute
			.call(made.ctx)
			.catch((e: unknown) => e)) as NodeOperationError;
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.context).toMatchObject({ itemIndex: 1, code: 'SPAAZA_INVALID_VALUE' });
		expect(error.message).toContain('Line 2');
		expect(error.description).toContain(`${P}, line 2, column price`);
	});

	test('continueOnFail: the failure becomes an Errors item', async () => {
		const bad = Buffer.from('owner_code,name,price\nP1,Tank,-1\n');
		const made = run(
			[item(P, bad, false)],
			{ onInvalidRow: 'fail', requireCompleteSets: false },
			{ continueOnFail: true },
		);
		const [products, variants, errors] = await new SpaazaParseFileSet().execute.call(made.ctx);
		expect([products, variants]).toEqual([[], []]);
		expect(errors).toEqual([
			{
				json: expect.objectContaining({ code: 'SPAAZA_INVALID_VALUE', line: 2, column: 'price' }),
				pairedItem: { item: 0 },
			},
		]);
	});

	test('binaryProperties picks the named fields and reports a missing one', async () => {
		const items: INodeExecutionData[] = [
			{
				json: {},
				binary: {
					attachment_0: binary(P, read(P), false),
					attachment_1: binary(V, read(V), false),
					other: binary('x.pdf', Buffer.from('%PDF'), false),
				},
			},
		];
		const [products, variants, errors] = await new SpaazaParseFileSet().execute.call(
			run(items, { binaryProperties: 'attachment_0, attachment_1' }).ctx,
		);
		expect([products.length, variants.length > 0, errors]).toEqual([64, true, []]);
		const missing = await new SpaazaParseFileSet().execute
			.call(run(items, { binaryProperties: 'data' }).ctx)
			.catch((e: unknown) => e);
		expect(missing).toBeInstanceOf(NodeOperationError);
	});

	test('an input without files gives three empty outputs', async () => {
		expect(await new SpaazaParseFileSet().execute.call(run([{ json: { a: 1 } }]).ctx)).toEqual([
			[],
			[],
			[],
		]);
	});

	test('description: three named outputs, usable as an AI tool, icon path reaches dist/icons', () => {
		const { description } = new SpaazaParseFileSet();
		expect(description.name).toBe('spaazaParseFileSet');
		expect(description.outputNames).toEqual(['Products', 'Variants', 'Errors']);
		expect(description.usableAsTool).toBe(true);
		expect(description.icon).toEqual({
			light: 'file:../../icons/spaaza.svg',
			dark: 'file:../../icons/spaaza.dark.svg',
		});
		expect(description.properties.map((p) => [p.name, p.default])).toEqual([
			['binaryProperties', ''],
			['requireCompleteSets', true],
			['updateIfExists', true],
			['outputMode', 'rows'],
			['maxRecords', 100_000],
			['batchSize', 500],
			['onInvalidRow', 'report'],
			['failOnRejectedRows', false],
			['skipProcessedSets', false],
			['unconfirmedRuns', 3],
			['holdBackAfterRejectedSet', false],
			['waitForCompleteFiles', false],
			['minimumFileAge', 60],
		]);
	});
});
