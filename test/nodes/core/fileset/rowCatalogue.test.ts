import { runCatalogue, type Case, prod, vars, GOOD_P2, GOOD_P, GOOD_V } from './catalogue';
import { P, V } from './helpers';

// Row-level inputs of README "Spaaza file sets": values, required fields, variant grouping, duplicates.
const cases: Case[] = [
	{
		name: 'price with a thousands separator',
		products: prod(GOOD_P, 'P3,X,"1,501.23",false,'),
		issues: [{ code: 'SPAAZA_INVALID_VALUE', file: P, line: 3, column: 'price' }],
		products_out: ['P1'],
	},
	{
		name: 'price with a comma decimal and dot thousands',
		products: prod('P3,X,"1.501,23",false,', GOOD_P),
		issues: [{ code: 'SPAAZA_INVALID_VALUE', file: P, line: 2, column: 'price' }],
		products_out: ['P1'],
	},
	{
		name: 'price with a currency symbol',
		products: prod(GOOD_P, 'P3,X,€25,false,', GOOD_P2),
		issues: [{ code: 'SPAAZA_INVALID_VALUE', file: P, line: 3, column: 'price' }],
		products_out: ['P1', 'P2'],
	},
	{
		name: 'negative price',
		products: prod(GOOD_P, 'P3,X,-1,false,'),
		issues: [{ code: 'SPAAZA_INVALID_VALUE', file: P, line: 3, column: 'price' }],
		products_out: ['P1'],
	},
	{
		name: 'boolean written as yes',
		products: prod(GOOD_P, 'P3,X,1,yes,'),
		issues: [{ code: 'SPAAZA_INVALID_VALUE', file: P, line: 3, column: 'is_promotional' }],
		products_out: ['P1'],
	},
	{
		name: 'URL without http(s)',
		products: prod(GOOD_P, 'P3,X,1,false,ftp://example.com/x'),
		issues: [{ code: 'SPAAZA_INVALID_VALUE', file: P, line: 3, column: 'web_url' }],
		products_out: ['P1'],
	},
	{
		name: 'owner_code longer than 64 characters',
		products: prod(GOOD_P, `${'A'.repeat(65)},X,1,false,`),
		issues: [{ code: 'SPAAZA_INVALID_VALUE', file: P, line: 3, column: 'owner_code' }],
		products_out: ['P1'],
	},
	{
		name: 'name of 255 non-ASCII characters is not too long',
		products: prod(`P3,${'日'.repeat(255)},1,false,`),
		issues: [],
		products_out: ['P3'],
	},
	{
		name: 'row with neither id nor owner_code',
		products: 'id,owner_code,name\n,,Nameless\n7,,\n,P1,Tank\n',
		issues: [{ code: 'SPAAZA_MISSING_VALUE', file: P, line: 2, column: 'owner_code' }],
		products_out: ['#7', 'P1'],
	},
	{
		name: 'name missing without id',
		products: prod(GOOD_P, 'P3,,1,false,'),
		issues: [{ code: 'SPAAZA_MISSING_VALUE', file: P, line: 3, column: 'name' }],
		products_out: ['P1'],
	},
	{
		name: 'id that is not a whole number',
		products: 'id,owner_code,name\n1.5,P3,X\n,P1,Tank\n',
		issues: [{ code: 'SPAAZA_INVALID_VALUE', file: P, line: 2, column: 'id' }],
		products_out: ['P1'],
	},
	{
		name: 'variant rows that are not adjacent',
		variants: vars(
			GOOD_V,
			'P1,V2,0001,Navy M,25.00,Navy,M',
			'P1,V1,2000042436012,Navy S,25.00,Navy,S',
		),
		issues: [],
		variants_out: ['V1:2000042436011|2000042436012', 'V2:0001'],
	},
	{
		name: 'one barcode on two variants',
		variants: vars(
			GOOD_V,
			'P1,V2,2000042436011,Navy M,25.00,Navy,M',
			'P1,V3,3,Navy L,25.00,Navy,L',
		),
		issues: [{ code: 'SPAAZA_DUPLICATE_BARCODE', file: V, line: 2, column: 'barcode' }],
		variants_out: ['V3:3'],
	},
	{
		name: 'conflicting rows of one variant',
		variants: vars(
			GOOD_V,
			'P1,V2,5,Navy M,25.00,Navy,M',
			'P1,V1,2000042436012,Navy S,25.00,Blue,S',
		),
		issues: [{ code: 'SPAAZA_VARIANT_CONFLICT', file: V, line: 2, column: 'colour' }],
		variants_out: ['V2:5'],
	},
	{
		name: 'equal amounts written differently do not conflict',
		variants: vars(GOOD_V, 'P1,V1,2000042436012,Navy S,25,Navy,S'),
		issues: [],
		variants_out: ['V1:2000042436011|2000042436012'],
	},
	{
		name: 'repeated barcode within a variant',
		variants: vars(GOOD_V, GOOD_V),
		issues: [
			{ code: 'SPAAZA_REPEATED_BARCODE', file: V, line: 3, column: 'barcode', severity: 'warning' },
		],
		variants_out: ['V1:2000042436011'],
	},
	{
		name: 'leading zeros and 20-digit barcodes stay as written',
		variants: vars('P1,V1,0000123,a,1,b,c', 'P1,V1,12345678901234567890,a,1,b,c'),
		issues: [],
		variants_out: ['V1:0000123|12345678901234567890'],
	},
	{
		name: 'bad row of a variant holds back the whole variant',
		variants: vars(GOOD_V, 'P1,V1,2000042436012,Navy S,x,Navy,S', 'P1,V2,7,Navy M,25.00,Navy,M'),
		issues: [
			{ code: 'SPAAZA_INVALID_VALUE', file: V, line: 3, column: 'price' },
			{ code: 'SPAAZA_INVALID_VALUE', file: V, line: 2, column: 'product_variant_owner_code' },
		],
		variants_out: ['V2:7'],
	},
	{
		name: 'variant row without barcode or product',
		variants: vars(GOOD_V, 'P1,V2,,a,1,b,c', ',V3,9,a,1,b,c'),
		issues: [
			{ code: 'SPAAZA_MISSING_VALUE', file: V, line: 3, column: 'barcode' },
			{ code: 'SPAAZA_MISSING_VALUE', file: V, line: 4, column: 'product_owner_code' },
		],
		variants_out: ['V1:2000042436011'],
	},
	{
		name: 'same product twice with different values',
		products: prod(GOOD_P, 'P1,Tank Top,26.00,false,', GOOD_P2),
		issues: [{ code: 'SPAAZA_DUPLICATE_RECORD', file: P, line: 2, column: 'owner_code' }],
		products_out: ['P2'],
	},
	{
		name: 'same product twice, identical',
		products: prod(GOOD_P, GOOD_P),
		issues: [{ code: 'SPAAZA_DUPLICATE_RECORD', file: P, line: 3, severity: 'warning' }],
		products_out: ['P1'],
	},
];

runCatalogue('parseFileSet: row and record problems', cases);
