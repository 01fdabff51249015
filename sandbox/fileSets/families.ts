/** Product families a retailer's catalogue is made of; the sample set and the large lists use them. */
export interface Family {
	code: string;
	brand: string;
	maker: string;
	category: string;
	kinds: readonly string[];
	/** Whole-currency price range of the sample set. */
	price: readonly [number, number];
	unit: string;
	sizes: readonly string[];
	colours: readonly string[];
}

export const FAMILIES: readonly Family[] = [
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

export const TIERS = ['Classic', 'Essential', 'Premium', 'Studio'] as const;
