import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { SPAAZA_CODES, SpaazaError, SpaazaFileSetError } from '../../../nodes/core/errors';
import { runOnce, runPerItem } from '../../../nodes/shell/itemLoop';
import { workflowNode } from '../../harness/workflowNode';

const node = workflowNode('n8n-nodes-spaaza.spaazaUpsertProduct', 'Spaaza Upsert Product');

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
});

describe('runOnce', () => {
	it('pairs output items the work left unpaired with every input item', async () => {
		const out = await runOnce(context(3), async () => [
			[{ json: { file: 'productlist.csv' } }],
			[{ json: { row: 1 }, pairedItem: { item: 2 } }],
		]);
		expect(out).toEqual([
			[{ json: { file: 'productlist.csv' }, pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }] }],
			[{ json: { row: 1 }, pairedItem: { item: 2 } }],
		]);
	});

	it('puts a failure on the error output under continueOnFail, paired with the item it names', async () => {
		const failure = new SpaazaError(SPAAZA_CODES.INVALID_VALUE, 'price is not a number', {
			itemIndex: 1,
			file: 'productlist_20251024_100000.csv',
			line: 4,
		});
		const out = await runOnce(
			context(3, { continueOnFail: true }),
			async () => {
				throw failure;
			},
			{ outputs: 3, errorOutput: 2 },
		);
		expect(out).toEqual([
			[],
			[],
			[
				{
					json: {
						error: 'price is not a number',
						code: 'SPAAZA_INVALID_VALUE',
						file: 'productlist_20251024_100000.csv',
						line: 4,
					},
					pairedItem: { item: 1 },
				},
			],
		]);
	});

	it('pairs the error item with every input item when asked (one output made from all)', async () => {
		const out = await runOnce(
			context(2, { continueOnFail: true }),
			async () => {
				throw new Error('disk full');
			},
			{ failurePairedWith: 'all' },
		);
		expect(out).toEqual([
			[{ json: { error: 'disk full' }, pairedItem: [{ item: 0 }, { item: 1 }] }],
		]);
	});

	it('throws the n8n error with the code, description and the item the failure names', async () => {
		const error = (await runOnce(context(3), async () => {
			throw new SpaazaError(SPAAZA_CODES.INVALID_VALUE, 'Chain ID must be a whole number', {
				itemIndex: 2,
				description: 'Set Chain ID to a whole number.',
			});
		}).catch((e: unknown) => e)) as NodeOperationError;
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.description).toBe(
			'Set Chain ID to a whole number. Error code: SPAAZA_INVALID_VALUE.',
		);
		expect(error.context).toMatchObject({ itemIndex: 2, code: 'SPAAZA_INVALID_VALUE' });
	});

	it.each([
		['the work succeeded', async () => [[{ json: {} }]]],
		[
			'the work failed into an error item',
			async () => {
				throw new Error('disk full');
			},
		],
	])(
		'a final check fails the run even under continueOnFail, shown as an n8n error (%s)',
		async (_case, work) => {
			const rejected = new SpaazaError(SPAAZA_CODES.ROWS_REJECTED, 'Parse rejected rows', {
				itemIndex: 0,
				description: 'Every problem is an item on the Errors output.',
			});
			const error = (await runOnce(context(2, { continueOnFail: true }), work, {
				finalCheck: () => {
					throw rejected;
				},
			}).catch((e: unknown) => e)) as NodeOperationError;
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toBe('Parse rejected rows');
			expect(error.description).toBe(
				'Every problem is an item on the Errors output. Error code: SPAAZA_ROWS_REJECTED.',
			);
			expect(error.context).toMatchObject({ itemIndex: 0, code: 'SPAAZA_ROWS_REJECTED' });
		},
	);
});

describe.each([
	['runPerItem', runPerItem],
	['runOnce', runOnce],
] as const)('%s', (_name, run) => {
	it('passes a cancellation through unchanged, even under continueOnFail', async () => {
		const controller = new AbortController();
		controller.abort();
		const cancelled = new Error('The execution was cancelled');
		await expect(
			run(context(2, { continueOnFail: true, signal: controller.signal }), async () => {
				throw cancelled;
			}),
		).rejects.toBe(cancelled);
	});
});
