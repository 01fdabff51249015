import { runWorkflow, startWorkflow, workflowFromNodes, type NodeSpec } from '.';

const trigger: NodeSpec = { type: 'test.manualTrigger' };
const items = (json: object[]): NodeSpec => ({
	type: 'test.items',
	name: 'Items',
	parameters: { items: JSON.stringify(json) },
});

describe('expressions', () => {
	it('evaluates per item, with $json and paired-item lookups, as n8n does', async () => {
		const result = await runWorkflow(
			workflowFromNodes(
				trigger,
				items([
					{ name: 'a', n: 1 },
					{ name: 'b', n: 2 },
				]),
				{
					type: 'test.fail',
					parameters: {
						fail: '={{ $json.n > 1 }}',
						message: "={{ 'bad ' + $json.name + ' after ' + $('Items').item.json.n * 10 }}",
					},
					settings: { onError: 'continueRegularOutput' },
				},
			),
		);

		expect(result.json('fail')).toEqual([{ name: 'a', n: 1 }, { error: 'bad b after 20' }]);
	});
});

describe('errors', () => {
	it('stops the workflow with the node’s error, naming node and item', async () => {
		const result = await runWorkflow(
			workflowFromNodes(
				trigger,
				items([{ n: 1 }, { n: 2 }]),
				{
					type: 'test.fail',
					name: 'Reject',
					parameters: { fail: '={{ $json.n === 2 }}', message: 'No twos' },
				},
				{ type: 'test.echo' },
			),
		);

		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({
			message: 'No twos',
			description: 'Item 1 was told to fail',
			nodeName: 'Reject',
			itemIndex: 1,
		});
		expect(result.nodeError('Reject')?.message).toBe('No twos');
		expect(result.runs('echo')).toEqual([]);
		expect(() => result.output('echo')).toThrow('Node "echo" did not run');
	});

	it('honours continueOnFail in the node (per-item error items)', async () => {
		const result = await runWorkflow(
			workflowFromNodes(
				trigger,
				items([{ n: 1 }, { n: 2 }]),
				{
					type: 'test.fail',
					parameters: { fail: '={{ $json.n === 2 }}', message: 'No twos' },
					settings: { continueOnFail: true },
				},
				{ type: 'test.echo' },
			),
		);

		expect(result.error).toBeUndefined();
		expect(result.json('echo')).toEqual([{ n: 1 }, { error: 'No twos' }]);
	});

	it('routes error items to the error output with onError: continueErrorOutput', async () => {
		const workflow = workflowFromNodes(trigger, items([{ n: 1 }, { n: 2 }]), {
			type: 'test.fail',
			parameters: { fail: '={{ $json.n === 2 }}', message: 'No twos' },
			settings: { onError: 'continueErrorOutput' },
		});
		const result = await runWorkflow(workflow);

		expect(result.json('fail', 0)).toEqual([{ n: 1 }]);
		// The engine merges the failed item's input json into its error item.
		expect(result.json('fail', 1)).toEqual([{ n: 2, error: 'No twos' }]);
	});

	it('passes the input on when a node throws and onError is continueRegularOutput', async () => {
		const result = await runWorkflow(
			workflowFromNodes(
				trigger,
				items([{ n: 1 }]),
				{
					type: 'test.fail',
					parameters: { throwAlways: true, message: 'Broken' },
					settings: { onError: 'continueRegularOutput' },
				},
				{ type: 'test.echo' },
			),
		);

		expect(result.error).toBeUndefined();
		expect(result.nodeError('fail')?.message).toBe('Broken');
		expect(result.json('echo')).toEqual([{ n: 1 }]);
	});

	it('refuses to run a workflow that uses a node type that is not loaded', async () => {
		const workflow = workflowFromNodes(trigger, { type: 'n8n-nodes-spaaza.noSuchNode' });
		await expect(runWorkflow(workflow)).rejects.toThrow(
			'Node type "n8n-nodes-spaaza.noSuchNode" is not listed in package.json\'s n8n.nodes',
		);
		await expect(runWorkflow(workflowFromNodes(trigger, { type: 'other.thing' }))).rejects.toThrow(
			'Unknown node type "other.thing"',
		);
	});
});

describe('cancellation', () => {
	const waiting = workflowFromNodes(
		trigger,
		{
			type: 'test.waitForCancel',
			parameters: { ms: 10_000 },
		},
		{ type: 'test.echo' },
	);

	it('cancelAfterMs stops a node sleeping on the execution’s cancel signal at once', async () => {
		const result = await runWorkflow(waiting, { cancelAfterMs: 300 });

		expect(result.cancelled).toBe(true);
		expect(result.status).toBe('canceled');
		expect(result.stopLatencyMs).toBeLessThan(500);
		expect(result.durationMs).toBeLessThan(1_500);
		expect(result.runs('echo')).toEqual([]);
	});

	it('a handle’s cancel() does the same', async () => {
		const handle = startWorkflow(waiting);
		setTimeout(() => handle.cancel(), 200);
		const result = await handle.result;

		expect(result.cancelled).toBe(true);
		expect(result.durationMs).toBeLessThan(1_500);
	});

	it('timeoutMs cancels a run that takes too long', async () => {
		const result = await runWorkflow(waiting, { timeoutMs: 300 });
		expect(result).toMatchObject({ cancelled: true, timedOut: true, status: 'canceled' });
	});
});

describe('workflow static data', () => {
	it('is returned after a run and can be passed into the next', async () => {
		const workflow = workflowFromNodes(trigger, { type: 'test.counter' });
		const first = await runWorkflow(workflow);
		const second = await runWorkflow(workflow, { staticData: first.staticData });

		expect(first.staticData).toEqual({ global: { runs: 1 } });
		expect(second.json('counter')).toEqual([{ runs: 2 }]);
		expect(second.staticData).toEqual({ global: { runs: 2 } });
	});
});

describe('execution mode', () => {
	it('runs as a production execution with mode: trigger (the trigger passes the start item on)', async () => {
		const result = await runWorkflow(workflowFromNodes(trigger, { type: 'test.echo' }), {
			mode: 'trigger',
		});

		expect(result.run.mode).toBe('trigger');
		expect(result.json('echo')).toEqual([{}]);
	});
});
