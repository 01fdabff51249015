import { readCsv } from '../../../../nodes/core/fileset/csv/csvReader';
import {
	parseFileSet,
	type FileSetSource,
	type ParseFileSetOptions,
} from '../../../../nodes/core/fileset/parseFileSet';

/** Splits content into chunks of `size` bytes, to exercise chunk boundaries. */
export async function* chunks(content: string | Buffer, size = Infinity): AsyncGenerator<Buffer> {
	const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
	if (bytes.length === 0) return;
	const step = Number.isFinite(size) ? size : bytes.length;
	for (let at = 0; at < bytes.length; at += step) yield bytes.subarray(at, at + step);
}

export function file(name: string, content: string | Buffer, size?: number): FileSetSource {
	return { name, stream: () => Promise.resolve(chunks(content, size)) };
}

export const TS = '20251024_100000';
export const P = `productlist_${TS}.csv`;
export const V = `variantlist_${TS}.csv`;

export const PRODUCT_HEADER = 'owner_code,name,price,is_promotional,web_url';
export const VARIANT_HEADER =
	'product_owner_code,product_variant_owner_code,barcode,name,price,colour,size';

export const GOOD_PRODUCTS = `${PRODUCT_HEADER}\nP1,Tank Top,25.00,false,https://example.com/p1\n`;
export const GOOD_VARIANTS = `${VARIANT_HEADER}\nP1,V1,2000042436011,Navy S,25.00,Navy,S\n`;

/** Parses one set made of the given product and variant file contents. */
export function parseSet(
	products: string | Buffer | undefined,
	variants: string | Buffer | undefined,
	options: ParseFileSetOptions = {},
) {
	const files: FileSetSource[] = [];
	if (products !== undefined) files.push(file(P, products));
	if (variants !== undefined) files.push(file(V, variants));
	return parseFileSet(files, options);
}

/** Every record readCsv reads from `content` fed in `size`-byte chunks, with its lines, and every problem. */
export async function readChunked(content: string | Buffer, size: number) {
	const out: Array<[string[], number, number]> = [];
	const problems: Array<[string, number]> = [];
	await readCsv(
		chunks(content, size),
		(fields, line, last) => {
			out.push([fields, line, last]);
		},
		(problem) => {
			problems.push([problem.code, problem.line]);
		},
	);
	return { out, problems };
}
