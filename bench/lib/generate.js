'use strict';
// Deterministic (seeded) Spaaza file sets for the benchmarks. Files are cached under
// .cache/bench/data and remade only when the generator or the requested size changes.
const fs = require('node:fs');
const path = require('node:path');
const { compiled } = require('./common');

const GENERATOR_VERSION = 3;
const FILE_SET = '20250101_000000';

/** The seeded PRNG the sandbox and the tests use (sandbox/random.ts, compiled for the benchmarks). */
let prng;
function seededRandom(seed) {
	prng ??= compiled('sandbox/random').seededRandom;
	return prng(seed);
}

function cell(value) {
	const text = value === undefined || value === null ? '' : String(value);
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const FAMILIES = [
	{
		code: 'TOP',
		brand: 'TANK TOPTASTIC',
		maker: 'Toptastic Textiles B.V.',
		category: 'Clothing > Tops > Tank Tops',
		kinds: ['Tank Top', 'Racer Tank', 'Linen Vest', 'Ribbed Tank'],
		unit: 'item',
		sizes: ['XS', 'S', 'M', 'L', 'XL'],
		colours: ['Navy', 'White', 'Sage', 'Black'],
	},
	{
		code: 'KNIT',
		brand: 'Aran Brands Inc.',
		maker: 'Aran Woollen Mills',
		category: 'Clothing > Knitwear > Jumpers',
		kinds: ['Merino Aran Jumper', 'Cable Cardigan', 'Fisherman Sweater'],
		unit: 'item',
		sizes: ['S', 'M', 'L', 'XL'],
		colours: ['Cream', 'Charcoal'],
	},
	{
		code: 'TEA',
		brand: 'ACME TEAS',
		maker: 'Acme Tea Estates',
		category: 'Food > Tea > Loose Leaf Teas',
		kinds: ['Ceylon Tea', 'Assam Breakfast', 'Earl Grey', 'Rooibos'],
		unit: 'g',
		sizes: ['100g', '250g', '500g'],
		colours: [''],
	},
	{
		code: 'SHOE',
		brand: 'Schuhwerk München',
		maker: 'Schuhwerk GmbH',
		category: 'Footwear > Sneakers',
		kinds: ['Canvas Sneaker', 'Leather Runner', 'Trail Shoe'],
		unit: 'item',
		sizes: ['39', '40', '41', '42', '43', '44'],
		colours: ['Black', 'Weiß'],
	},
	{
		code: 'KIT',
		brand: 'Maison Crème',
		maker: 'Crème & Fils',
		category: 'Home > Kitchen > Cookware',
		kinds: ['Cast Iron Pan', 'Enamel Pot', 'Chef Knife'],
		unit: 'item',
		sizes: ['20cm', '26cm'],
		colours: ['Rouge', 'Noir'],
	},
];
const TIERS = ['Classic', 'Essential', 'Premium', 'Studio'];
const SEASONS = ['SS25', 'AW25', 'SS26'];

/** A product's own values depend only on the seed and its index, so both lists agree on them. */
function productFields(index, seed) {
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

function writeRows(file, header, rowCount, makeRow) {
	const fd = fs.openSync(file, 'w');
	try {
		let chunk = `${header}\n`;
		for (let i = 0; i < rowCount; i++) {
			chunk += makeRow(i);
			if (chunk.length > 1 << 20) {
				fs.writeSync(fd, chunk);
				chunk = '';
			}
		}
		fs.writeSync(fd, chunk);
	} finally {
		fs.closeSync(fd);
	}
}

const PRODUCT_HEADER =
	'id,owner_code,name,description,price,cost_price,brand,manufacturer,season,category,web_url,image_url,is_promotional,private_label,unit,update_if_exists';

function writeProductList(file, rows, seed) {
	const random = seededRandom(seed);
	writeRows(file, PRODUCT_HEADER, rows, (i) => {
		const p = productFields(i, seed);
		const slug = p.ownerCode.toLowerCase();
		const cost = random() < 0.2 ? '' : (Number(p.price) * 0.6).toFixed(2);
		return `${[
			'',
			p.ownerCode,
			cell(p.name),
			cell(p.description),
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

const VARIANT_HEADER =
	'product_owner_code,product_variant_owner_code,barcode,name,price,cost_price,colour,size,image_url,web_url,is_promotional,update_if_exists';

/**
 * One row per barcode: about a quarter of the variants carry two barcodes (two adjacent rows that
 * agree on every other field), as a retailer's EAN + internal code export does.
 */
function writeVariantList(file, rows, seed) {
	const random = seededRandom(seed);
	let variant = 0;
	let pending = 0;
	let current = '';
	let barcode = 4000000000000;
	writeRows(file, VARIANT_HEADER, rows, () => {
		if (pending === 0) {
			const productIndex = Math.floor(variant / 6);
			const p = productFields(productIndex, seed);
			const size = p.family.sizes[variant % p.family.sizes.length];
			const colour =
				p.family.colours[Math.floor(variant / p.family.sizes.length) % p.family.colours.length];
			const code = `${p.ownerCode}-${size}-${colour.slice(0, 3).toUpperCase() || 'NA'}-${variant}`;
			const slug = code.toLowerCase();
			current = [
				p.ownerCode,
				code,
				null,
				cell(`${p.name} ${size}`),
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

/**
 * Makes (or reuses) `<type>_<FILE_SET>.csv` with `rows` data rows in `dir/<label>/`.
 * Returns { file, bytes, rows }.
 */
function ensureFile(dataDir, type, rows, seed = 1) {
	const label = `${type}-${rows}-s${seed}`;
	const dir = path.join(dataDir, label);
	const file = path.join(dir, `${type}_${FILE_SET}.csv`);
	const metaFile = path.join(dir, 'meta.json');
	const meta = { generator: GENERATOR_VERSION, type, rows, seed };
	if (fs.existsSync(file) && fs.existsSync(metaFile)) {
		const found = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
		if (JSON.stringify(found) === JSON.stringify(meta))
			return { file, rows, bytes: fs.statSync(file).size, generated: false };
	}
	fs.mkdirSync(dir, { recursive: true });
	if (type === 'productlist') writeProductList(file, rows, seed);
	else writeVariantList(file, rows, seed);
	fs.writeFileSync(metaFile, JSON.stringify(meta));
	return { file, rows, bytes: fs.statSync(file).size, generated: true };
}

/**
 * The file of `ensureFile` with a quote problem in its first data row (`"` inside a value), so
 * Parse's well-formed reader hands every row to its general reader (nodes/core/fileset/csv/csvCore.ts).
 */
function ensureDamagedFile(dataDir, type, rows, seed = 1) {
	const source = ensureFile(dataDir, type, rows, seed);
	const dir = path.join(dataDir, `${type}-${rows}-s${seed}-damaged`);
	const file = path.join(dir, path.basename(source.file));
	if (!source.generated && fs.existsSync(file))
		return { file, rows, bytes: fs.statSync(file).size, generated: false };
	fs.mkdirSync(dir, { recursive: true });
	const bytes = fs.readFileSync(source.file);
	const at = bytes.indexOf(0x0a) + 3;
	fs.writeFileSync(
		file,
		Buffer.concat([bytes.subarray(0, at), Buffer.from('"'), bytes.subarray(at)]),
	);
	return { file, rows, bytes: fs.statSync(file).size, generated: true };
}

module.exports = { ensureFile, ensureDamagedFile, FILE_SET };
