import { runCatalogue, type Case, prod, GOOD_P2, GOOD_P } from './catalogue';
import { GOOD_PRODUCTS, GOOD_VARIANTS, P, PRODUCT_HEADER, V, parseSet } from './helpers';

// File-level and CSV-level inputs of README "Spaaza file sets": headers, separators, encoding, quoting, empty files, sets.
const cases: Case[] = [
	{
		name: 'uppercase header',
		products: 'OWNER_CODE,Name,price\nP1,X,1\n',
		issues: [
			{ code: 'SPAAZA_HEADER_CASE', file: P, line: 1, column: 'OWNER_CODE' },
			{ code: 'SPAAZA_HEADER_CASE', file: P, line: 1, column: 'Name' },
			{ code: 'SPAAZA_SET_INCOMPLETE' },
		],
	},
	{
		name: 'missing required column',
		products: 'owner_code,price\nP1,1\n',
		issues: [
			{ code: 'SPAAZA_MISSING_COLUMN', file: P, line: 1, column: 'name' },
			{ code: 'SPAAZA_SET_INCOMPLETE' },
		],
	},
	{
		name: 'variant list without barcode column',
		variants: 'product_owner_code,product_variant_owner_code\nP1,V1\n',
		issues: [{ code: 'SPAAZA_MISSING_COLUMN', file: V, line: 1, column: 'barcode' }],
		options: { requireCompleteSets: false },
	},
	{
		name: 'duplicate header',
		products: 'owner_code,name,name\nP1,X,Y\n',
		issues: [
			{ code: 'SPAAZA_DUPLICATE_COLUMN', file: P, line: 1, column: 'name' },
			{ code: 'SPAAZA_SET_INCOMPLETE' },
		],
	},
	{
		name: 'a control character in a column name rejects the file',
		products: '\u0000owner_code,name\nP1,X\n',
		issues: [
			{ code: 'SPAAZA_CSV_SYNTAX', file: P, line: 1, column: '\\u0000owner_code' },
			{ code: 'SPAAZA_SET_INCOMPLETE' },
		],
	},
	{
		name: 'unknown columns pass through with one warning',
		products: 'owner_code,name,supplier,notes\nP1,X,ACME,a\nP2,Y,,b\n',
		issues: [
			{
				code: 'SPAAZA_UNKNOWN_COLUMN',
				file: P,
				line: 1,
				column: 'supplier, notes',
				severity: 'warning',
			},
		],
		products_out: ['P1', 'P2'],
	},
	{
		name: 'semicolon-separated file',
		products: 'owner_code;name;price\nP1;X;1\n',
		issues: [{ code: 'SPAAZA_CSV_SYNTAX', file: P, line: 1 }, { code: 'SPAAZA_SET_INCOMPLETE' }],
	},
	{
		name: 'tab-separated file',
		products: 'owner_code\tname\tprice\nP1\tX\t1\n',
		options: { requireCompleteSets: false },
		issues: [{ code: 'SPAAZA_CSV_SYNTAX', file: P, line: 1 }],
	},
	{
		name: 'UTF-8 BOM',
		products: `\uFEFF${GOOD_PRODUCTS}`,
		variants: GOOD_VARIANTS,
		issues: [],
		products_out: ['P1'],
		variants_out: ['V1:2000042436011'],
	},
	{
		name: 'CRLF line endings with a multi-line value',
		products: `${PRODUCT_HEADER}\r\nP1,"Two\r\nlines",1,false,\r\nP2,X,1,false,\r\nP3,X,-1,false,\r\n`,
		issues: [{ code: 'SPAAZA_INVALID_VALUE', file: P, line: 5, column: 'price' }],
		products_out: ['P1', 'P2'],
	},
	{
		name: 'invalid UTF-8 (Latin-1 é)',
		products: Buffer.concat([
			Buffer.from(`${PRODUCT_HEADER}\n${GOOD_P}\nP3,Caf`),
			Buffer.from([0xe9]),
			Buffer.from(',1,false,\nP4,X,1,false,\n'),
		]),
		issues: [{ code: 'SPAAZA_ENCODING', file: P, line: 3, column: 'name' }],
		products_out: ['P1', 'P4'],
	},
	{
		name: 'unterminated quote',
		products: prod(GOOD_P, 'P3,"Open,1,false,', 'P4,X,1,false,'),
		issues: [{ code: 'SPAAZA_CSV_SYNTAX', file: P, line: 3 }],
		products_out: ['P1'],
	},
	{
		name: 'quote inside an unquoted value',
		products: prod(GOOD_P, 'P3,12" screen,1,false,', GOOD_P2),
		issues: [{ code: 'SPAAZA_CSV_SYNTAX', file: P, line: 3 }],
		products_out: ['P1', 'P2'],
	},
	{
		name: 'wrong number of fields',
		products: prod(GOOD_P, 'P3,X,1,false', 'P4,X,1,false,,extra', GOOD_P2),
		issues: [
			{ code: 'SPAAZA_CSV_SYNTAX', file: P, line: 3 },
			{ code: 'SPAAZA_CSV_SYNTAX', file: P, line: 4 },
		],
		products_out: ['P1', 'P2'],
	},
	{
		name: 'quoted comma, newline and escaped quote',
		products: prod('P1,"Tee, ""Navy""\nsize S",1,false,', 'P2,X,1,false,'),
		issues: [],
		products_out: ['P1', 'P2'],
	},
	{
		name: 'empty file',
		products: '',
		variants: GOOD_VARIANTS,
		issues: [{ code: 'SPAAZA_EMPTY_FILE', file: P, line: 1 }, { code: 'SPAAZA_SET_INCOMPLETE' }],
	},
	{
		name: 'empty file, incomplete sets allowed',
		products: '',
		variants: GOOD_VARIANTS,
		options: { requireCompleteSets: false },
		issues: [{ code: 'SPAAZA_EMPTY_FILE', file: P, line: 1 }],
		variants_out: ['V1:2000042436011'],
	},
	{
		name: 'header-only file',
		products: `${PRODUCT_HEADER}\n`,
		variants: GOOD_VARIANTS,
		issues: [{ code: 'SPAAZA_EMPTY_FILE', file: P, line: 1, severity: 'warning' }],
		variants_out: ['V1:2000042436011'],
	},
	{
		name: 'set missing its variant list',
		alone: true,
		products: GOOD_PRODUCTS,
		issues: [{ code: 'SPAAZA_SET_INCOMPLETE', severity: 'error' }],
	},
	{
		name: 'set missing its variant list, incomplete sets allowed',
		alone: true,
		products: GOOD_PRODUCTS,
		options: { requireCompleteSets: false },
		issues: [{ code: 'SPAAZA_SET_INCOMPLETE', severity: 'warning' }],
		products_out: ['P1'],
	},
	{
		name: 'rows of bare commas from a spreadsheet are skipped',
		products: prod(GOOD_P, ',,,,', ' , ,,,', 'P3,X,bad,false,'),
		issues: [{ code: 'SPAAZA_INVALID_VALUE', file: P, line: 5, column: 'price' }],
		products_out: ['P1'],
	},
	{
		name: 'blank lines are skipped and lines still count',
		products: `${PRODUCT_HEADER}\n\n${GOOD_P}\n\nP3,X,bad,false,\n`,
		issues: [{ code: 'SPAAZA_INVALID_VALUE', file: P, line: 5, column: 'price' }],
		products_out: ['P1'],
	},
];

runCatalogue('parseFileSet: file and CSV problems', cases);

describe('what the file-level errors say', () => {
	it('names every line of a row whose quoted value runs over a line break, so a row it swallowed is accounted for', async () => {
		// The line break after P1's row is missing: P2's row is read as the rest of P1's.
		const products = `${PRODUCT_HEADER}\nP1,"Tank\nTop",25.00,false,https://example.com/p1P2,Y,1.00,false,https://example.com/p2\nP3,Z,2.00,false,\n`;
		const result = await parseSet(products, undefined, { requireCompleteSets: false });
		const errors = result.issues.filter((issue) => issue.severity === 'error');
		expect(errors).toEqual([
			expect.objectContaining({
				code: 'SPAAZA_CSV_SYNTAX',
				line: 2,
				message: expect.stringMatching(
					/^Lines 2 to 3 were read as one row \(a quoted value runs over a line break\), so none of them was imported; that row has 9 values but the header has 5 columns/,
				),
			}),
		]);
		expect(result.sets.flatMap((set) => set.products.map((p) => p.owner_code))).toEqual(['P3']);
	});

	it('names the lines a quote problem carried into its row, so a row it swallowed is accounted for', async () => {
		// Text after the closing quote on line 2; the quote then runs on over the line break.
		const products = `${PRODUCT_HEADER}\nP1,"a""b"""x,1\n",false,\nP3,Z,2.00,false,\n`;
		const result = await parseSet(products, undefined, { requireCompleteSets: false });
		const errors = result.issues.filter((issue) => issue.severity === 'error');
		expect(errors.map((issue) => [issue.code, issue.line])).toEqual([
			['SPAAZA_CSV_SYNTAX', 2],
			['SPAAZA_CSV_SYNTAX', 3],
		]);
		expect(errors[1].message).toBe(
			'Line 3 was read as part of the row at line 2 (a quoted value there runs over the line break), so it was not imported. Fix the quotes on line 2',
		);
		expect(result.sets.flatMap((set) => set.products.map((p) => p.owner_code))).toEqual(['P3']);
	});

	it('shows a control character in a column name escaped, not raw', async () => {
		const result = await parseSet('owner_code,name,no\u0007te\nP1,X,a\n', undefined, {
			requireCompleteSets: false,
		});
		const [issue] = result.issues.filter((i) => i.severity === 'error');
		expect(issue.message).toContain(
			'Column 3 of the header ("no\\u0007te") contains a control character',
		);
		expect([...issue.message].filter((c) => c.charCodeAt(0) < 32)).toEqual([]);
		expect(result.sets.flatMap((set) => set.products)).toEqual([]);
	});

	it.each([
		['a product list', 'owner_code,name,price\rP1,Tank,25.00\rP2,Top,3.00\r', undefined],
		[
			'a variant list',
			undefined,
			'product_owner_code,product_variant_owner_code,barcode\rP1,V1,1\r',
		],
	])('says that %s uses CR-only line endings', async (_name, products, variants) => {
		const result = await parseSet(products, variants, { requireCompleteSets: false });
		const errors = result.issues.filter((issue) => issue.severity === 'error');
		expect(errors).toEqual([
			expect.objectContaining({
				code: 'SPAAZA_CSV_SYNTAX',
				line: 1,
				message: expect.stringContaining('end in a carriage return (CR) alone'),
			}),
		]);
		expect(result.sets.flatMap((set) => [...set.products, ...set.variants])).toEqual([]);
	});

	it.each([
		['LF', '\n'],
		['CRLF', '\r\n'],
	])(
		'names the right lines after a quote problem in a file with %s line ends',
		async (_name, eol) => {
			// The same file as the test above, and quote problems after a multi-line value.
			const swallowed = [PRODUCT_HEADER, 'P1,"a""b"""x,1', '",false,', 'P3,Z,2.00,false,', ''].join(
				eol,
			);
			const after = [
				PRODUCT_HEADER,
				'P0,"two',
				'lines",1.00,false,',
				'P1,"a""b"""x,1',
				'",false,',
				'P3,Z,2.00,false,',
				'P4,a"b,1.00,false,',
				'P5,Z,2.00,false,',
				'',
			].join(eol);
			const lines = async (products: string) =>
				(await parseSet(products, undefined, { requireCompleteSets: false })).issues
					.filter((issue) => issue.severity === 'error')
					.map((issue) => [issue.line, issue.message.slice(0, 50)]);
			expect(await lines(swallowed)).toEqual([
				[2, expect.stringMatching(/^Line 2 /)],
				[3, expect.stringMatching(/^Line 3 was read as part of the row at line 2/)],
			]);
			expect(await lines(after)).toEqual([
				[4, expect.stringMatching(/^Line 4 /)],
				[5, expect.stringMatching(/^Line 5 was read as part of the row at line 4/)],
				[7, expect.stringMatching(/^Line 7 /)],
			]);
		},
	);
});
