import type { Sandbox } from '../../sandbox';
import { useSandbox } from '../support/sandbox';
import { adminHeaders, call } from './sandboxClient';

describe('sandbox product variants and barcodes (docs/spaaza-api.md §3, §4)', () => {
	let admin: Record<string, string>;
	let productId: number;
	// Each test starts with the admin logged in and one product, P1, to hang variants on.
	const sandbox = useSandbox({
		prepare: async (started: Sandbox) => {
			admin = await adminHeaders(started);
			const product = await call(`${started.apiUrl}/internal/add-product`, {
				headers: admin,
				form: { chain_id: '1764', owner_code: 'P1', name: 'Jumper', price: '99.95' },
			});
			productId = product.body.results.product.id;
		},
	});
	const addVariant = (body: Record<string, unknown>, asJson = true) =>
		asJson
			? call(`${sandbox.apiUrl}/internal/add-product-variant`, {
					headers: admin,
					json: { chain_id: 1764, ...body },
				})
			: call(`${sandbox.apiUrl}/internal/add-product-variant`, {
					headers: admin,
					form: { chain_id: '1764', ...(body as Record<string, string>) },
				});
	const del = (endpoint: string, id: string) =>
		call(`${sandbox.apiUrl}/internal/${endpoint}?id=${encodeURIComponent(id)}`, {
			method: 'DELETE',
			headers: admin,
		});

	it('creates a variant by product_owner_code with a comma-separated barcode string (form body)', async () => {
		const answer = await addVariant(
			{
				product_owner_code: 'P1',
				owner_code: 'V1',
				size: 'S',
				colour: 'navy',
				price: '99.95',
				barcodes: '2000042436019,2000042436018',
			},
			false,
		);
		expect(answer.status).toBe(200);
		expect(answer.body.results.result_type).toBe('add-product-variant');
		const variant = answer.body.results.product_variant;
		expect(variant).toMatchObject({
			product_id: productId,
			owner_code: 'V1',
			size: 'S',
			colour: 'navy',
			price: 99.95,
			deleted: false,
		});
		expect(variant.barcodes).toEqual([
			expect.objectContaining({
				barcode: '2000042436019',
				deleted: false,
				product_variant_id: variant.id,
				id: expect.any(Number),
			}),
			expect.objectContaining({ barcode: '2000042436018' }),
		]);
	});

	it('creates a variant by product_id with a JSON barcode array, keeping leading zeros', async () => {
		const answer = await addVariant({
			product_id: productId,
			owner_code: 'V1',
			barcodes: ['000123', '0000000000000042'],
		});
		expect(sandbox.catalogue()[0].variants[0].barcodes).toEqual(['000123', '0000000000000042']);
		expect(answer.body.results.product_variant.barcodes).toHaveLength(2);
	});

	it('answers a missing or unknown parent product', async () => {
		const none = await addVariant({ owner_code: 'V1', barcodes: ['1'] });
		expect([none.status, none.body.error.code]).toEqual([400, 52]);
		expect(none.body.error.description).toContain('product_id or product_owner_code');
		const unknown = await addVariant({
			product_owner_code: 'NOPE',
			owner_code: 'V1',
			barcodes: ['1'],
		});
		expect([unknown.status, unknown.body.error.code, unknown.body.error.name]).toEqual([
			403,
			68,
			'permission_denied_or_non_existent',
		]);
		expect(unknown.body.error.description).toContain('"NOPE"');
	});

	it('requires barcodes on create (code 52)', async () => {
		for (const barcodes of [undefined, [], '']) {
			const answer = await addVariant({ product_id: productId, owner_code: 'V1', barcodes });
			expect(answer.body.error).toMatchObject({ code: 52, name: 'http_vars_missing' });
		}
	});

	it('validates variant fields (code 300)', async () => {
		const longCode = await addVariant({
			product_id: productId,
			owner_code: 'x'.repeat(256),
			barcodes: ['1'],
		});
		expect(longCode.body.error.code).toBe(300);
		const badPrice = await addVariant({
			product_id: productId,
			owner_code: 'V',
			price: 'ten',
			barcodes: ['1'],
		});
		expect(badPrice.body.error.code).toBe(300);
		const badBarcode = await addVariant({
			product_id: productId,
			owner_code: 'V',
			barcodes: [{ code: 1 }],
		});
		expect(badBarcode.body.error.code).toBe(300);
	});

	it('keeps barcodes unique per chain and names the barcode in use (code 303)', async () => {
		await addVariant({ product_id: productId, owner_code: 'V1', barcodes: ['111', '222'] });
		const clash = await addVariant({
			product_id: productId,
			owner_code: 'V2',
			barcodes: ['333', '222'],
		});
		expect([clash.status, clash.body.error.code, clash.body.error.name]).toEqual([
			400,
			303,
			'barcode_already_in_use',
		]);
		expect(clash.body.error.description).toContain('222');
		expect(clash.body.error.description).toContain('"V1"');
		expect(sandbox.catalogue()[0].variants).toHaveLength(1);
	});

	it('refuses an existing variant without update_if_exists (code 302)', async () => {
		const first = await addVariant({ product_id: productId, owner_code: 'V1', barcodes: ['111'] });
		const byCode = await addVariant({ product_id: productId, owner_code: 'V1', barcodes: ['999'] });
		expect([byCode.status, byCode.body.error.code, byCode.body.error.name]).toEqual([
			400,
			302,
			'product_variant_owner_code_exists',
		]);
		const byId = await addVariant({
			product_id: productId,
			id: first.body.results.product_variant.id,
			size: 'L',
		});
		expect(byId.body.error.code).toBe(302);
		const unknownId = await addVariant({ product_id: productId, id: 999, update_if_exists: true });
		expect(unknownId.body.error.code).toBe(68);
	});

	it('updates with update_if_exists=true: partial fields, barcodes replaced, freed barcodes reusable', async () => {
		const first = (
			await addVariant({
				product_id: productId,
				owner_code: 'V1',
				size: 'S',
				colour: 'navy',
				barcodes: ['111', '222'],
			})
		).body.results.product_variant;
		const updated = await addVariant(
			{
				product_owner_code: 'P1',
				owner_code: 'V1',
				size: 'M',
				barcodes: '222,333',
				update_if_exists: 'true',
			},
			false,
		);
		const variant = updated.body.results.product_variant;
		expect(variant).toMatchObject({ id: first.id, size: 'M', colour: 'navy' });
		expect(variant.barcodes.map((b: { barcode: string }) => b.barcode)).toEqual(['222', '333']);
		expect(variant.barcodes[0].id).toBe(first.barcodes[1].id);
		const keepBarcodes = await addVariant({
			product_id: productId,
			id: first.id,
			name: 'Navy S',
			update_if_exists: true,
		});
		expect(keepBarcodes.body.results.product_variant.barcodes).toHaveLength(2);
		const reuse = await addVariant({ product_id: productId, owner_code: 'V2', barcodes: ['111'] });
		expect(reuse.status).toBe(200);
		expect(sandbox.stats().writes.variants).toEqual({
			V1: { created: 1, updated: 2 },
			V2: { created: 1, updated: 0 },
		});
	});

	it('reads PHP-style barcodes[] form fields, and never wipes barcodes with an empty field', async () => {
		const body = new URLSearchParams([
			['chain_id', '1764'],
			['product_id', String(productId)],
			['owner_code', 'V1'],
			['barcodes[]', '111'],
			['barcodes[]', '222'],
		]);
		const created = await fetch(`${sandbox.apiUrl}/internal/add-product-variant`, {
			method: 'POST',
			headers: admin,
			body,
		});
		expect(created.status).toBe(200);
		await addVariant(
			{
				product_id: String(productId),
				owner_code: 'V1',
				size: 'L',
				barcodes: '',
				update_if_exists: 'true',
			},
			false,
		);
		expect(sandbox.catalogue()[0].variants[0]).toMatchObject({
			size: 'L',
			barcodes: ['111', '222'],
		});
	});

	it('looks variants up by barcode with offset and limit, within the documented bounds', async () => {
		for (let i = 1; i <= 3; i++)
			await addVariant({ product_id: productId, owner_code: `V${i}`, barcodes: [`00${i}`] });
		const lookup = (query: string) =>
			call(`${sandbox.apiUrl}/internal/get-product-variants?chain_id=1764${query}`, {
				headers: admin,
			});
		const byBarcode = await lookup('&barcodes=001,003,404');
		expect(byBarcode.body.results.result_type).toBe('get-product-variants');
		expect(
			byBarcode.body.results.product_variants.map((v: { owner_code: string }) => v.owner_code),
		).toEqual(['V1', 'V3']);
		const page = await lookup('&offset=1&limit=1');
		expect(
			page.body.results.product_variants.map((v: { owner_code: string }) => v.owner_code),
		).toEqual(['V2']);
		const tooMany = await lookup(`&barcodes=${Array.from({ length: 51 }, (_, i) => i).join(',')}`);
		expect([tooMany.status, tooMany.body.error.code]).toEqual([400, 300]);
		for (const limit of ['0', '501'])
			expect((await lookup(`&limit=${limit}`)).body.error.code).toBe(300);
		const noChain = await call(`${sandbox.apiUrl}/internal/get-product-variants`, {
			headers: admin,
		});
		expect(noChain.body.error.code).toBe(52);
	});

	it('deletes a variant with its barcodes', async () => {
		const variant = (
			await addVariant({ product_id: productId, owner_code: 'V1', barcodes: ['111'] })
		).body.results.product_variant;
		const deleted = await del('delete-product-variant', String(variant.id));
		expect(deleted.body.results).toMatchObject({
			result_type: 'delete-product-variant',
			product_variant: { id: variant.id, deleted: true },
		});
		expect(deleted.body.results.product_variant.barcodes[0].deleted).toBe(true);
		expect(sandbox.catalogue()[0].variants).toEqual([]);
		expect((await del('delete-product-variant', String(variant.id))).body.error.code).toBe(68);
	});

	it('deletes a barcode, with codes 52, 255 and 257 for bad ids', async () => {
		const variant = (
			await addVariant({ product_id: productId, owner_code: 'V1', barcodes: ['111', '222'] })
		).body.results.product_variant;
		const deleted = await del('delete-barcode', String(variant.barcodes[0].id));
		expect(deleted.body.results).toMatchObject({
			result_type: 'delete-barcode',
			barcode: { barcode: '111', deleted: true },
		});
		expect(sandbox.catalogue()[0].variants[0].barcodes).toEqual(['222']);
		const missing = await call(`${sandbox.apiUrl}/internal/delete-barcode`, {
			method: 'DELETE',
			headers: admin,
		});
		expect([missing.status, missing.body.error.code]).toEqual([400, 52]);
		for (const bad of ['abc', '12345678901']) {
			const invalid = await del('delete-barcode', bad);
			expect([invalid.status, invalid.body.error.code, invalid.body.error.name]).toEqual([
				400,
				255,
				'inventory_barcode_id_invalid',
			]);
		}
		const gone = await del('delete-barcode', String(variant.barcodes[0].id));
		expect([gone.status, gone.body.error.code, gone.body.error.name]).toEqual([
			404,
			257,
			'inventory_barcode_id_not_found',
		]);
	});
});
