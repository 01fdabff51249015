import {
	CatalogueIndex,
	MAX_CHANGES_LISTED,
	MAX_CHANGE_VALUE_CHARS,
} from '../../../../nodes/core/compare/catalogueIndex';
import { canonical } from '../../../../nodes/core/compare/values';

const all = () => true;

describe('values as Spaaza stores them', () => {
	it('treats amounts written differently as one decimal, and keeps barcodes as exact strings', () => {
		for (const same of ['25', '25.00', '025.0', 25])
			expect(canonical('decimal', same)).toEqual({ ok: true, value: '25' });
		expect(canonical('decimal', '25.10')).toEqual({ ok: true, value: '25.1' });
		expect(canonical('decimal', '25,10').ok).toBe(false);
		expect(canonical('boolean', 'TRUE')).toEqual({ ok: true, value: 'true' });
		expect(canonical('boolean', 'yes').ok).toBe(false);
		expect(canonical('barcode', ['0123', '123'])).not.toEqual(canonical('barcode', ['123']));
		expect(canonical('barcode', [{ barcode: 'b' }, { barcode: 'a' }])).toEqual(
			canonical('barcode', ['a', 'b', 'a']),
		);
		expect(canonical('string', 'Jumper ')).toEqual({ ok: true, value: 'Jumper ' });
	});
});

describe('CatalogueIndex', () => {
	it('finds a record unchanged only when every field it sends holds the same value', () => {
		const index = new CatalogueIndex('product');
		index.add({ id: 7, owner_code: 'A', name: 'Jumper', price: 25, brand: null }, all);
		expect(index.compare('A', { owner_code: 'A', name: 'Jumper', price: '25.00' })).toEqual({
			status: 'unchanged',
			id: 7,
		});
		expect(index.compare('A', { owner_code: 'A', brand: 'ACME' })).toMatchObject({
			status: 'changed',
			changes: { brand: { spaaza: null, feed: 'ACME' } },
		});
		expect(index.compare('B', { owner_code: 'B' })).toEqual({ status: 'new' });
		expect([...index.missing()]).toEqual([]);
	});

	it('calls a field the read does not return, or cannot compare, changed with the reason', () => {
		const index = new CatalogueIndex('product');
		index.add({ id: 1, owner_code: 'A', price: 'n/a' }, (field) => field !== 'brand');
		const outcome = index.compare('A', { owner_code: 'A', brand: 'X', price: '1.00' });
		expect(outcome).toMatchObject({
			status: 'changed',
			changes: {
				brand: { reason: expect.stringMatching(/does not return this field/) },
				price: { reason: expect.stringMatching(/could not be compared/) },
			},
		});
	});

	it('bounds the changes one item lists and the length of each value', () => {
		const index = new CatalogueIndex('product');
		index.add({ id: 1, owner_code: 'A' }, all);
		const long = 'x'.repeat(10_000);
		const record: Record<string, unknown> = { owner_code: 'A', name: long, description: long };
		const outcome = index.compare('A', record);
		expect(outcome.status).toBe('changed');
		if (outcome.status !== 'changed') return;
		expect((outcome.changes.name.feed as string).length).toBeLessThanOrEqual(
			MAX_CHANGE_VALUE_CHARS + 1,
		);
		expect(Object.keys(outcome.changes).length).toBeLessThanOrEqual(MAX_CHANGES_LISTED);
	});

	it('lists what no feed record matched as missing, and holds 100,000 products in a compact form', () => {
		const index = new CatalogueIndex('product');
		const before = process.memoryUsage().heapUsed;
		for (let i = 0; i < 100_000; i++)
			index.add(
				{
					id: i + 1,
					owner_code: `PRODUCT-${i}`,
					name: `Product number ${i}`,
					price: '19.95',
					brand: 'ACME',
					is_promotional: 'false',
				},
				all,
			);
		const used = process.memoryUsage().heapUsed - before;
		// Measured about 20 MB (Node 20): a string per record, not an object.
		expect(used).toBeLessThan(40 * 1024 * 1024);
		expect(index.approximateBytes()).toBeLessThan(40 * 1024 * 1024);
		for (let i = 0; i < 100_000; i++)
			if (i % 1000 !== 0) index.compare(`PRODUCT-${i}`, { owner_code: `PRODUCT-${i}` });
		expect([...index.missing()]).toHaveLength(100);
		expect([...index.missing()][0]).toEqual({ key: 'PRODUCT-0', id: 1, ownerCode: 'PRODUCT-0' });
	});
});
