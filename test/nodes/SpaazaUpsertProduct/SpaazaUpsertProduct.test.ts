import type { INodeProperties } from 'n8n-workflow';

import { SpaazaUpsertProduct } from '../../../nodes/SpaazaUpsertProduct/SpaazaUpsertProduct.node';
import codex from '../../../nodes/SpaazaUpsertProduct/SpaazaUpsertProduct.node.json';
import { PRODUCT_FIELDS } from '../../../nodes/core/records';
import { fakeContext, rows } from '../spaaza/upsert/fakeContext';
import { expectUpsertDescription, manualFieldNames } from '../spaaza/upsert/description';

// The upsert core's requests go to the fake Spaaza behind the context's helper (sendThroughHelper.ts).
jest.mock('../../../nodes/spaaza/transport/authenticated', () =>
	jest.requireActual('../spaaza/upsert/sendThroughHelper'),
);

const node = new SpaazaUpsertProduct();

describe('Spaaza Upsert Product', () => {
	it('has the public name, parameters and defaults of README "Spaaza Upsert Product / Spaaza Upsert Variant"', () => {
		expectUpsertDescription(
			node.description,
			'spaazaUpsertProduct',
			'Spaaza Create or Update Product',
		);
		expect(codex.node).toBe('n8n-nodes-spaaza.spaazaUpsertProduct');
	});

	it('offers one manual field per add-product parameter', () => {
		const expected = PRODUCT_FIELDS.map((rule) => rule.name).filter(
			(name) => name !== 'update_if_exists',
		);
		expect(
			manualFieldNames(node.description.properties as INodeProperties[], {
				ownerCode: 'owner_code',
				productName: 'name',
			}).sort(),
		).toEqual(expected.sort());
	});

	it('upserts products through the shared core', async () => {
		const { ctx, spaaza } = fakeContext({ items: rows([{ owner_code: 'A', name: 'A' }]) });
		const [[item]] = await node.execute.call(ctx);
		expect(item).toMatchObject({
			json: { status: 'upserted', product: { owner_code: 'A' } },
			pairedItem: { item: 0 },
		});
		expect(spaaza.requests[0].url).toBe('http://spaaza.test/api/internal/add-product');
	});
});
