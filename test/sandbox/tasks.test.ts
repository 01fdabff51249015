import { type Sandbox, startSandbox } from '../../sandbox';
import { adminHeaders, call, exportTaskBody, tokenHeaders } from './sandboxClient';

const START = Date.parse('2026-05-26T12:00:00Z');

describe('sandbox Tasks API (docs/spaaza-api.md §5)', () => {
	let sandbox: Sandbox;
	let clock = START;
	let token: Record<string, string>;
	const exportTask = (target?: Record<string, unknown>, trigger?: Record<string, unknown>) =>
		exportTaskBody(new Date(clock).toISOString(), target, trigger);
	const createTask = (body: unknown) =>
		call(`${sandbox.servicesUrl}/tasks`, { headers: token, json: body });
	const getTask = (id: number, query = '') =>
		call(`${sandbox.servicesUrl}/tasks/${id}${query}`, { headers: token });
	const downloadUrl = (id: number) =>
		call(`${sandbox.servicesUrl}/tasks/${id}/download_url`, { headers: token });

	beforeAll(async () => {
		sandbox = await startSandbox({
			now: () => clock,
			taskRunMs: 1000,
			downloadUrlTtlSeconds: 3600,
		});
	});
	afterAll(() => sandbox.close());
	beforeEach(async () => {
		sandbox.reset();
		clock = START;
		token = tokenHeaders(sandbox);
		const admin = await adminHeaders(sandbox);
		for (const [code, price] of [
			['P2', '20.00'],
			['P1', '10.00'],
		]) {
			await call(`${sandbox.apiUrl}/internal/add-product`, {
				headers: admin,
				form: { chain_id: '1764', owner_code: code, name: `Product "${code}", the best`, price },
			});
		}
		await call(`${sandbox.apiUrl}/internal/add-product-variant`, {
			headers: admin,
			json: {
				chain_id: 1764,
				product_owner_code: 'P1',
				owner_code: 'V1',
				barcodes: ['0001', '0002'],
			},
		});
	});

	it('moves a task READY → INPROGRESS → DONE over time and lists it', async () => {
		const created = await createTask(exportTask({}, { once: '2026-05-26T12:10:00Z' }));
		expect(created.status).toBe(200);
		expect(created.body).toMatchObject({
			id: expect.any(Number),
			chain: 1764,
			desc: 'Full product export',
			state: { code: 'READY', last_run_date: null, created_date: '2026-05-26T12:00:00Z' },
			target: { action: 'export', export_index: 'products', export_format: 'csv' },
			trigger: { once: '2026-05-26T12:10:00Z' },
			debug: '',
		});
		const id = created.body.id;
		clock = Date.parse('2026-05-26T12:10:00.500Z');
		expect((await getTask(id)).body.state).toMatchObject({
			code: 'INPROGRESS',
			last_run_date: '2026-05-26T12:10:00Z',
		});
		clock += 600;
		const done = (await getTask(id)).body;
		expect(done.state.code).toBe('DONE');
		expect(done.logs.map((entry: { message: string }) => entry.message).join('\n')).toContain(
			'2 rows written to Product_Export-',
		);
		const list = await call(`${sandbox.servicesUrl}/tasks?status=DONE&action=export`, {
			headers: token,
		});
		expect(Array.isArray(list.body)).toBe(true);
		expect(list.body.map((task: { id: number }) => task.id)).toEqual([id]);
		expect(
			(await call(`${sandbox.servicesUrl}/tasks?status=READY`, { headers: token })).body,
		).toEqual([]);
		expect(
			(await call(`${sandbox.servicesUrl}/tasks?status=DONE&campaign_id=7`, { headers: token }))
				.body,
		).toEqual([]);
		expect(
			(await call(`${sandbox.servicesUrl}/tasks?status=FINISHED`, { headers: token })).status,
		).toBe(400);
	});

	it('pages task lists with limit and offset, newest first', async () => {
		const ids: number[] = [];
		for (let i = 0; i < 3; i++) ids.push((await createTask(exportTask())).body.id);
		const page = await call(`${sandbox.servicesUrl}/tasks?limit=2&offset=1`, { headers: token });
		expect(page.body.map((task: { id: number }) => task.id)).toEqual([ids[1], ids[0]]);
	});

	it('lists a new task only taskListDelayMs after its creation when told to lag', async () => {
		sandbox.setFaults({ taskListDelayMs: 3_000 });
		const { id } = (await createTask(exportTask())).body;
		const listed = async () =>
			(await call(`${sandbox.servicesUrl}/tasks`, { headers: token })).body.map(
				(task: { id: number }) => task.id,
			);
		expect(await listed()).toEqual([]);
		// Found by id at once: only the list lags.
		expect((await getTask(id)).status).toBe(200);
		clock += 2_999;
		expect(await listed()).toEqual([]);
		clock += 1;
		expect(await listed()).toEqual([id]);
	});

	it('pages the log entries of one task with log_limit and offset', async () => {
		const id = (await createTask(exportTask())).body.id;
		clock += 2000;
		const all = (await getTask(id)).body.logs;
		expect(all.length).toBe(3);
		expect(all[0]).toEqual({
			timestamp: expect.any(String),
			level: 'info',
			message: expect.any(String),
		});
		expect((await getTask(id, '?log_limit=1&offset=1')).body.logs).toEqual([all[1]]);
	});

	it('serves the products export as CSV from a pre-signed URL needing no headers', async () => {
		const id = (await createTask(exportTask())).body.id;
		expect((await downloadUrl(id)).body.error).toMatchObject({
			code: 306,
			name: 'task_download_not_available',
		});
		clock += 1500;
		const { url } = (await downloadUrl(id)).body;
		expect(url).toMatch(
			new RegExp(
				`^${sandbox.baseUrl}/storage/.+/Product_Export-${id}\\.csv\\?expires=\\d+&signature=[0-9a-f]{64}$`,
			),
		);
		const file = await fetch(url);
		expect(file.status).toBe(200);
		expect(file.headers.get('content-type')).toContain('text/csv');
		const lines = (await file.text()).trimEnd().split('\n');
		expect(lines[0]).toBe(
			'id,owner_code,name,description,brand,manufacturer,season,category,price,cost_price,web_url,image_url,is_promotional,private_label,unit,created_date,last_modified_date',
		);
		expect(lines.slice(1).map((line) => line.split(',')[1])).toEqual(['P2', 'P1']);
		expect(lines[1]).toContain('"Product ""P2"", the best"');
		expect(sandbox.storageRequests()).toEqual([
			expect.objectContaining({
				status: 200,
				authorization: false,
				spaazaHeaders: [],
				path: new URL(url).pathname,
			}),
		]);
	});

	it('records the headers a storage download carried', async () => {
		const id = (await createTask(exportTask())).body.id;
		clock += 1500;
		const { url } = (await downloadUrl(id)).body;
		await fetch(url, { headers: { ...token, 'X-Spaaza-Session-Key': 'leak' } });
		expect(sandbox.storageRequests()[0]).toMatchObject({
			authorization: true,
			spaazaHeaders: ['x-spaaza-session-key'],
		});
		expect(sandbox.storageRequests()[0].headerNames).toContain('authorization');
	});

	it('exports product variants as JSON with the parent owner code and barcodes', async () => {
		const id = (
			await createTask(exportTask({ export_index: 'product-variants', export_format: 'json' }))
		).body.id;
		clock += 1500;
		const { url } = (await downloadUrl(id)).body;
		expect(url).toContain(`/Product_Variant_Export-${id}.json?`);
		const rows = await (await fetch(url)).json();
		expect(rows).toEqual([
			expect.objectContaining({
				owner_code: 'V1',
				product_owner_code: 'P1',
				barcodes: ['0001', '0002'],
			}),
		]);
	});

	it('joins variant barcodes with | in CSV exports', async () => {
		const id = (await createTask(exportTask({ export_index: 'product-variants' }))).body.id;
		clock += 1500;
		const text = await (await fetch((await downloadUrl(id)).body.url)).text();
		expect(text.split('\n')[1]).toContain(',0001|0002,');
	});

	it.each([
		['users', 'User_Export'],
		['transactions', 'Transaction_Export'],
		['vouchers', 'Voucher_Export'],
		['wallet-ledger', 'Wallet_Export'],
	])('exports a fixed %s sample as %s', async (index, prefix) => {
		const id = (await createTask(exportTask({ export_index: index }))).body.id;
		clock += 1500;
		const { url } = (await downloadUrl(id)).body;
		expect(url).toContain(`/${prefix}-${id}.csv?`);
		expect((await (await fetch(url)).text()).trimEnd().split('\n').length).toBeGreaterThan(2);
	});

	it('expires download URLs after downloadUrlTtlSeconds with an S3-like 403', async () => {
		const id = (await createTask(exportTask())).body.id;
		clock += 1500;
		const { url } = (await downloadUrl(id)).body;
		clock += 3601 * 1000;
		const expired = await fetch(url);
		expect(expired.status).toBe(403);
		expect(await expired.text()).toContain('Request has expired');
		const fresh = (await downloadUrl(id)).body.url;
		expect((await fetch(fresh)).status).toBe(200);
		const signature = new URL(fresh).searchParams.get('signature')!;
		const tampered = await fetch(
			fresh.replace(signature, `${signature[0] === '0' ? '1' : '0'}${signature.slice(1)}`),
		);
		expect(tampered.status).toBe(403);
		expect(await tampered.text()).toContain('SignatureDoesNotMatch');
		expect((await fetch(fresh.split('?')[0])).status).toBe(403);
		expect(sandbox.storageRequests().map((request) => request.status)).toEqual([
			403, 200, 403, 403,
		]);
	});

	it('runs a task at once on execute and answers the final state object', async () => {
		const fast = await startSandbox({ taskRunMs: 50 });
		try {
			const headers = tokenHeaders(fast);
			const created = await call(`${fast.servicesUrl}/tasks`, {
				headers,
				json: { ...exportTask(), trigger: { once: '2099-01-01T00:00:00Z' } },
			});
			const state = await call(`${fast.servicesUrl}/tasks/${created.body.id}/execute`, {
				method: 'POST',
				headers,
			});
			expect(state.body).toEqual({
				code: 'DONE',
				last_run_date: expect.any(String),
				last_modified: expect.any(String),
				created_date: expect.any(String),
			});
			expect(
				(await call(`${fast.servicesUrl}/tasks/${created.body.id}/download_url`, { headers }))
					.status,
			).toBe(200);
			const missing = await call(`${fast.servicesUrl}/tasks/999999/execute`, {
				method: 'POST',
				headers,
			});
			expect([missing.status, missing.body.error.code, missing.body.error.name]).toEqual([
				404,
				305,
				'task_not_found',
			]);
		} finally {
			await fast.close();
		}
	});

	it('ends the next task in ERROR after failNextTasks, with a log line saying why', async () => {
		sandbox.failNextTasks(1);
		const failing = (await createTask(exportTask())).body.id;
		const fine = (await createTask(exportTask())).body.id;
		clock += 1500;
		const task = (await getTask(failing)).body;
		expect(task.state.code).toBe('ERROR');
		expect(task.logs.at(-1)).toMatchObject({
			level: 'error',
			message: expect.stringContaining('simulated failure'),
		});
		expect((await getTask(fine)).body.state.code).toBe('DONE');
		expect((await downloadUrl(failing)).body.error.code).toBe(306);
	});

	it('accepts an admin session with the chain header on every task endpoint', async () => {
		const admin = { ...(await adminHeaders(sandbox)), 'X-Spaaza-Session-Chain-Id': '1764' };
		const created = await call(`${sandbox.servicesUrl}/tasks`, {
			headers: admin,
			json: exportTask(),
		});
		clock += 1500;
		expect(
			(await call(`${sandbox.servicesUrl}/tasks/${created.body.id}`, { headers: admin })).body.state
				.code,
		).toBe('DONE');
		expect(
			(
				await call(`${sandbox.servicesUrl}/tasks/${created.body.id}/download_url`, {
					headers: admin,
				})
			).body.url,
		).toBeTruthy();
	});
});
