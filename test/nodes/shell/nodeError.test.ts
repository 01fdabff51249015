import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { SPAAZA_CODES, SpaazaError } from '../../../nodes/core/errors';
import { runOnce } from '../../../nodes/shell/itemLoop';
import { atItem, readError, toNodeError, withAdvice } from '../../../nodes/shell/nodeError';
import { fakeContext } from '../spaaza/upsert/fakeContext';

const node = fakeContext({ items: [] }).ctx.getNode();

/** A refusal by Spaaza, as pure code throws it and as the item loop shows it. */
const refusal = () =>
	new SpaazaError(SPAAZA_CODES.API_ERROR, 'Spaaza refused task 12', {
		api: true,
		httpStatus: 400,
		spaazaErrorCode: 52,
		description: 'Check the filter.',
	});

describe('readError: one reading of both error shapes', () => {
	it('reads a SpaazaError and the n8n error made of it the same way', () => {
		const raw = readError(refusal());
		const shown = readError(toNodeError(node, refusal()));
		expect(raw).toEqual({
			code: 'SPAAZA_API_ERROR',
			message: 'Spaaza refused task 12',
			description: 'Check the filter. Error code: SPAAZA_API_ERROR.',
			facts: expect.objectContaining({ httpStatus: 400, spaazaErrorCode: 52 }),
			api: true,
		});
		expect(shown).toMatchObject({
			code: raw.code,
			message: raw.message,
			description: raw.description,
			facts: expect.objectContaining({ httpStatus: 400, spaazaErrorCode: 52 }),
			api: true,
		});
	});

	it('calls an error Spaaza did not answer not an API error, in either shape', () => {
		const input = new SpaazaError(SPAAZA_CODES.INVALID_VALUE, 'bad id', { itemIndex: 2 });
		expect(readError(input)).toMatchObject({ api: false, facts: { itemIndex: 2 } });
		expect(readError(toNodeError(node, input))).toMatchObject({ api: false });
		expect(readError(new Error('plain'))).toMatchObject({ message: 'plain', api: false });
	});
});

describe('withAdvice', () => {
	const advice = 'Look for a task whose description contains "n8n-abc" before running this again.';

	it('adds the advice to a SpaazaError, which the item loop then shows with its code', () => {
		const shown = toNodeError(node, withAdvice(refusal(), advice));
		expect(shown).toBeInstanceOf(NodeApiError);
		expect(shown.description).toBe(`Check the filter. ${advice} Error code: SPAAZA_API_ERROR.`);
	});

	it('adds the advice to an n8n error already shown', () => {
		const shown = toNodeError(node, refusal());
		expect(withAdvice(shown, advice)).toBe(shown);
		expect(shown.description).toBe(`Check the filter. Error code: SPAAZA_API_ERROR. ${advice}`);
	});
});

describe('atItem: the item a failure in a whole-run work concerns', () => {
	const ctx = fakeContext({ items: [{ json: {} }, { json: {} }, { json: {} }] }).ctx;
	const shownBy = async (error: Error) =>
		(await runOnce(ctx, async () => {
			throw atItem(error, 2);
		}).catch((e: unknown) => e)) as NodeOperationError;

	it.each([
		['a SpaazaError', () => new SpaazaError(SPAAZA_CODES.INVALID_VALUE, 'bad value')],
		['an n8n error', () => new NodeOperationError(node, 'bad expression')],
		['any other error', () => new TypeError('x is undefined')],
	])('reaches the item loop naming that item: %s', async (_shape, make) => {
		const error = await shownBy(make());
		expect(error.context.itemIndex).toBe(2);
	});

	it('keeps the item an error names already', async () => {
		const named = new SpaazaError(SPAAZA_CODES.INVALID_VALUE, 'bad value', { itemIndex: 1 });
		expect((await shownBy(named)).context.itemIndex).toBe(1);
	});
});
