/**
 * A deterministic Spaaza file set of any size, written to a temp folder, with the model of what
 * Spaaza must hold after importing it: which products and variants are valid, which rows are
 * deliberately bad (and so must be reported, not imported), and every field as the sandbox
 * stores it. Seeded, so a failing soak run can be replayed exactly.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { seededRandom } from '../random';
import { csvLine } from './csv';

export interface ModelProduct {
	owner_code: string;
	name: string;
	description?: string;
	price: number;
	brand?: string;
	category: string;
	is_promotional: boolean;
	/** Written with a bad price: the parser must report it and nothing may reach Spaaza. */
	bad: boolean;
}

export interface ModelVariant {
	owner_code: string;
	product_owner_code: string;
	barcodes: string[];
	colour: string;
	size: string;
	price?: number;
	/** One of its rows has a bad price: the whole variant must be withheld. */
	bad: boolean;
}

export interface GeneratedFileSet {
	dir: string;
	fileSet: string;
	productFile: string;
	variantFile: string;
	products: ModelProduct[];
	variants: ModelVariant[];
	/** Variant rows (one per barcode). */
	variantRows: number;
}

const BRANDS = ['Aran Brands Inc.', 'TANK TOPTASTIC', 'Roasters & Co', 'Ünïcødé Wear', '日本 Tea'];
const COLOURS = ['navy', 'black', 'red', 'oat'];
const SIZES = ['XS', 'S', 'M', 'L', 'XL'];
const PRODUCT_HEADER = [
	'owner_code',
	'name',
	'description',
	'price',
	'brand',
	'category',
	'is_promotional',
	'update_if_exists',
];
const VARIANT_HEADER = [
	'product_owner_code',
	'product_variant_owner_code',
	'barcode',
	'colour',
	'size',
	'price',
];

export interface GenerateOptions {
	/** Products + variants, roughly (each product gets 1–3 variants). */
	records: number;
	seed?: number;
	fileSet?: string;
	/** Every n-th product (and n-th variant, offset) is written with a bad price; 0 = none. */
	badEvery?: number;
	/** Prefix for owner codes, to tell the sets of one test apart. */
	prefix?: string;
	/** Added to every price: two sets with different offsets differ in every product and variant. */
	priceOffset?: number;
}

export function generateFileSet(dir: string, options: GenerateOptions): GeneratedFileSet {
	const random = seededRandom(options.seed ?? 20251024);
	const fileSet = options.fileSet ?? '20251024_100000';
	const prefix = options.prefix ?? 'SOAK';
	const badEvery = options.badEvery ?? 0;
	const offset = options.priceOffset ?? 0;
	const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
	const products: ModelProduct[] = [];
	const variants: ModelVariant[] = [];
	const productLines = [csvLine(PRODUCT_HEADER)];
	const variantRows: string[][] = [];
	let barcode = 1000;
	let variantIndex = 0;

	for (let n = 1; products.length + variants.length < options.records; n++) {
		const code = `${prefix}-${String(n).padStart(5, '0')}`;
		const cents = 100 + Math.floor(random() * 99_900);
		const price = cents / 100 + offset;
		const bad = badEvery > 0 && n % badEvery === 0;
		const withText = random() < 0.3;
		const product: ModelProduct = {
			owner_code: code,
			name: withText ? `Jumper "${n}", hand-knit` : `Product ${n}`,
			...(withText ? { description: `Line one, with a comma\nline two — ${pick(BRANDS)}` } : {}),
			price,
			...(random() < 0.8 ? { brand: pick(BRANDS) } : {}),
			category: `Clothing > Group ${n % 9} > Sub ${n % 4}`,
			is_promotional: random() < 0.5,
			bad,
		};
		products.push(product);
		const promo = product.is_promotional
			? pick(['true', 'TRUE', '1'])
			: pick(['false', 'FALSE', '0']);
		productLines.push(
			csvLine([
				code,
				product.name,
				product.description ?? '',
				bad ? price.toFixed(2).replace('.', ',') : price.toFixed(2),
				product.brand ?? '',
				product.category,
				promo,
				random() < 0.5 ? 'true' : '',
			]),
		);

		const count = 1 + Math.floor(random() * 3);
		for (let v = 0; v < count && products.length + variants.length < options.records; v++) {
			variantIndex++;
			const barcodes = Array.from({ length: 1 + Math.floor(random() * 2) }, () =>
				// 13 digits, leading zeros kept: barcodes are strings.
				String(barcode++ * 7919).padStart(13, '0'),
			);
			const variantBad = badEvery > 0 && variantIndex % (badEvery + 3) === 0;
			const variant: ModelVariant = {
				owner_code: `${code}-V${v + 1}`,
				product_owner_code: code,
				barcodes,
				colour: pick(COLOURS),
				size: pick(SIZES),
				...(random() < 0.7 ? { price: price + 1 } : {}),
				bad: variantBad,
			};
			variants.push(variant);
			barcodes.forEach((b, i) => {
				const priceText = variant.price === undefined ? '' : variant.price.toFixed(2);
				variantRows.push([
					code,
					variant.owner_code,
					b,
					variant.colour,
					variant.size,
					variantBad && i === barcodes.length - 1 ? '1.501,23' : priceText,
				]);
			});
		}
	}

	// Rows of a variant need not be adjacent: shuffle a little (swap neighbours now and then).
	for (let i = 1; i < variantRows.length; i++) {
		if (random() < 0.05)
			[variantRows[i - 1], variantRows[i]] = [variantRows[i], variantRows[i - 1]];
	}
	// Barcodes come out in file order (README "Spaaza file sets"): the model follows the shuffled rows.
	const byCode = new Map(variants.map((variant) => [variant.owner_code, variant]));
	for (const variant of variants) variant.barcodes = [];
	for (const row of variantRows) byCode.get(row[1])!.barcodes.push(row[2]);
	mkdirSync(dir, { recursive: true });
	const productFile = path.join(dir, `productlist_${fileSet}.csv`);
	const variantFile = path.join(dir, `variantlist_${fileSet}.csv`);
	writeFileSync(productFile, `${productLines.join('\n')}\n`);
	writeFileSync(
		variantFile,
		`${[csvLine(VARIANT_HEADER), ...variantRows.map(csvLine)].join('\n')}\n`,
	);
	return {
		dir,
		fileSet,
		productFile,
		variantFile,
		products,
		variants,
		variantRows: variantRows.length,
	};
}

/** What Spaaza must hold after importing the set: valid products, and valid variants of those. */
export function expectedCatalogue(set: GeneratedFileSet): {
	products: ModelProduct[];
	variants: ModelVariant[];
} {
	const products = set.products.filter((p) => !p.bad);
	const valid = new Set(products.map((p) => p.owner_code));
	return {
		products,
		variants: set.variants.filter((v) => !v.bad && valid.has(v.product_owner_code)),
	};
}
