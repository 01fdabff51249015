import { executionOrder, nodeOutput, parseRunOutput } from '../../tools/n8n/runOutput';

const run = {
	data: {
		resultData: {
			runData: {
				Start: [
					{ startTime: 1, executionIndex: 0, executionTime: 1, data: { main: [[{ json: {} }]] } },
				],
				Parse: [
					{
						startTime: 2,
						executionIndex: 1,
						executionTime: 1,
						data: { main: [[{ json: { a: '{' } }], [], [{ json: { code: 'X' } }]] },
					},
				],
			},
		},
	},
	mode: 'cli',
	status: 'success',
};
const pretty = JSON.stringify(run, null, 2);

describe('parseRunOutput', () => {
	it.each([
		['the bare --rawOutput print', pretty],
		[
			'task-runner and license lines before it',
			`n8n Task Broker ready on 127.0.0.1, port 5679\n[license SDK] Skipping renewal\n${pretty}\n`,
		],
		[
			'the failure log, where the run sits between log lines',
			`Execution was NOT successful.\n====\n${pretty}\nError executing workflow {"a":1}\n`,
		],
	])('finds the run in %s', (_case, stdout) => {
		expect(parseRunOutput(stdout)).toEqual(run);
	});

	it('returns undefined when n8n printed no run', () => {
		expect(parseRunOutput('Failed to load package\n{\n  "not": "a run"\n}\n')).toBeUndefined();
	});

	it('reads node outputs and the execution order', () => {
		const parsed = parseRunOutput(pretty)!;
		expect(nodeOutput(parsed, 'Parse', 2)).toEqual([{ code: 'X' }]);
		expect(nodeOutput(parsed, 'Missing')).toEqual([]);
		expect(executionOrder(parsed)).toEqual(['Start', 'Parse']);
	});
});
