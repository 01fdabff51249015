import { cleanupHarness } from '../../harness';
import { BUILD, builtFile, runBuild } from './support';

afterAll(async () => await cleanupHarness());

const TS = '20251024_100000';

const PRODUCTS = [
	{
		owner_code: 'PROD001',
		name: 'Super Tank Top',
		price: '25.00',
		brand: 'TANK TOPTASTIC',
		is_promotional: false,
		_source: { file: 'x' },
	},
	{
		owner_code: 'PROD002',
		name: 'Loose Leaf Ceylon Tea, "finest"',
		price: 12.5,
		category: 'Teas > Loose Leaf',
		season_code: 'SS26',
	},
];

describe('Build Spaaza File Set', () => {
	it('writes a product list from plain items, one file for all items', async () => {
		const result = await runBuild(PRODUCTS, { fileType: 'productlist', timestamp: TS });
		expect(result.error).toBeUndefined();
		const [item] = result.output(BUILD);
		expect(item.pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		expect(item.binary?.data).toMatchObject({
			fileName: `productlist_${TS}.csv`,
			mimeType: 'text/csv',
			fileExtension: 'csv',
		});
		const { json, text } = await builtFile(result);
		expect(json).toEqual({
			fileName: `productlist_${TS}.csv`,
			fileType: 'productlist',
			timestamp: TS,
			recordsWritten: 2,
			rowsWritten: 2,
			invalid: 0,
			errors: [],
		});
		expect(text).toBe(
			'owner_code,name,price,brand,category,is_promotional,season_code\n' +
				'PROD001,Super Tank Top,25.00,TANK TOPTASTIC,,false,\n' +
				'PROD002,"Loose Leaf Ceylon Tea, ""finest""",12.5,,Teas > Loose Leaf,,SS26\n',
		);
	});

	it.each(['default', 'filesystem'] as const)(
		'stores the file in %s binary mode',
		async (binaryMode) => {
			const result = await runBuild(
				PRODUCTS,
				{ fileType: 'productlist', timestamp: TS, binaryPropertyName: 'csv' },
				{ binaryMode },
			);
			expect(result.error).toBeUndefined();
			const { text } = await builtFile(result, 'csv');
			expect(text.split('\n')).toHaveLength(4);
			const binary = result.output(BUILD)[0].binary?.csv;
			if (binaryMode === 'filesystem') expect(binary?.id).toBeDefined();
			else expect(binary?.id).toBeUndefined();
		},
	);

	it('writes one row per barcode for variants, other cells repeated', async () => {
		const variants = [
			{
				product_id: 456,
				product_variant_owner_code: 'VAR001',
				barcode: '2000042436011',
				name: 'Navy Tank Top Small',
				price: '25.00',
				colour: 'Navy',
				size: 'S',
			},
			{
				owner_code: 'VAR002',
				barcodes: ['0000042436013', '12345678901234567890'],
				product_owner_code: 'PROD001',
				size: 'M',
			},
		];
		const result = await runBuild(variants, { fileType: 'variantlist', timestamp: TS });
		const { json, text } = await builtFile(result);
		expect(json).toMatchObject({
			fileName: `variantlist_${TS}.csv`,
			recordsWritten: 2,
			rowsWritten: 3,
			invalid: 0,
		});
		expect(text).toBe(
			'product_variant_owner_code,barcode,product_id,product_owner_code,name,price,colour,size\n' +
				'VAR001,2000042436011,456,,Navy Tank Top Small,25.00,Navy,S\n' +
				'VAR002,0000042436013,,PROD001,,,,M\n' +
				'VAR002,12345678901234567890,,PROD001,,,,M\n',
		);
	});

	it('lists invalid records with item, owner code and reason, and leaves them out', async () => {
		const items = [
			{ owner_code: 'P1', name: 'Good', price: '1501.23' },
			{ owner_code: 'P2', name: 'Comma price', price: '1,501.23', web_url: 'www.example.com' },
			{ owner_code: 'P3' },
			{ owner_code: 'P1', name: 'Good', price: '1501.23' },
		];
		const result = await runBuild(items, { fileType: 'productlist', timestamp: TS });
		const { json, text } = await builtFile(result);
		expect(text).toBe('owner_code,name,price\nP1,Good,1501.23\n');
		expect(json).toMatchObject({ recordsWritten: 1, rowsWritten: 1, invalid: 2 });
		const errors = json.errors as Array<Record<string, unknown>>;
		expect(errors.map((e) => [e.severity, e.code, e.itemIndex, e.owner_code, e.field])).toEqual([
			['error', 'SPAAZA_INVALID_VALUE', 1, 'P2', 'price'],
			['error', 'SPAAZA_INVALID_VALUE', 1, 'P2', 'web_url'],
			['error', 'SPAAZA_MISSING_VALUE', 2, 'P3', 'name'],
			['warning', 'SPAAZA_DUPLICATE_RECORD', 3, 'P1', 'owner_code'],
		]);
		expect(errors[0]).toMatchObject({ value: '1,501.23', column: 'price' });
		expect(errors[0].message).toMatch(/^Item 1 \("P2"\): price "1,501.23" must use a dot/);
	});

	it('reads batch items from Parse and names the record in a batch', async () => {
		const batch = {
			fileSet: TS,
			records: [
				{ owner_code: 'P1', name: 'One' },
				{ owner_code: 'P2', name: 'Two', price: 'free' },
			],
		};
		const result = await runBuild([batch], { fileType: 'productlist', timestamp: TS });
		const { json, text } = await builtFile(result);
		expect(text).toBe('owner_code,name\nP1,One\n');
		expect(json.errors).toEqual([
			expect.objectContaining({ itemIndex: 0, recordIndex: 1, owner_code: 'P2', field: 'price' }),
		]);
	});

	it('maps columns with expressions in manual mode', async () => {
		const rows = [
			{ SKU: 'A-1', Title: 'Shirt', Cost: '9.99', EAN: '0012345678905' },
			{ SKU: 'A-2', Title: 'Shirt', Cost: '9,99', EAN: '0012345678912' },
		];
		const result = await runBuild(rows, {
			fileType: 'variantlist',
			timestamp: TS,
			mappingMode: 'manual',
			variantOwnerCode: '={{ $json.SKU }}',
			productOwnerCode: 'SHIRT',
			barcodes: '={{ $json.EAN }}',
			additionalFields: { price: '={{ $json.Cost }}', name: '={{ $json.Title }}' },
		});
		const { json, text } = await builtFile(result);
		expect(text).toBe(
			'product_variant_owner_code,barcode,product_owner_code,name,price\nA-1,0012345678905,SHIRT,Shirt,9.99\n',
		);
		expect(json).toMatchObject({ recordsWritten: 1, invalid: 1 });
		expect(json.errors).toEqual([
			expect.objectContaining({ itemIndex: 1, owner_code: 'A-2', field: 'price', value: '9,99' }),
		]);
	});

	it('maps product columns in manual mode, the same fields as Spaaza Upsert Product', async () => {
		const rows = [{ sku: 'A-1', title: 'Shirt', promo: 'yes', extra: 'not mapped' }];
		const result = await runBuild(rows, {
			fileType: 'productlist',
			timestamp: TS,
			mappingMode: 'manual',
			ownerCode: '={{ $json.sku }}',
			productName: '={{ $json.title }}',
			additionalFields: { is_promotional: '={{ $json.promo === "yes" }}', brand: 'Acme' },
		});
		const { text } = await builtFile(result);
		expect(text).toBe('owner_code,name,brand,is_promotional\nA-1,Shirt,Acme,true\n');
	});

	it('reports an item whose expression gives nothing, as a record without that field', async () => {
		const rows = [{ sku: 'A-1' }, { sku: null }];
		const result = await runBuild(rows, {
			fileType: 'productlist',
			timestamp: TS,
			mappingMode: 'manual',
			ownerCode: '={{ $json.sku }}',
			productName: 'Shirt',
		});
		const { json, text } = await builtFile(result);
		expect(text).toBe('owner_code,name\nA-1,Shirt\n');
		expect(json).toMatchObject({
			recordsWritten: 1,
			invalid: 1,
			errors: [
				expect.objectContaining({
					itemIndex: 1,
					code: 'SPAAZA_MISSING_VALUE',
					field: 'owner_code',
				}),
			],
		});
	});

	it('stops at an expression that fails, naming the item it failed on', async () => {
		const rows = [{ sku: 'a-1' }, { title: 'no sku' }];
		const result = await runBuild(rows, {
			fileType: 'productlist',
			timestamp: TS,
			mappingMode: 'manual',
			ownerCode: '={{ $json.sku ?? $("No Such Node").item.json.sku }}',
			productName: 'Shirt',
		});
		expect(result.error).toMatchObject({ nodeName: BUILD, itemIndex: 1 });
		expect(result.error?.message).toMatch(/Referenced node doesn't exist/);
	});

	it('writes only Spaaza fields when Include Other Fields is off', async () => {
		const result = await runBuild(PRODUCTS, {
			fileType: 'productlist',
			timestamp: TS,
			includeOtherFields: false,
		});
		const { text } = await builtFile(result);
		expect(text.split('\n')[0]).toBe('owner_code,name,price,brand,category,is_promotional');
	});

	it('uses the current UTC time when no timestamp is given', async () => {
		const before = new Date();
		const result = await runBuild(PRODUCTS, { fileType: 'productlist' });
		const { json } = await builtFile(result);
		expect(json.fileName).toMatch(/^productlist_\d{8}_\d{6}\.csv$/);
		const stamp = String(json.timestamp);
		const at = Date.UTC(
			+stamp.slice(0, 4),
			+stamp.slice(4, 6) - 1,
			+stamp.slice(6, 8),
			+stamp.slice(9, 11),
			+stamp.slice(11, 13),
			+stamp.slice(13, 15),
		);
		expect(at).toBeGreaterThanOrEqual(Math.floor(before.getTime() / 1000) * 1000);
		expect(at).toBeLessThanOrEqual(Date.now());
	});

	it('rejects a timestamp that is not a real date and time', async () => {
		const result = await runBuild(PRODUCTS, {
			fileType: 'productlist',
			timestamp: '20250231_100000',
		});
		expect(result.error).toMatchObject({
			nodeName: BUILD,
			name: 'NodeOperationError',
			itemIndex: 0,
		});
		expect(result.error?.message).toMatch(/not a real date and time/);
	});

	it('outputs the error as an item when set to continue on failure', async () => {
		const result = await runBuild(
			PRODUCTS,
			{ fileType: 'productlist', timestamp: '2025-10-24' },
			{ settings: { onError: 'continueRegularOutput' } },
		);
		expect(result.error).toBeUndefined();
		const [item] = result.output(BUILD);
		expect(item.json.error).toMatch(/YYYYMMDD_HHMMSS/);
		expect(item.pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('writes a header-only file when no record is valid, so the set stays complete', async () => {
		const result = await runBuild([{ name: 'no code' }], {
			fileType: 'variantlist',
			timestamp: TS,
		});
		const { json, text } = await builtFile(result);
		expect(text).toBe('product_variant_owner_code,barcode,product_id\n');
		expect(json).toMatchObject({ recordsWritten: 0, rowsWritten: 0, invalid: 1 });
	});
});
