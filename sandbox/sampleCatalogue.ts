import type { CatalogueStore } from './catalogue';
import { addProduct, addProductVariant } from './catalogueWrites';

/**
 * The two products of Spaaza's sample product list file (D-imp) with a few variants, so an export
 * from a fresh sandbox (`sampleCatalogue: true`, CLI `--sample-catalogue`) has rows to show.
 */
const PRODUCTS = [
	{
		owner_code: 'PROD001',
		name: 'Super Tank Top',
		description: 'Tank top for summer wear',
		price: '25.00',
		brand: 'TANK TOPTASTIC',
		category: 'Clothing > Tops > Tank Tops',
		web_url: 'http://www.example.com/tank_top.html',
		is_promotional: 'false',
		cost_price: '17.40',
		unit: 'item',
	},
	{
		owner_code: 'PROD002',
		name: 'Loose Leaf Ceylon Tea',
		description: 'Loose leaf tea from Sri Lanka',
		price: '12.50',
		brand: 'ACME TEAS',
		category: 'Loose Leaf Teas',
		web_url: 'http://www.example.com/ceylon_tea.html',
		is_promotional: 'false',
		cost_price: '8.00',
		unit: 'g',
	},
];

const VARIANTS = [
	{
		product_owner_code: 'PROD001',
		owner_code: 'PROD001-S-BLUE',
		size: 'S',
		colour: 'BLUE',
		barcodes: '8712345000017',
	},
	{
		product_owner_code: 'PROD001',
		owner_code: 'PROD001-M-BLUE',
		size: 'M',
		colour: 'BLUE',
		barcodes: '8712345000024,8712345000031',
	},
	{
		product_owner_code: 'PROD002',
		owner_code: 'PROD002-100G',
		size: '100g',
		price: '12.50',
		barcodes: '0040123456789',
	},
];

export function addSampleCatalogue(store: CatalogueStore, chainId: number): void {
	for (const product of PRODUCTS) addProduct(store, chainId, product);
	for (const variant of VARIANTS) addProductVariant(store, chainId, variant);
}
