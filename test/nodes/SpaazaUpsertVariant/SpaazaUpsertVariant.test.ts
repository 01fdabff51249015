import type { INodeProperties } from 'n8n-workflow';

import { SpaazaUpsertVariant } from '../../../nodes/SpaazaUpsertVariant/SpaazaUpsertVariant.node';
import codex from '../../../nodes/SpaazaUpsertVariant/SpaazaUpsertVariant.node.json';
import { VARIANT_FIELDS } from '../../../nodes/core/records';
import { echo, fakeContext, rows } from '../spaaza/upsert/fakeContext';
import { expectUpsertDescription, manualFieldNames } from '../spaaza/upsert/description';

// The upsert core's requests go to the fake Spaaza behind the context's helper (sendThroughHelper.ts).
jest.mock('../../../nodes/spaaza/transport/authenticated', () =>
	jest.requireActual('../spaaza/upsert/sendThroughHelper'),
);

const node = new SpaazaUpsertVariant();

describe('Spaaza Upsert Variant', () => {
	it('has the public name, parameters and defaults of README "Spaaza Upsert Product / Spaaza Upsert Variant"', () => {
		expectUpsertDescription(
			node.description,
			'spaazaUpsertVariant',
			'Spaaza Create or Update Variant',
		);
		expect(codex.node).toBe('n8n-nodes-spaaza.spaazaUpsertVariant');
	});

	it('offers one manual field per add-product-variant parameter', () => {
		const top = {
			variantOwnerCode: 'owner_code',
			productOwnerCode: 'product_owner_code',
			barcodes: 'barcodes',
		};
		const expected = VARIANT_FIELDS.map((rule) => rule.name).filter(
			(name) => name !== 'update_if_exists',
		);
		expect(manualFieldNames(node.description.properties as INodeProperties[], top).sort()).toEqual(
			expected.sort(),
		);
	});

	it('upserts variants with their barcodes through the shared core', async () => {
		const { ctx, spaaza } = fakeContext({
			items: rows([{ owner_code: 'V', product_owner_code: 'P', barcodes: ['0001', '0002'] }]),
			answer: echo('product_variant'),
		});
		const [[item]] = await node.execute.call(ctx);
		expect(item).toMatchObject({
			json: { status: 'upserted', product_variant: { barcodes: ['0001', '0002'] } },
		});
		expect(spaaza.requests[0]).toEqual({
			url: 'http://spaaza.test/api/internal/add-product-variant',
			body: {
				chain_id: 1764,
				owner_code: 'V',
				product_owner_code: 'P',
				barcodes: ['0001', '0002'],
				update_if_exists: true,
			},
		});
	});

	it('sends nothing for a variant with an empty barcode and says why (the barcode is not dropped)', async () => {
		// Sent without it, the other barcodes would replace the variant's barcodes in Spaaza and
		// delete the one that row held.
		const { ctx, spaaza } = fakeContext({
			items: rows([{ owner_code: 'V1', product_owner_code: 'P1', barcodes: ['111', '', '222'] }]),
			answer: echo('product_variant'),
		});
		await expect(node.execute.call(ctx)).rejects.toThrow(
			/Variant "V1" is not valid: barcode 2 of 3 is empty/,
		);
		expect(spaaza.requests).toEqual([]);
	});
});
