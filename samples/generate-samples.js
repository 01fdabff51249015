// Writes the shipped sample file set (samples/*.csv) deterministically: `node samples/generate-samples.js`.
// The CSV files are committed; this script only documents how they were made and remakes them.
'use strict';
const fs = require('fs');
const path = require('path');

const FILE_SET = '20251024_100000';

let seed = 20251024;
function random() {
	seed = (seed * 1103515245 + 12345) % 2147483648;
	return seed / 2147483648;
}
const pick = (list) => list[Math.floor(random() * list.length)];

function cell(value) {
	const text = value === undefined || value === null ? '' : String(value);
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
const row = (values) => values.map(cell).join(',');

const FAMILIES = [
	{
		code: 'TOP',
		brand: 'TANK TOPTASTIC',
		maker: 'Toptastic Textiles B.V.',
		category: 'Clothing > Tops > Tank Tops',
		kinds: ['Tank Top', 'Racer Tank', 'Linen Vest', 'Ribbed Tank'],
		price: [19, 35],
		unit: 'item',
		sizes: ['S', 'M', 'L'],
		colours: ['Navy', 'White', 'Sage'],
	},
	{
		code: 'KNIT',
		brand: 'Aran Brands Inc.',
		maker: 'Aran Woollen Mills',
		category: 'Clothing > Knitwear > Jumpers',
		kinds: ['Merino Aran Jumper', 'Cable Cardigan', 'Fisherman Sweater'],
		price: [79, 149],
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
		price: [8, 16],
		unit: 'g',
		sizes: ['100g', '250g'],
		colours: [''],
	},
	{
		code: 'SHOE',
		brand: 'Schuhwerk München',
		maker: 'Schuhwerk GmbH',
		category: 'Footwear > Sneakers',
		kinds: ['Canvas Sneaker', 'Leather Runner', 'Trail Shoe'],
		price: [59, 129],
		unit: 'item',
		sizes: ['39', '40', '41', '42', '43'],
		colours: ['Black', 'Weiß'],
	},
	{
		code: 'KIT',
		brand: 'Maison Crème',
		maker: 'Crème & Fils',
		category: 'Home > Kitchen > Cookware',
		kinds: ['Cast Iron Pan', 'Enamel Pot', 'Chef Knife'],
		price: [24, 189],
		unit: 'item',
		sizes: ['20cm', '26cm'],
		colours: ['Rouge', 'Noir'],
	},
];

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

const products = [];
const variants = [];
let barcodeCounter = 42436011;

function barcode(index) {
	// Every fourth code is an EAN-13 with leading zeros; a few are 20-digit internal codes.
	barcodeCounter += 7;
	if (index % 11 === 5) return `00000${barcodeCounter}${barcodeCounter}`.slice(0, 20);
	if (index % 4 === 0) return `00${barcodeCounter}${index % 10}`.padEnd(13, '7').slice(0, 13);
	return `20000${barcodeCounter}`.slice(0, 13);
}

for (let i = 0; i < 64; i++) {
	const family = FAMILIES[i % FAMILIES.length];
	const special = SPECIAL[i % 11 === 3 ? (i / 11) | 0 : -1];
	const ownerCode = `${family.code}-${String(1001 + i)}`;
	const base = family.price[0] + Math.floor(random() * (family.price[1] - family.price[0]));
	const price = `${base}.${pick(['00', '50', '95', '99'])}`;
	const cost = (Number(price) * 0.6).toFixed(2);
	const name = special
		? special.name
		: `${pick(family.kinds)} ${pick(['Classic', 'Essential', 'Premium', 'Studio'])} ${i + 1}`;
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

	const sizes = family.sizes.slice(0, 2 + (i % 2));
	for (const size of sizes) {
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
				image_url: i % 5 === 4 ? '' : `https://images.example.com/${variantCode.toLowerCase()}.jpg`,
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

function write(name, list) {
	const columns = Object.keys(list[0]);
	const text =
		[row(columns), ...list.map((item) => row(columns.map((c) => item[c])))].join('\n') + '\n';
	fs.writeFileSync(path.join(__dirname, name), text);
	return list.length;
}

const productCount = write(`productlist_${FILE_SET}.csv`, products);
const variantRows = write(`variantlist_${FILE_SET}.csv`, variants);
process.stdout.write(`${productCount} products, ${variantRows} variant rows\n`);
