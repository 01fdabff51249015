import { type Sandbox, startSandbox } from '../../sandbox';
import { adminHeaders, call, tokenHeaders } from './sandboxClient';

/** The reads and deletes Spaaza Compare Catalogue and Spaaza Delete Record use (docs/spaaza-api.md §4, §4.1, §5). */
describe('sandbox catalogue reads and deletes', () => {
	let sandbox: Sandbox;
	let admin: Record<string, string>;
	const products = Array.from({ length: 3 }, (_, p) => ({
		owner_code: `P${p}`,
		name: `Product ${p}`,
		price: '10.50',
	}));
	const variants = Array.from({ length: 1200 }, (_, v) => ({
		product_owner_code: `P${v % 3}`,
		owner_code: `V${String(v).padStart(4, '0')}`,
		barcodes: [`0${v}`],
		price: '10.50',
	}));

	beforeAll(async () => {
		sandbox = await startSandbox({ taskRunMs: 0 });
	});
	afterAll(() => sandbox.close());
	beforeEach(async () => {
		sandbox.reset();
		admin = await adminHeaders(sandbox);
		sandbox.load({ products, variants });
	});

	it('lists every variant of the chain in pages of at most 500 with offset, once each', async () => {
		const page = (offset: number, limit = 500) =>
			call(
				`${sandbox.apiUrl}/internal/get-product-variants?chain_id=1764&offset=${offset}&limit=${limit}`,
				{ headers: admin },
			);
		const pages = [await page(0), await page(500), await page(1000)];
		expect(pages.map((answer) => answer.body.results.product_variants.length)).toEqual([
			500, 500, 200,
		]);
		const codes = pages.flatMap((answer) =>
			answer.body.results.product_variants.map((v: { owner_code: string }) => v.owner_code),
		);
		expect(new Set(codes).size).toBe(1200);
		expect(pages[0].body.results.product_variants[0]).toMatchObject({
			owner_code: 'V0000',
			product_id: expect.any(Number),
			price: 10.5,
			barcodes: [expect.objectContaining({ barcode: '00' })],
		});
		expect((await page(0, 501)).body.error).toMatchObject({ code: 300 });
		// A Bearer token is refused: get-product-variants is admin only (§1.5).
		const byToken = await call(`${sandbox.apiUrl}/internal/get-product-variants?chain_id=1764`, {
			headers: tokenHeaders(sandbox),
		});
		expect(byToken.body.error.code).toBe(68);
		expect(sandbox.stats().undocumentedParams).toEqual({});
	});

	it('deletes a product with all its variants, and a variant by id; an unknown id is 68', async () => {
		const id = sandbox.catalogue()[0].id;
		const product = await call(`${sandbox.apiUrl}/internal/get-product?chain_id=1764&id=${id}`, {
			headers: admin,
		});
		expect(product.body.results.product.variants).toHaveLength(400);
		const deleted = await call(`${sandbox.apiUrl}/internal/delete-product?id=${id}`, {
			method: 'DELETE',
			headers: admin,
		});
		expect(deleted.body.results.product).toMatchObject({ id, deleted: true });
		expect(sandbox.catalogue().map((p) => p.owner_code)).toEqual(['P1', 'P2']);
		const left = sandbox.catalogue().flatMap((p) => p.variants);
		expect(left).toHaveLength(800);
		const variant = await call(
			`${sandbox.apiUrl}/internal/delete-product-variant?id=${left[0].id}`,
			{ method: 'DELETE', headers: admin },
		);
		expect(variant.body.results.product_variant).toMatchObject({ id: left[0].id, deleted: true });
		const again = await call(`${sandbox.apiUrl}/internal/delete-product?id=${id}`, {
			method: 'DELETE',
			headers: admin,
		});
		expect([again.status, again.body.error.code]).toEqual([403, 68]);
		expect(sandbox.stats().undocumentedParams).toEqual({});
	});

	it('exports products with exactly the columns sandbox/README.md lists, and fewer when told to', async () => {
		const exportHeader = async (target: Sandbox) => {
			const token = tokenHeaders(target);
			const created = await call(`${target.servicesUrl}/tasks`, {
				headers: token,
				json: {
					chain: 1764,
					desc: 'columns',
					target: { action: 'export', export_index: 'products', export_format: 'csv' },
					trigger: { once: new Date().toISOString() },
				},
			});
			await call(`${target.servicesUrl}/tasks/${created.body.id}/execute`, {
				method: 'POST',
				headers: token,
			});
			const url = (
				await call(`${target.servicesUrl}/tasks/${created.body.id}/download_url`, {
					headers: token,
				})
			).body.url;
			const text = await (await fetch(url)).text();
			return text.split('\n', 1)[0];
		};
		expect(await exportHeader(sandbox)).toBe(
			'id,owner_code,name,description,brand,manufacturer,season,category,price,cost_price,web_url,image_url,is_promotional,private_label,unit,created_date,last_modified_date',
		);
		const narrow = await startSandbox({
			taskRunMs: 0,
			exportColumns: { products: ['id', 'owner_code', 'name'] },
		});
		try {
			narrow.load({ products });
			expect(await exportHeader(narrow)).toBe('id,owner_code,name');
		} finally {
			await narrow.close();
		}
	});

	it('loads records through the control surface as add-product would, refusing what it refuses', async () => {
		sandbox.reset();
		const loaded = await call(`${sandbox.baseUrl}/_sandbox/load`, {
			json: { products: [{ owner_code: 'L1', name: 'Loaded', price: '1.50' }] },
		});
		expect(loaded.body).toEqual({ ok: true, products: 1 });
		expect(sandbox.catalogue()).toEqual([
			expect.objectContaining({ owner_code: 'L1', price: 1.5 }),
		]);
		const refused = await call(`${sandbox.baseUrl}/_sandbox/load`, {
			json: { products: [{ owner_code: 'L2' }] },
		});
		expect(refused.status).toBe(400);
		expect(refused.text).toMatch(/name/);
		expect(sandbox.stats().requests).toEqual({});
	});
});
