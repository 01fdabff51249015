import { SpaazaUpsertVariant } from '../../../nodes/SpaazaUpsertVariant/SpaazaUpsertVariant.node';
import { echo, fakeContext, rows } from '../spaaza/upsert/fakeContext';

// The upsert core's requests go to the fake Spaaza behind the context's helper (sendThroughHelper.ts).
jest.mock('../../../nodes/spaaza/transport/authenticated', () =>
	jest.requireActual('../spaaza/upsert/sendThroughHelper'),
);

const node = new SpaazaUpsertVariant();

describe('Spaaza Upsert Variant', () => {
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
