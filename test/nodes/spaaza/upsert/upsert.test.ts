import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { runOnce } from '../../../../nodes/shell/itemLoop';
import { PRODUCT_UPSERT, VARIANT_UPSERT, runUpsert } from '../../../../nodes/spaaza/upsert';
import { echo, fakeContext, gate, rows, spaazaError, TOKEN, httpError } from './fakeContext';

// The upsert core's requests go to the fake Spaaza behind the context's helper (sendThroughHelper.ts).
jest.mock('../../../../nodes/spaaza/transport/authenticated', () =>
	jest.requireActual('./sendThroughHelper'),
);

const src = (line: number) => ({
	fileSet: 'S',
	file: 'productlist_20240101_120000.csv',
	lines: [line],
});

async function jsonOut(
	promise: Promise<Array<Array<{ json: IDataObject }>>>,
): Promise<IDataObject[]> {
	return (await promise)[0].map((item) => item.json);
}

describe('runUpsert: validation and mapping (dry run, nothing sent)', () => {
	const dryRun = { options: { dryRun: true } };

	it('coerces spreadsheet values and drops unknown fields in auto mode', async () => {
		const { ctx, spaaza } = fakeContext({
			items: rows([
				{
					owner_code: 1234,
					name: 'Mug',
					price: 12.5,
					is_promotional: 'TRUE',
					colour_hex: '#fff',
					_source: src(2),
				},
			]),
			params: dryRun,
		});
		const [json] = await jsonOut(runUpsert(ctx, PRODUCT_UPSERT));
		expect(json).toEqual({
			status: 'dry-run',
			owner_code: '1234',
			record: {
				owner_code: '1234',
				name: 'Mug',
				price: '12.5',
				is_promotional: true,
				update_if_exists: true,
			},
			attempts: 0,
			_source: src(2),
		});
		expect(spaaza.requests).toEqual([]);
	});

	it('accepts the CSV column names of a variant row and comma-separated barcodes', async () => {
		const { ctx } = fakeContext({
			items: rows([
				{ product_variant_owner_code: 'V-1', product_owner_code: 'P-1', barcode: '0012, 0034' },
			]),
			params: dryRun,
		});
		const [json] = await jsonOut(runUpsert(ctx, VARIANT_UPSERT));
		expect(json.record).toEqual({
			owner_code: 'V-1',
			product_owner_code: 'P-1',
			barcodes: ['0012', '0034'],
			update_if_exists: true,
		});
	});

	it('uses the node’s Update Existing per item, unless the record says otherwise', async () => {
		const { ctx } = fakeContext({
			items: rows([
				{ owner_code: 'A', name: 'A' },
				{ owner_code: 'B', name: 'B' },
				{ owner_code: 'C', name: 'C', update_if_exists: '1' },
			]),
			params: { ...dryRun, updateIfExists: (i: number) => i === 0 },
		});
		const outputs = await jsonOut(runUpsert(ctx, PRODUCT_UPSERT));
		expect(outputs.map((json) => (json.record as IDataObject).update_if_exists)).toEqual([
			true,
			false,
			true,
		]);
	});

	it('needs barcodes for a variant that may not update an existing one', async () => {
		const { ctx } = fakeContext({
			items: rows([{ owner_code: 'V-1', product_owner_code: 'P-1' }]),
			params: { ...dryRun, updateIfExists: false },
			continueOnFail: true,
		});
		const [json] = await jsonOut(runUpsert(ctx, VARIANT_UPSERT));
		expect(json).toMatchObject({
			status: 'invalid',
			error: { code: 'SPAAZA_MISSING_VALUE', problems: [{ field: 'barcodes' }] },
		});
	});

	it('maps each field from the node’s parameters in manual mode, one record per item', async () => {
		const items = rows([
			{ sku: 'A-1', title: 'Apple', amount: 3, records: ['not a batch here'] },
			{ sku: 'B-1', title: '', amount: 'free' },
		]);
		const { ctx } = fakeContext({
			items,
			params: {
				...dryRun,
				mappingMode: 'manual',
				ownerCode: (i: number) => items[i].json.sku,
				productName: (i: number) => items[i].json.title,
				additionalFields: (i: number) => ({
					price: items[i].json.amount,
					brand: '',
					private_label: false,
				}),
			},
			continueOnFail: true,
		});
		const outputs = await jsonOut(runUpsert(ctx, PRODUCT_UPSERT));
		expect(outputs[0]).toMatchObject({
			status: 'dry-run',
			record: {
				owner_code: 'A-1',
				name: 'Apple',
				price: '3',
				private_label: false,
				update_if_exists: true,
			},
		});
		expect(outputs[1]).toMatchObject({ status: 'invalid', owner_code: 'B-1' });
		expect((outputs[1].error as IDataObject).problems).toEqual([
			{ field: 'price', message: expect.stringContaining('"free"') },
			{ field: 'name', message: expect.stringContaining('needs a name') },
		]);
	});

	it('reports an expression that fails in manual mode on its record only', async () => {
		const { ctx } = fakeContext({
			items: rows([{ sku: 'A' }, { sku: 'B' }]),
			params: {
				...dryRun,
				mappingMode: 'manual',
				ownerCode: (i: number) => {
					if (i === 1) throw new Error('Referenced node is unexecuted');
					return 'A';
				},
				productName: 'Name',
			},
			continueOnFail: true,
		});
		const outputs = await jsonOut(runUpsert(ctx, PRODUCT_UPSERT));
		expect(outputs.map((json) => json.status)).toEqual(['dry-run', 'invalid']);
		expect((outputs[1].error as IDataObject).message).toContain('Referenced node is unexecuted');
	});

	it('fails once after checking everything when it does not continue on failure', async () => {
		const { ctx } = fakeContext({
			items: rows([
				{ owner_code: 'A', name: 'A' },
				{ owner_code: 'B', _source: src(3) },
				{ owner_code: 'C', price: 'x' },
			]),
			params: dryRun,
		});
		// Through the item loop, as the node runs it: the loop shows the run's SpaazaError.
		const error = await runOnce(ctx, async () => await runUpsert(ctx, PRODUCT_UPSERT)).catch(
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		const { message, context } = error as NodeOperationError;
		expect(message).toBe(
			'2 of 3 products could not be created or updated (2 invalid). First: Product "B" (productlist_20240101_120000.csv line 3) is not valid: A product needs a name (only rows that update an existing product by id may leave it out)',
		);
		expect(context).toMatchObject({
			itemIndex: 1,
			code: 'SPAAZA_MISSING_VALUE',
			invalid: 2,
			failed: 0,
		});
	});
});

describe('runUpsert: sending', () => {
	it('sends chain_id and the record as JSON to add-product, with the chain of the credential or the node', async () => {
		const { ctx, spaaza } = fakeContext({
			items: rows([
				{ owner_code: 'A', name: 'A', _source: src(2) },
				{ owner_code: 'B', name: 'B' },
			]),
			params: { chainId: (i: number) => (i === 1 ? 99 : 0) },
		});
		const outputs = await jsonOut(runUpsert(ctx, PRODUCT_UPSERT));
		expect(spaaza.requests).toEqual([
			{
				url: 'http://spaaza.test/api/internal/add-product',
				body: { chain_id: 1764, owner_code: 'A', name: 'A', update_if_exists: true },
			},
			{
				url: 'http://spaaza.test/api/internal/add-product',
				body: { chain_id: 99, owner_code: 'B', name: 'B', update_if_exists: true },
			},
		]);
		expect(outputs[0]).toEqual({
			status: 'upserted',
			owner_code: 'A',
			product: { id: 1, owner_code: 'A', name: 'A' },
			attempts: 1,
			_source: src(2),
		});
	});

	it('keeps at most Concurrency requests in flight across batch and row items', async () => {
		const batch = (from: number) => ({
			json: { records: [0, 1, 2, 3, 4].map((n) => ({ owner_code: `P${from + n}`, name: 'n' })) },
		});
		const held = gate();
		const { ctx, spaaza } = fakeContext({
			items: [batch(0), { json: { owner_code: 'R', name: 'r' } }, batch(10)],
			params: { options: { concurrency: 3 } },
			answer: async (request) => {
				if (spaaza.requests.length <= 3) await held.wait();
				return echo('product')(request);
			},
		});
		const running = runUpsert(ctx, PRODUCT_UPSERT);
		await new Promise((resolve) => setImmediate(resolve));
		expect(spaaza.requests).toHaveLength(3);
		held.open();
		const outputs = await jsonOut(running);
		expect(spaaza.requests).toHaveLength(11);
		expect(spaaza.maxInFlight).toBe(3);
		expect(outputs.map((json) => json.upserted ?? json.status)).toEqual([5, 'upserted', 5]);
	});

	it('sends two records for one owner code one after the other, in input order', async () => {
		const held = gate();
		const { ctx, spaaza } = fakeContext({
			items: rows([
				{ owner_code: 'A', name: 'first' },
				{ owner_code: 'B', name: 'b' },
				{ owner_code: 'A', name: 'second' },
			]),
			answer: async (request) => {
				if (request.body.name === 'first') await held.wait();
				return echo('product')(request);
			},
		});
		const running = runUpsert(ctx, PRODUCT_UPSERT);
		await new Promise((resolve) => setImmediate(resolve));
		expect(spaaza.requests.map((r) => r.body.name)).toEqual(['first', 'b']);
		held.open();
		await running;
		expect(spaaza.requests.map((r) => r.body.name)).toEqual(['first', 'b', 'second']);
	});

	it('counts retries in attempts', async () => {
		let calls = 0;
		const { ctx } = fakeContext({
			items: rows([{ owner_code: 'A', name: 'A' }]),
			answer: (request) => {
				if (++calls === 1) throw httpError(429, '', { 'retry-after': '0' });
				return echo('product')(request);
			},
		});
		const [json] = await jsonOut(runUpsert(ctx, PRODUCT_UPSERT));
		expect(json).toMatchObject({ status: 'upserted', attempts: 2 });
	});

	it('reports a record Spaaza rejects with its code and goes on with the others', async () => {
		const { ctx } = fakeContext({
			items: rows([
				{ owner_code: 'A', name: 'A', _source: src(2) },
				{ owner_code: 'B', name: 'B' },
			]),
			continueOnFail: true,
			answer: (request) => {
				if (request.body.owner_code === 'A')
					throw spaazaError(403, 68, 'permission_denied_or_non_existent', 'No access');
				return echo('product')(request);
			},
		});
		const outputs = await jsonOut(runUpsert(ctx, PRODUCT_UPSERT));
		expect(outputs[0]).toEqual({
			status: 'failed',
			owner_code: 'A',
			error: {
				code: 'SPAAZA_API_ERROR',
				message:
					'Spaaza rejected the request for product "A" (productlist_20240101_120000.csv line 2): No access',
				description: expect.stringContaining('Spaaza error 68'),
				spaazaCode: 68,
				spaazaName: 'permission_denied_or_non_existent',
				httpCode: 403,
			},
			attempts: 1,
			_source: src(2),
		});
		expect(outputs[1].status).toBe('upserted');
	});

	it('throws one NodeApiError naming the rejected records when it does not continue on failure', async () => {
		const { ctx, spaaza } = fakeContext({
			items: rows([
				{ owner_code: 'A', name: 'A' },
				{ owner_code: 'B', name: 'B' },
				{ owner_code: 'C', name: 'C' },
			]),
			answer: (request) => {
				if (request.body.owner_code === 'B')
					throw spaazaError(400, 52, 'http_vars_missing', 'Missing');
				return echo('product')(request);
			},
		});
		const error = (await runOnce(ctx, async () => await runUpsert(ctx, PRODUCT_UPSERT)).catch(
			(e: unknown) => e,
		)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('1 of 3 products could not be created or updated');
		expect(error.httpCode).toBe('400');
		expect(error.context).toMatchObject({
			itemIndex: 1,
			code: 'SPAAZA_API_ERROR',
			spaazaErrorCode: 52,
			failed: 1,
		});
		expect(error.description).toContain('The other 2 products were created or updated.');
		expect(spaaza.requests).toHaveLength(3);
	});

	it('fails at once for a token credential, sending nothing', async () => {
		const { ctx, spaaza } = fakeContext({
			items: rows([{ owner_code: 'A', name: 'A' }]),
			credentials: TOKEN,
		});
		const error = (await runOnce(ctx, async () => await runUpsert(ctx, PRODUCT_UPSERT)).catch(
			(e: unknown) => e,
		)) as NodeOperationError;
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/^Spaaza accepts only admin authentication/);
		expect(error.context.code).toBe('SPAAZA_ADMIN_AUTH_REQUIRED');
		expect(spaaza.requests).toEqual([]);
	});

	it('stops sending after a credential failure, reporting the rest as not sent', async () => {
		const { ctx, spaaza } = fakeContext({
			items: rows([
				{ owner_code: 'A', name: 'A' },
				{ owner_code: 'B', name: 'B' },
				{ owner_code: 'C', name: 'C' },
			]),
			params: { options: { concurrency: 1 } },
			continueOnFail: true,
			answer: () => {
				throw spaazaError(401, 6, 'no_valid_session', 'Log in');
			},
		});
		const outputs = await jsonOut(runUpsert(ctx, PRODUCT_UPSERT));
		expect(spaaza.requests).toHaveLength(1);
		expect(
			outputs.map((json) => [json.status, (json.error as IDataObject).code, json.attempts]),
		).toEqual([
			['failed', 'SPAAZA_AUTH_FAILED', 1],
			['failed', 'SPAAZA_AUTH_FAILED', 0],
			['failed', 'SPAAZA_AUTH_FAILED', 0],
		]);
		expect((outputs[1].error as IDataObject).message).toMatch(
			/^Product "B" was not sent, because Spaaza refused the credential: /,
		);
	});

	it('shapes rejected rows for n8n’s error output when On Error uses it', async () => {
		const { ctx } = fakeContext({
			items: rows([{ owner_code: 'A', name: 'A' }, { owner_code: 'B' }]),
			continueOnFail: true,
			onError: 'continueErrorOutput',
		});
		const output = (await runUpsert(ctx, PRODUCT_UPSERT))[0];
		expect(output[0].json.status).toBe('upserted');
		expect(Object.keys(output[1].json)).toEqual(['error', 'details']);
		expect(output[1]).toMatchObject({
			json: {
				error: { code: 'SPAAZA_MISSING_VALUE' },
				details: { status: 'invalid', owner_code: 'B', attempts: 0 },
			},
			pairedItem: { item: 1 },
		});
	});
});
