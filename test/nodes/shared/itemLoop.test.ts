import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { SpaazaFileSetError } from '../../../nodes/shared/errors';
import { runPerItem } from '../../../nodes/shared/itemLoop';

const node = {
	id: '1',
	name: 'Spaaza Upsert Product',
	type: 'n8n-nodes-spaaza.spaazaUpsertProduct',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};

function context(
	count: number,
	options: { continueOnFail?: boolean; signal?: AbortSignal } = {},
): IExecuteFunctions {
	const items: INodeExecutionData[] = Array.from({ length: count }, (_, i) => ({ json: { n: i } }));
	return {
		getInputData: () => items,
		getNode: () => node,
		continueOnFail: () => options.continueOnFail ?? false,
		getExecutionCancelSignal: () => options.signal,
	} as unknown as IExecuteFunctions;
}

const tick = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

describe('runPerItem', () => {
	it('wraps plain objects and pairs every output with its input', async () => {
		const out = await runPerItem(context(3), async (item) => ({
			doubled: (item.json.n as number) * 2,
		}));
		expect(out).toEqual([
			{ json: { doubled: 0 }, pairedItem: { item: 0 } },
			{ json: { doubled: 2 }, pairedItem: { item: 1 } },
			{ json: { doubled: 4 }, pairedItem: { item: 2 } },
		]);
	});

	it('accepts execution data and arrays, keeping a pairedItem that is already set', async () => {
		const out = await runPerItem(context(2), async (_, i) =>
			i === 0
				? [{ json: { a: 1 } }, { json: { a: 2 }, pairedItem: [{ item: 0 }, { item: 1 }] }]
				: { json: { b: 1 }, binary: {} },
		);
		expect(out).toEqual([
			{ json: { a: 1 }, pairedItem: { item: 0 } },
			{ json: { a: 2 }, pairedItem: [{ item: 0 }, { item: 1 }] },
			{ json: { b: 1 }, binary: {}, pairedItem: { item: 1 } },
		]);
	});

	it('treats an object that merely has a json field plus other keys as data', async () => {
		const out = await runPerItem(context(1), async () => ({ json: { x: 1 }, owner_code: 'P1' }));
		expect(out[0].json).toEqual({ json: { x: 1 }, owner_code: 'P1' });
	});

	it('turns failures into error items under continueOnFail, with the SPAAZA code and facts', async () => {
		const apiError = new NodeApiError(
			node,
			{ spaaza: 'SPAAZA_API_ERROR' },
			{ message: 'Spaaza rejected product P2', description: 'Error code: SPAAZA_API_ERROR.' },
		);
		Object.assign(apiError.context, {
			code: 'SPAAZA_API_ERROR',
			httpStatus: 400,
			spaazaErrorCode: 301,
			subject: 'product P2',
		});
		const fileError = new SpaazaFileSetError({
			severity: 'error',
			code: 'SPAAZA_INVALID_VALUE',
			message: 'price is not a number',
			file: 'productlist_20251024_100000.csv',
			line: 4,
			column: 'price',
		});
		const out = await runPerItem(context(3, { continueOnFail: true }), async (_, i) => {
			if (i === 1) throw apiError;
			if (i === 2) throw fileError;
			return { ok: true };
		});
		expect(out).toEqual([
			{ json: { ok: true }, pairedItem: { item: 0 } },
			{
				json: {
					error: 'Spaaza rejected product P2',
					code: 'SPAAZA_API_ERROR',
					description: 'Error code: SPAAZA_API_ERROR.',
					httpStatus: 400,
					spaazaErrorCode: 301,
					subject: 'product P2',
				},
				pairedItem: { item: 1 },
			},
			{
				json: {
					error: 'price is not a number',
					code: 'SPAAZA_INVALID_VALUE',
					file: 'productlist_20251024_100000.csv',
					line: 4,
					column: 'price',
				},
				pairedItem: { item: 2 },
			},
		]);
	});

	it('rethrows NodeApiErrors with the itemIndex added', async () => {
		const apiError = new NodeApiError(node, { spaaza: 'x' }, { message: 'nope' });
		const error = await runPerItem(context(3), async (_, i) => {
			if (i === 2) throw apiError;
			return {};
		}).catch((e: NodeApiError) => e);
		expect(error).toBe(apiError);
		expect(apiError.context.itemIndex).toBe(2);
	});

	it('wraps other errors in a NodeOperationError that keeps itemIndex and code', async () => {
		const fileError = new SpaazaFileSetError({
			severity: 'error',
			code: 'SPAAZA_CSV_SYNTAX',
			message: 'unterminated quote',
		});
		const error = (await runPerItem(context(2), async (_, i) => {
			if (i === 1) throw fileError;
			return {};
		}).catch((e: unknown) => e)) as NodeOperationError;
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('unterminated quote');
		expect(error.context).toMatchObject({ itemIndex: 1, code: 'SPAAZA_CSV_SYNTAX' });
	});

	it('passes a cancellation through unchanged, even under continueOnFail', async () => {
		const controller = new AbortController();
		controller.abort();
		const cancelled = new Error('The execution was cancelled');
		await expect(
			runPerItem(context(2, { continueOnFail: true, signal: controller.signal }), async () => {
				throw cancelled;
			}),
		).rejects.toBe(cancelled);
	});

	it('runs items concurrently up to the limit and keeps the output order', async () => {
		let active = 0;
		let peak = 0;
		const out = await runPerItem(
			context(40),
			async (item) => {
				active++;
				peak = Math.max(peak, active);
				await tick(((item.json.n as number) * 13) % 5);
				active--;
				return { n: item.json.n };
			},
			{ concurrency: 6 },
		);
		expect(peak).toBe(6);
		expect(out.map((o) => o.json.n)).toEqual(Array.from({ length: 40 }, (_, i) => i));
		expect(out.map((o) => o.pairedItem)).toEqual(
			Array.from({ length: 40 }, (_, i) => ({ item: i })),
		);
	});
});
