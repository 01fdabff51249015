/**
 * The shipped sample file set (samples/*.csv): 64 products in five families with the quoting,
 * non-ASCII text, leading-zero barcodes and non-adjacent variant rows real exports have. The CSV
 * files are committed; `npm run samples` remakes them byte for byte.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { csvLine } from './csv';
import { FAMILIES, TIERS } from './families';

export const SAMPLE_FILE_SET = '20251024_100000';

type Row = Record<string, string>;

/**
 * The generator the committed samples were made with (a linear congruential one, not mulberry32):
 * kept so the files stay byte-identical.
 */
function sampleRandom(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1103515245 + 12345) % 2147483648;
		return state / 2147483648;
	};
}

// Special rows that exercise quoting and non-ASCII text in the sample.
const SPECIAL = [
	{
		name: 'Jumper, Aran Knit (Limited Edition)',
		description: 'Hand-finished Aran knit.\nDry clean only; store folded.',
		category: 'Clothing > Knitwear > Jumpers',
	},
	{
		name: 'Café Crème Espresso Blend',
		description: 'Dark roast with notes of cocoa and "crème brûlée"',
		category: 'Food > Coffee > Beans',
	},
	{
		name: 'Müsli Glück mit Nüssen',
		description: 'Knuspermüsli mit Haselnüssen, 500 g',
		category: 'Food > Breakfast > Müsli',
	},
	{
		name: 'Weißbier Glas 0,5 l',
		description: 'Traditionelles Weißbierglas aus Kristallglas',
		category: 'Home > Kitchen > Glassware',
	},
	{
		name: '日本 Sencha Green Tea',
		description: '静岡県の煎茶 — first flush sencha from Shizuoka, Japan',
		category: 'Food > Tea > Green Teas',
	},
	{
		name: 'Tablet Sleeve 12" Felt',
		description: 'Fits 12" tablets, with a 5 mm felt lining',
		category: 'Electronics > Accessories > Sleeves',
	},
];

export function sampleRows(): { products: Row[]; variants: Row[] } {
	const random = sampleRandom(20251024);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
	const products: Row[] = [];
	const variants: Row[] = [];
	let barcodeCounter = 42436011;
	const barcode = (index: number): string => {
		// Every fourth code is an EAN-13 with leading zeros; a few are 20-digit internal codes.
		barcodeCounter += 7;
		if (index % 11 === 5) return `00000${barcodeCounter}${barcodeCounter}`.slice(0, 20);
		if (index % 4 === 0) return `00${barcodeCounter}${index % 10}`.padEnd(13, '7').slice(0, 13);
		return `20000${barcodeCounter}`.slice(0, 13);
	};

	for (let i = 0; i < 64; i++) {
		const family = FAMILIES[i % FAMILIES.length];
		const special = i % 11 === 3 ? SPECIAL[(i / 11) | 0] : undefined;
		const ownerCode = `${family.code}-${String(1001 + i)}`;
		const base = family.price[0] + Math.floor(random() * (family.price[1] - family.price[0]));
		const price = `${base}.${pick(['00', '50', '95', '99'])}`;
		const cost = (Number(price) * 0.6).toFixed(2);
		const name = special ? special.name : `${pick(family.kinds)} ${pick(TIERS)} ${i + 1}`;
		products.push({
			id: '',
			owner_code: ownerCode,
			name,
			description: special ? special.description : `${name} by ${family.brand}`,
			price,
			cost_price: i % 3 === 0 ? cost : '',
			brand: family.brand,
			manufacturer: i % 2 === 0 ? family.maker : '',
			season: pick(['SS25', 'AW25', 'Core', '']),
			category: special ? special.category : family.category,
			web_url: `https://shop.example.com/p/${ownerCode.toLowerCase()}`,
			image_url: i % 5 === 4 ? '' : `https://images.example.com/${ownerCode.toLowerCase()}.jpg`,
			is_promotional: pick(['false', 'false', 'FALSE', 'true', '0', '1']),
			private_label: i % 4 === 0 ? 'true' : i % 4 === 1 ? 'false' : '',
			unit: family.unit,
			update_if_exists: i % 6 === 0 ? 'true' : i % 6 === 1 ? 'TRUE' : '',
		});

		for (const size of family.sizes.slice(0, 2 + (i % 2))) {
			const colour = family.colours[i % family.colours.length];
			const variantCode = `${ownerCode}-${size}${colour ? `-${colour.slice(0, 3).toUpperCase()}` : ''}`;
			const count = 1 + ((i + size.length) % 3);
			const codes = Array.from({ length: count }, (_, k) => barcode(i * 7 + k + size.length));
			const variantPrice =
				size === 'XL' || size === '250g' ? (Number(price) * 1.1).toFixed(2) : price;
			for (const code of codes) {
				variants.push({
					product_owner_code: ownerCode,
					product_variant_owner_code: variantCode,
					barcode: code,
					name: `${name.replace(/\n/g, ' ')} ${size}`,
					price: variantPrice,
					cost_price: i % 3 === 0 ? cost : '',
					colour,
					size,
					image_url:
						i % 5 === 4 ? '' : `https://images.example.com/${variantCode.toLowerCase()}.jpg`,
					web_url:
						i % 7 === 0
							? `https://shop.example.com/p/${ownerCode.toLowerCase()}?size=${encodeURIComponent(size)}`
							: '',
					is_promotional: i % 10 === 0 ? 'true' : '',
					update_if_exists: i % 6 === 0 ? '1' : '',
				});
			}
		}
	}
	// One variant's rows are not adjacent in the file, as happens when barcodes are added later.
	variants.push(variants.splice(1, 1)[0]);
	return { products, variants };
}

/** Writes the sample set into `dir`; returns the product and variant row counts. */
export function writeSampleSet(dir: string): { products: number; variantRows: number } {
	const { products, variants } = sampleRows();
	const write = (name: string, rows: Row[], columns = Object.keys(rows[0])) =>
		writeFileSync(
			path.join(dir, `${name}_${SAMPLE_FILE_SET}.csv`),
			[csvLine(columns), ...rows.map((row) => csvLine(columns.map((c) => row[c])))].join('\n') +
				'\n',
		);
	write('productlist', products);
	write('variantlist', variants);
	return { products: products.length, variantRows: variants.length };
}
