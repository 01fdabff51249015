import { type Sandbox, startSandbox } from '../../sandbox';
import { call, exportTaskBody, tokenHeaders } from './sandboxClient';

describe('sandbox Tasks API: refused requests', () => {
	let sandbox: Sandbox;
	let token: Record<string, string>;
	const exportTask = (target?: Record<string, unknown>, trigger?: Record<string, unknown>) =>
		exportTaskBody('2026-05-26T12:00:00Z', target, trigger);
	const createTask = (body: unknown) =>
		call(`${sandbox.servicesUrl}/tasks`, { headers: token, json: body });

	beforeAll(async () => {
		sandbox = await startSandbox();
		token = tokenHeaders(sandbox);
	});
	afterAll(() => sandbox.close());
	beforeEach(() => sandbox.reset());

	it('answers unknown tasks with 404 / code 305, also for malformed ids', async () => {
		for (const id of ['424242', 'abc']) {
			const answer = await call(`${sandbox.servicesUrl}/tasks/${id}`, { headers: token });
			expect([answer.status, answer.body.error.code]).toEqual([404, 305]);
		}
	});

	it.each([
		['a non-object body', [1, 2], 'JSON object'],
		['a missing chain', { ...exportTask(), chain: undefined }, 'chain is required'],
		['a missing desc', { ...exportTask(), desc: undefined }, 'desc is required'],
		['an unknown action', exportTask({ action: 'import' }), 'target.action'],
		['an unknown index', exportTask({ export_index: 'orders' }), 'target.export_index'],
		['an unknown format', exportTask({ export_format: 'xlsx' }), 'target.export_format'],
		['a missing trigger.once', { ...exportTask(), trigger: {} }, 'trigger.once'],
		['a trigger.once that is not ISO 8601', exportTask({}, { once: 'tomorrow' }), 'trigger.once'],
		[
			'both segment and segment_id',
			exportTask({}, { segment: { join: 'all', rules: [] }, segment_id: 'x' }),
			'either',
		],
		[
			'a segment join other than all/any',
			exportTask({}, { segment: { join: 'some', rules: [] } }),
			'join',
		],
		[
			'a segment for another index',
			exportTask({}, { segment: { index: 'users', join: 'all', rules: [] } }),
			'index',
		],
		[
			'a rule without operator',
			exportTask({}, { segment: { join: 'all', rules: [{ field_name: 'name' }] } }),
			'rules[0].operator',
		],
		[
			'segment rules that are not an array',
			exportTask({}, { segment: { join: 'all', rules: {} } }),
			'rules must be an array',
		],
	])('rejects %s with 400 / code 307', async (_label, body, message) => {
		const answer = await createTask(body);
		expect([answer.status, answer.body.error.code, answer.body.error.name]).toEqual([
			400,
			307,
			'invalid_task_definition',
		]);
		expect(answer.body.error.description).toContain(message);
		expect(sandbox.tasks()).toEqual([]);
	});

	it('rejects a form-encoded task body and a task for another chain', async () => {
		const form = await call(`${sandbox.servicesUrl}/tasks`, {
			headers: token,
			form: { chain: '1764' },
		});
		expect([form.status, form.body.error.code]).toEqual([400, 307]);
		const otherChain = await createTask({ ...exportTask(), chain: 99 });
		expect([otherChain.status, otherChain.body.error.code]).toEqual([403, 68]);
	});
});
