import type { IDataObject } from 'n8n-workflow';

const FILE_SET = '20240101_120000';
const PRODUCT_FILE = `productlist_${FILE_SET}.csv`;
const VARIANT_FILE = `variantlist_${FILE_SET}.csv`;

/** Records as Parse Spaaza File Set outputs them in rows mode: strings as written, `_source` attached. */
export const PRODUCTS: IDataObject[] = [
	{
		owner_code: 'JUMPER-ARAN',
		name: "Men's Merino Aran Jumper",
		description: 'Warm, "classic" and hand-finished',
		price: '99.95',
		cost_price: '40.00',
		brand: 'Aran Brands Inc.',
		category: 'Clothing > Knitwear > Mens',
		season: 'AW24',
		web_url: 'https://shop.example.com/jumper-aran',
		image_url: 'https://shop.example.com/img/jumper-aran.jpg',
		is_promotional: false,
		private_label: true,
		unit: 'item',
		update_if_exists: true,
		_source: { fileSet: FILE_SET, file: PRODUCT_FILE, lines: [2] },
	},
	{
		owner_code: 'TEE-BASIC',
		name: 'Basic tee',
		price: '15',
		brand: 'Basics',
		category: 'Clothing > Tops',
		is_promotional: true,
		update_if_exists: true,
		_source: { fileSet: FILE_SET, file: PRODUCT_FILE, lines: [3] },
	},
	{
		owner_code: 'COFFEE-1KG',
		name: 'Coffee beans 日本 blend',
		price: '24.50',
		unit: 'g',
		manufacturer: 'Roasters & Co',
		update_if_exists: true,
		_source: { fileSet: FILE_SET, file: PRODUCT_FILE, lines: [4] },
	},
];

export const VARIANTS: IDataObject[] = [
	{
		owner_code: 'JUMPER-ARAN-M',
		product_owner_code: 'JUMPER-ARAN',
		barcodes: ['0012345678905', '2000042436019'],
		colour: 'navy',
		size: 'M',
		price: '99.95',
		update_if_exists: true,
		_source: { fileSet: FILE_SET, file: VARIANT_FILE, lines: [2, 3] },
	},
	{
		owner_code: 'JUMPER-ARAN-L',
		product_owner_code: 'JUMPER-ARAN',
		barcodes: ['0012345678912'],
		colour: 'navy',
		size: 'L',
		update_if_exists: true,
		_source: { fileSet: FILE_SET, file: VARIANT_FILE, lines: [4] },
	},
	{
		owner_code: 'TEE-BASIC-S',
		product_owner_code: 'TEE-BASIC',
		barcodes: ['12345678901234567890'],
		size: 'S',
		cost_price: '3.10',
		update_if_exists: true,
		_source: { fileSet: FILE_SET, file: VARIANT_FILE, lines: [5] },
	},
	{
		owner_code: 'COFFEE-1KG-V',
		product_owner_code: 'COFFEE-1KG',
		barcodes: ['8710000000017'],
		name: '1 kg bag',
		is_promotional: false,
		update_if_exists: true,
		_source: { fileSet: FILE_SET, file: VARIANT_FILE, lines: [6] },
	},
];

/** The same records in Parse's batches mode: `{ fileSet, records }`, `size` records per item. */
export function inBatches(records: IDataObject[], size: number): IDataObject[] {
	const batches: IDataObject[] = [];
	for (let start = 0; start < records.length; start += size) {
		batches.push({ fileSet: FILE_SET, records: records.slice(start, start + size) });
	}
	return batches;
}

/** `count` products with one variant each (two barcodes), for runs where volume matters. */
export function generatedCatalogue(count: number): {
	products: IDataObject[];
	variants: IDataObject[];
} {
	const products: IDataObject[] = [];
	const variants: IDataObject[] = [];
	for (let n = 1; n <= count; n++) {
		const code = `GEN-${String(n).padStart(4, '0')}`;
		products.push({
			owner_code: code,
			name: `Generated product ${n}`,
			price: `${n}.95`,
			category: `Generated > Group ${n % 7}`,
			update_if_exists: true,
			_source: { fileSet: FILE_SET, file: PRODUCT_FILE, lines: [n + 1] },
		});
		variants.push({
			owner_code: `${code}-V`,
			product_owner_code: code,
			barcodes: [`0${String(100000000000 + n)}`, `9${String(100000000000 + n)}`],
			size: n % 2 ? 'M' : 'L',
			update_if_exists: true,
			_source: { fileSet: FILE_SET, file: VARIANT_FILE, lines: [2 * n, 2 * n + 1] },
		});
	}
	return { products, variants };
}

/** A variant already in Spaaza that owns the barcode the import's second variant wants. */
export const SQUATTER = {
	owner_code: 'OLD-VARIANT',
	product_owner_code: 'TEE-BASIC',
	barcodes: ['0012345678912'],
	update_if_exists: true,
};

/** A variant whose product is in neither the file nor Spaaza. */
export const ORPHAN = {
	owner_code: 'ORPHAN-1',
	product_owner_code: 'NO-SUCH-PRODUCT',
	barcodes: ['5000000000001'],
	update_if_exists: true,
	_source: { fileSet: FILE_SET, file: VARIANT_FILE, lines: [7] },
};
