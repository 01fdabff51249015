import { formatTaskLogs, parseTaskId } from '../../../../nodes/spaaza/export/tasks';

describe('parseTaskId', () => {
	it.each([
		[12345, 12345],
		['12345', 12345],
		[' 7 ', 7],
		[0, undefined],
		[-3, undefined],
		[1.5, undefined],
		['12a', undefined],
		['', undefined],
		[undefined, undefined],
		[{ id: 1 }, undefined],
	])('%p -> %p', (input, expected) => {
		expect(parseTaskId(input)).toBe(expected);
	});
});

describe('formatTaskLogs', () => {
	it('reads strings, message objects and anything else', () => {
		expect(
			formatTaskLogs([
				'plain line',
				{
					timestamp: '2026-05-26T12:00:01Z',
					level: 'error',
					message: 'Segment rule 1: unknown field "colour"',
				},
				{ msg: 'short form' },
				{ code: 7 },
				42,
			]),
		).toEqual([
			'plain line',
			'2026-05-26T12:00:01Z ERROR Segment rule 1: unknown field "colour"',
			'short form',
			'{"code":7}',
			'42',
		]);
	});

	it('gives no lines for a missing log', () => {
		expect(formatTaskLogs(undefined)).toEqual([]);
		expect(formatTaskLogs('oops')).toEqual([]);
	});
});
