/**
 * The shipped sample file set read straight with csv-parse, independent of Parse Spaaza File Set,
 * as the oracle for "the sandbox catalogue equals the file set".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parse } from 'csv-parse/sync';
import type { IDataObject } from 'n8n-workflow';

export const SAMPLE_SET = '20251024_100000';
export const SAMPLE_DIR = path.resolve(__dirname, '../../../samples');
export const PRODUCT_FILE = `productlist_${SAMPLE_SET}.csv`;
export const VARIANT_FILE = `variantlist_${SAMPLE_SET}.csv`;

function rowsOf(file: string): Array<Record<string, string>> {
	return parse(readFileSync(path.join(SAMPLE_DIR, file)), { columns: true, bom: true }) as Array<
		Record<string, string>
	>;
}

/** Empty cells mean "not provided" (README "Spaaza file sets"). */
function provided(row: Record<string, string>): IDataObject {
	return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== ''));
}

export function sampleProducts(): IDataObject[] {
	return rowsOf(PRODUCT_FILE).map(provided);
}

/** One record per variant, barcodes in file order (one row per barcode in the file). */
export function sampleVariants(): IDataObject[] {
	const byCode = new Map<string, IDataObject>();
	for (const row of rowsOf(VARIANT_FILE)) {
		const {
			product_variant_owner_code: ownerCode,
			barcode,
			...fields
		} = provided(row) as Record<string, string>;
		const variant = byCode.get(ownerCode) ?? {
			owner_code: ownerCode,
			...fields,
			barcodes: [] as string[],
		};
		(variant.barcodes as string[]).push(barcode);
		byCode.set(ownerCode, variant);
	}
	return [...byCode.values()];
}
