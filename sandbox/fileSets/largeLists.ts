/**
 * A product list or a variant list of any size for the benchmarks, written row by row. A
 * product's values depend only on the seed and its index, so the variant list names the same
 * products as a product list of the same seed.
 */
import { seededRandom } from '../random';
import { csvCell, writeCsvFile } from './csv';
import { FAMILIES, TIERS, type Family } from './families';

const SEASONS = ['SS25', 'AW25', 'SS26'];
const PRODUCT_HEADER =
	'id,owner_code,name,description,price,cost_price,brand,manufacturer,season,category,web_url,image_url,is_promotional,private_label,unit,update_if_exists';
const VARIANT_HEADER =
	'product_owner_code,product_variant_owner_code,barcode,name,price,cost_price,colour,size,image_url,web_url,is_promotional,update_if_exists';

interface ProductFields {
	family: Family;
	ownerCode: string;
	price: string;
	name: string;
	description: string;
}

function productFields(index: number, seed: number): ProductFields {
	const random = seededRandom(seed * 7919 + index);
	const family = FAMILIES[index % FAMILIES.length];
	const ownerCode = `${family.code}-${String(100000 + index)}`;
	const price = `${10 + Math.floor(random() * 140)}.${['00', '50', '95', '99'][Math.floor(random() * 4)]}`;
	let name = `${family.kinds[Math.floor(random() * family.kinds.length)]} ${TIERS[Math.floor(random() * 4)]} ${index + 1}`;
	let description = `${name} by ${family.brand}`;
	// Quoting, embedded newlines and non-ASCII text show up as they do in real exports.
	if (index % 40 === 7) name = `${name}, Limited Edition`;
	if (index % 97 === 11) description = `${description}.\nDry clean only; "handle with care".`;
	if (index % 53 === 5) description = `${description} — 日本製 Qualität`;
	return { family, ownerCode, price, name, description };
}

export function writeProductList(file: string, rows: number, seed: number): void {
	const random = seededRandom(seed);
	writeCsvFile(file, PRODUCT_HEADER, rows, (i) => {
		const p = productFields(i, seed);
		const slug = p.ownerCode.toLowerCase();
		const cost = random() < 0.2 ? '' : (Number(p.price) * 0.6).toFixed(2);
		return `${[
			'',
			p.ownerCode,
			csvCell(p.name),
			csvCell(p.description),
			p.price,
			cost,
			p.family.brand,
			p.family.maker,
			SEASONS[i % 3],
			p.family.category,
			`https://shop.example.com/p/${slug}`,
			`https://images.example.com/${slug}.jpg`,
			random() < 0.1 ? 'true' : 'false',
			i % 7 === 0 ? 'true' : 'false',
			p.family.unit,
			'true',
		].join(',')}\n`;
	});
}

/**
 * One row per barcode: about a quarter of the variants carry two barcodes (two adjacent rows that
 * agree on every other field), as a retailer's EAN + internal code export does.
 */
export function writeVariantList(file: string, rows: number, seed: number): void {
	const random = seededRandom(seed);
	let variant = 0;
	let pending = 0;
	let current: string[] = [];
	let barcode = 4000000000000;
	writeCsvFile(file, VARIANT_HEADER, rows, () => {
		if (pending === 0) {
			const p = productFields(Math.floor(variant / 6), seed);
			const { sizes, colours } = p.family;
			const size = sizes[variant % sizes.length];
			const colour = colours[Math.floor(variant / sizes.length) % colours.length];
			const code = `${p.ownerCode}-${size}-${colour.slice(0, 3).toUpperCase() || 'NA'}-${variant}`;
			const slug = code.toLowerCase();
			current = [
				p.ownerCode,
				code,
				'',
				csvCell(`${p.name} ${size}`),
				p.price,
				(Number(p.price) * 0.6).toFixed(2),
				colour,
				size,
				`https://images.example.com/v/${slug}.jpg`,
				`https://shop.example.com/p/${p.ownerCode.toLowerCase()}?size=${size}`,
				random() < 0.1 ? 'true' : 'false',
				'1',
			];
			pending = variant % 4 === 3 ? 2 : 1;
			variant++;
		}
		pending--;
		barcode += 1 + Math.floor(random() * 5);
		// Leading zeros must survive: every fifth barcode is written with them.
		current[2] = variant % 5 === 0 ? `0${barcode}` : String(barcode);
		return `${current.join(',')}\n`;
	});
}
