import type { SpaazaCode } from '../../../../nodes/core/errors';
import type { ParseFileSetOptions } from '../../../../nodes/core/fileset/parseFileSet';
import { GOOD_PRODUCTS, GOOD_VARIANTS, PRODUCT_HEADER, VARIANT_HEADER, parseSet } from './helpers';

/**
 * The malformed and tricky inputs of README "Spaaza file sets", one row each: the exact code, file, line and
 * column reported, and the records that still come out of the same file.
 */
export interface Case {
	name: string;
	products?: string | Buffer;
	variants?: string | Buffer;
	options?: ParseFileSetOptions;
	issues: Array<{
		code: SpaazaCode;
		file?: string;
		line?: number;
		column?: string;
		severity?: 'error' | 'warning';
	}>;
	products_out?: string[];
	variants_out?: string[];
	/** Parse the given file alone; otherwise the other file of the set is a good one. */
	alone?: boolean;
}

export const prod = (...rows: string[]) => `${PRODUCT_HEADER}\n${rows.join('\n')}\n`;
export const vars = (...rows: string[]) => `${VARIANT_HEADER}\n${rows.join('\n')}\n`;
export const GOOD_P = 'P1,Tank Top,25.00,false,https://example.com/p1';
export const GOOD_P2 = 'P2,Tea,12.50,0,';
export const GOOD_V = 'P1,V1,2000042436011,Navy S,25.00,Navy,S';

function code(record: Record<string, unknown>): string {
	if (Array.isArray(record.barcodes))
		return `${record.owner_code}:${(record.barcodes as string[]).join('|')}`;
	return typeof record.owner_code === 'string' ? record.owner_code : `#${record.id}`;
}

/** Runs a table of cases: each asserts the exact issues and the records that still come out. */
export function runCatalogue(title: string, cases: Case[]): void {
	describe(title, () => {
		test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
			const products_in = c.products ?? (c.alone ? undefined : GOOD_PRODUCTS);
			const variants_in = c.variants ?? (c.alone ? undefined : GOOD_VARIANTS);
			const result = await parseSet(products_in, variants_in, c.options);
			const got = result.issues.map((issue) => ({
				code: issue.code,
				...(issue.file !== undefined ? { file: issue.file } : {}),
				...(issue.line !== undefined ? { line: issue.line } : {}),
				...(issue.column !== undefined ? { column: issue.column } : {}),
				severity: issue.severity,
			}));
			const want = c.issues.map((issue) => ({ severity: 'error', ...issue }));
			expect(got).toEqual(want.map((w) => expect.objectContaining(w)));
			const products = result.sets.flatMap((set) => set.products.map(code));
			const variants = result.sets.flatMap((set) => set.variants.map(code));
			if (c.products !== undefined || c.alone) expect(products).toEqual(c.products_out ?? []);
			if (c.variants !== undefined || c.alone) expect(variants).toEqual(c.variants_out ?? []);
			for (const issue of result.issues) expect(issue.message.length).toBeGreaterThan(20);
		});
	});
}
