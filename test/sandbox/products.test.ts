import { useSandbox } from '../support/sandbox';
import { adminHeaders, call } from './sandboxClient';

describe('sandbox products (docs/spaaza-api.md §2, §4)', () => {
	let admin: Record<string, string>;
	const sandbox = useSandbox({
		prepare: async (started) => void (admin = await adminHeaders(started)),
	});
	const addProduct = (form: Record<string, string>) =>
		call(`${sandbox.apiUrl}/internal/add-product`, {
			headers: admin,
			form: { chain_id: '1764', ...form },
		});

	it('creates a product from a Postman-style form body with string numbers and booleans', async () => {
		const answer = await addProduct({
			name: "Men's Merino Aran Jumper",
			owner_code: '00024003',
			price: '99.95',
			cost_price: '79.95',
			is_promotional: 'false',
			private_label: '1',
			category: 'sweater > Aran > mens',
			unit: 'item',
		});
		expect(answer.status).toBe(200);
		expect(answer.body.result).toEqual({ code: 1, status: 'ok' });
		expect(answer.body.results.result_type).toBe('add-product');
		expect(answer.body.results.product).toMatchObject({
			id: expect.any(Number),
			owner_code: '00024003',
			name: "Men's Merino Aran Jumper",
			price: 99.95,
			cost_price: 79.95,
			is_promotional: false,
			private_label: true,
			category: 'sweater > Aran > mens',
			unit: 'item',
			brand: null,
			deleted: false,
			entity: { entity_type: 'chain', entity_id: 1764 },
		});
		expect(answer.body.results.product.created_date).toMatch(
			/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/,
		);
		expect(sandbox.catalogue()).toHaveLength(1);
	});

	it('creates from a JSON body with real numbers and booleans', async () => {
		const answer = await call(`${sandbox.apiUrl}/internal/add-product`, {
			headers: admin,
			json: { chain_id: 1764, owner_code: 'J1', name: 'Json', price: 12.5, is_promotional: true },
		});
		expect(answer.body.results.product).toMatchObject({ price: 12.5, is_promotional: true });
	});

	it.each([
		['chain_id', { owner_code: 'P', name: 'N' }, 'chain_id'],
		['owner_code', { name: 'N' }, 'owner_code'],
		['name on create', { owner_code: 'P' }, 'name'],
	])('answers a missing %s with code 52 http_vars_missing', async (_label, form, parameter) => {
		const body = parameter === 'chain_id' ? form : { chain_id: '1764', ...form };
		const answer = await call(`${sandbox.apiUrl}/internal/add-product`, {
			headers: admin,
			form: body,
		});
		expect([answer.status, answer.body.error.code, answer.body.error.name]).toEqual([
			400,
			52,
			'http_vars_missing',
		]);
		expect(answer.body.error.description).toContain(parameter);
	});

	it.each([
		['owner_code over 64 characters', { owner_code: 'x'.repeat(65), name: 'N' }, 'owner_code'],
		['name over 255 characters', { owner_code: 'P', name: 'x'.repeat(256) }, 'name'],
		[
			'category over 1024 characters',
			{ owner_code: 'P', name: 'N', category: 'x'.repeat(1025) },
			'category',
		],
		['price with a decimal comma', { owner_code: 'P', name: 'N', price: '1,50' }, 'price'],
		['negative cost_price', { owner_code: 'P', name: 'N', cost_price: '-1' }, 'cost_price'],
		[
			'is_promotional that is not a boolean',
			{ owner_code: 'P', name: 'N', is_promotional: 'yes' },
			'is_promotional',
		],
		['non-integer chain_id', { chain_id: 'abc', owner_code: 'P', name: 'N' }, 'chain_id'],
	])('answers %s with code 300 invalid_parameter_value', async (_label, form, parameter) => {
		const answer = await addProduct(form);
		expect([answer.status, answer.body.error.code, answer.body.error.name]).toEqual([
			400,
			300,
			'invalid_parameter_value',
		]);
		expect(answer.body.error.description).toContain(parameter);
		expect(sandbox.catalogue()).toHaveLength(0);
	});

	it('refuses an existing owner_code without update_if_exists (code 301)', async () => {
		await addProduct({ owner_code: 'P1', name: 'First' });
		for (const flag of [{}, { update_if_exists: 'false' }] as Array<Record<string, string>>) {
			const answer = await addProduct({ owner_code: 'P1', name: 'Second', ...flag });
			expect([answer.status, answer.body.error.code, answer.body.error.name]).toEqual([
				400,
				301,
				'product_owner_code_exists',
			]);
		}
		expect(sandbox.catalogue()[0].name).toBe('First');
	});

	it('updates only the provided fields with update_if_exists=true, matched by owner_code', async () => {
		const created = await addProduct({
			owner_code: 'P1',
			name: 'First',
			brand: 'Acme',
			price: '10.00',
		});
		const id = created.body.results.product.id;
		const byCode = await addProduct({
			owner_code: 'P1',
			name: 'Renamed',
			price: '12.00',
			update_if_exists: 'true',
		});
		expect(byCode.body.results.product).toMatchObject({
			id,
			name: 'Renamed',
			brand: 'Acme',
			price: 12,
		});
		const withoutFlag = await addProduct({ owner_code: 'P1', name: 'Again' });
		expect([withoutFlag.status, withoutFlag.body.error.code]).toEqual([400, 301]);
		expect(sandbox.stats().writes.products).toEqual({ P1: { created: 1, updated: 1 } });
	});

	it('needs owner_code and name on every call, updates included (code 52), as documented', async () => {
		await addProduct({ owner_code: 'P1', name: 'First' });
		const id = String(sandbox.catalogue()[0].id);
		const cases: Record<string, string>[] = [
			{ owner_code: 'P1', price: '12.00', update_if_exists: 'true' },
			{ name: 'Renamed', update_if_exists: 'true' },
			// add-product has no id parameter: an id does not stand in for the owner code.
			{ id, name: 'Renamed', update_if_exists: 'true' },
		];
		for (const params of cases) {
			const answer = await addProduct(params);
			expect({ params, status: answer.status, code: answer.body.error?.code }).toEqual({
				params,
				status: 400,
				code: 52,
			});
		}
		expect(sandbox.catalogue()[0]).toMatchObject({ owner_code: 'P1', name: 'First', price: null });
		expect(sandbox.stats().writes.products).toEqual({ P1: { created: 1, updated: 0 } });
	});

	it('ignores parameters add-product does not document, and counts them', async () => {
		const answer = await addProduct({ owner_code: 'P1', name: 'First', id: '5', colour: 'red' });
		expect(answer.status).toBe(200);
		expect(answer.body.results.product.id).not.toBe(5);
		expect(sandbox.catalogue()[0]).not.toHaveProperty('colour');
		expect(sandbox.stats().undocumentedParams).toEqual({
			'POST /api/internal/add-product': { id: 1, colour: 1 },
		});
	});

	it('creates a new product for an unknown owner_code even with update_if_exists=true', async () => {
		const answer = await addProduct({ owner_code: 'NEW', name: 'New', update_if_exists: 'true' });
		expect(answer.status).toBe(200);
		expect(sandbox.stats().writes.products.NEW).toEqual({ created: 1, updated: 0 });
	});

	it('gets a product with its variants, and answers an unknown id with code 68', async () => {
		const product = (await addProduct({ owner_code: 'P1', name: 'First' })).body.results.product;
		await call(`${sandbox.apiUrl}/internal/add-product-variant`, {
			headers: admin,
			form: {
				chain_id: '1764',
				product_id: String(product.id),
				owner_code: 'V1',
				barcodes: '111,222',
			},
		});
		const got = await call(
			`${sandbox.apiUrl}/internal/get-product?chain_id=1764&id=${product.id}`,
			{ headers: admin },
		);
		expect(got.body.results.result_type).toBe('get-product');
		expect(got.body.results.product).toMatchObject({ id: product.id, owner_code: 'P1' });
		expect(got.body.results.product.variants).toHaveLength(1);
		expect(
			got.body.results.product.variants[0].barcodes.map((b: { barcode: string }) => b.barcode),
		).toEqual(['111', '222']);
		const missing = await call(`${sandbox.apiUrl}/internal/get-product?chain_id=1764&id=999`, {
			headers: admin,
		});
		expect([missing.status, missing.body.error.code]).toEqual([403, 68]);
		const noId = await call(`${sandbox.apiUrl}/internal/get-product?chain_id=1764`, {
			headers: admin,
		});
		expect(noId.body.error.code).toBe(52);
	});

	it('deletes a product with its variants and barcodes (id in the query or the body)', async () => {
		const first = (await addProduct({ owner_code: 'P1', name: 'First' })).body.results.product;
		await call(`${sandbox.apiUrl}/internal/add-product-variant`, {
			headers: admin,
			form: { chain_id: '1764', product_id: String(first.id), owner_code: 'V1', barcodes: '111' },
		});
		const deleted = await call(`${sandbox.apiUrl}/internal/delete-product?id=${first.id}`, {
			method: 'DELETE',
			headers: admin,
		});
		expect(deleted.body.results).toMatchObject({
			result_type: 'delete-product',
			product: { id: first.id, deleted: true },
		});
		expect(sandbox.catalogue()).toEqual([]);
		const second = (await addProduct({ owner_code: 'P2', name: 'Second' })).body.results.product;
		const byBody = await call(`${sandbox.apiUrl}/internal/delete-product`, {
			method: 'DELETE',
			headers: admin,
			form: { id: String(second.id) },
		});
		expect(byBody.body.results.product.deleted).toBe(true);
		const again = await call(`${sandbox.apiUrl}/internal/delete-product?id=${second.id}`, {
			method: 'DELETE',
			headers: admin,
		});
		expect([again.status, again.body.error.code]).toEqual([403, 68]);
		const noId = await call(`${sandbox.apiUrl}/internal/delete-product`, {
			method: 'DELETE',
			headers: admin,
		});
		expect(noId.body.error.code).toBe(52);
		// The barcode of the deleted variant is free again.
		const reuse = await call(`${sandbox.apiUrl}/internal/add-product-variant`, {
			headers: admin,
			form: {
				chain_id: '1764',
				product_id: String(
					(await addProduct({ owner_code: 'P3', name: 'T' })).body.results.product.id,
				),
				barcodes: '111',
			},
		});
		expect(reuse.status).toBe(200);
	});

	it('answers unknown endpoints and unparsable JSON with clear errors', async () => {
		const unknown = await call(`${sandbox.apiUrl}/internal/add-products`, {
			headers: admin,
			form: { chain_id: '1764' },
		});
		expect([unknown.status, unknown.body.error.code, unknown.body.error.name]).toEqual([
			404,
			308,
			'unknown_endpoint',
		]);
		const response = await fetch(`${sandbox.apiUrl}/internal/add-product`, {
			method: 'POST',
			headers: { ...admin, 'content-type': 'application/json' },
			body: '{"chain_id": 1764,',
		});
		const body = (await response.json()) as { error: { code: number; name: string } };
		expect([response.status, body.error.code, body.error.name]).toEqual([
			400,
			313,
			'invalid_request_body',
		]);
	});
});
