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

/**
 * The seeded draws of one file set. Every draw happens in the same order as it always has, so a
 * seed keeps giving the same set (a failing soak run can be replayed).
 */
class ModelDraw {
	private barcode = 1000;
	private variantIndex = 0;

	constructor(
		readonly random: () => number,
		private readonly prefix: string,
		private readonly badEvery: number,
		private readonly priceOffset: number,
	) {}

	pick<T>(list: readonly T[]): T {
		return list[Math.floor(this.random() * list.length)];
	}

	/** Product `n` and its CSV line; a bad one has a decimal comma in its price. */
	product(n: number): { product: ModelProduct; line: string } {
		const random = this.random;
		const code = `${this.prefix}-${String(n).padStart(5, '0')}`;
		const cents = 100 + Math.floor(random() * 99_900);
		const price = cents / 100 + this.priceOffset;
		const bad = this.badEvery > 0 && n % this.badEvery === 0;
		const withText = random() < 0.3;
		const product: ModelProduct = {
			owner_code: code,
			name: withText ? `Jumper "${n}", hand-knit` : `Product ${n}`,
			...(withText
				? { description: `Line one, with a comma\nline two — ${this.pick(BRANDS)}` }
				: {}),
			price,
			...(random() < 0.8 ? { brand: this.pick(BRANDS) } : {}),
			category: `Clothing > Group ${n % 9} > Sub ${n % 4}`,
			is_promotional: random() < 0.5,
			bad,
		};
		const promo = product.is_promotional
			? this.pick(['true', 'TRUE', '1'])
			: this.pick(['false', 'FALSE', '0']);
		const line = csvLine([
			code,
			product.name,
			product.description ?? '',
			bad ? price.toFixed(2).replace('.', ',') : price.toFixed(2),
			product.brand ?? '',
			product.category,
			promo,
			random() < 0.5 ? 'true' : '',
		]);
		return { product, line };
	}

	/** How many variants the next product gets: 1–3. */
	variantCount(): number {
		return 1 + Math.floor(this.random() * 3);
	}

	/** The product's variant `v` and its rows, one per barcode; a bad one has a bad last price. */
	variant(product: ModelProduct, v: number): { variant: ModelVariant; rows: string[][] } {
		const random = this.random;
		this.variantIndex++;
		const barcodes = Array.from({ length: 1 + Math.floor(random() * 2) }, () =>
			// 13 digits, leading zeros kept: barcodes are strings.
			String(this.barcode++ * 7919).padStart(13, '0'),
		);
		const bad = this.badEvery > 0 && this.variantIndex % (this.badEvery + 3) === 0;
		const variant: ModelVariant = {
			owner_code: `${product.owner_code}-V${v + 1}`,
			product_owner_code: product.owner_code,
			barcodes,
			colour: this.pick(COLOURS),
			size: this.pick(SIZES),
			...(random() < 0.7 ? { price: product.price + 1 } : {}),
			bad,
		};
		const priceText = variant.price === undefined ? '' : variant.price.toFixed(2);
		const rows = barcodes.map((barcode, i) => [
			product.owner_code,
			variant.owner_code,
			barcode,
			variant.colour,
			variant.size,
			bad && i === barcodes.length - 1 ? '1.501,23' : priceText,
		]);
		return { variant, rows };
	}
}

export function generateFileSet(dir: string, options: GenerateOptions): GeneratedFileSet {
	const draw = new ModelDraw(
		seededRandom(options.seed ?? 20251024),
		options.prefix ?? 'SOAK',
		options.badEvery ?? 0,
		options.priceOffset ?? 0,
	);
	const fileSet = options.fileSet ?? '20251024_100000';
	const products: ModelProduct[] = [];
	const variants: ModelVariant[] = [];
	const productLines = [csvLine(PRODUCT_HEADER)];
	const variantRows: string[][] = [];
	const room = () => products.length + variants.length < options.records;
	for (let n = 1; room(); n++) {
		const { product, line } = draw.product(n);
		products.push(product);
		productLines.push(line);
		const count = draw.variantCount();
		for (let v = 0; v < count && room(); v++) {
			const { variant, rows } = draw.variant(product, v);
			variants.push(variant);
			variantRows.push(...rows);
		}
	}
	shuffleNeighbours(variantRows, draw.random);
	barcodesInFileOrder(variants, variantRows);

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

/** Rows of a variant need not be adjacent: swap neighbours now and then. */
function shuffleNeighbours(rows: string[][], random: () => number): void {
	for (let i = 1; i < rows.length; i++) {
		if (random() < 0.05) [rows[i - 1], rows[i]] = [rows[i], rows[i - 1]];
	}
}

/** Barcodes come out in file order (README "Spaaza file sets"): the model follows the shuffled rows. */
function barcodesInFileOrder(variants: ModelVariant[], rows: string[][]): void {
	const byCode = new Map(variants.map((variant) => [variant.owner_code, variant]));
	for (const variant of variants) variant.barcodes = [];
	for (const row of rows) byCode.get(row[1])!.barcodes.push(row[2]);
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
