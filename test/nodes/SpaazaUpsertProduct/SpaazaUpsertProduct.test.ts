import { SpaazaUpsertProduct } from '../../../nodes/SpaazaUpsertProduct/SpaazaUpsertProduct.node';
import { fakeContext, rows } from '../spaaza/upsert/fakeContext';

// The upsert core's requests go to the fake Spaaza behind the context's helper (sendThroughHelper.ts).
jest.mock('../../../nodes/spaaza/transport/authenticated', () =>
	jest.requireActual('../spaaza/upsert/sendThroughHelper'),
);

const node = new SpaazaUpsertProduct();

describe('Spaaza Upsert Product', () => {
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
