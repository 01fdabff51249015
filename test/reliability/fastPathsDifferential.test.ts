/**
 * Every speed-up of the parser (nodes/core/fileset/fastPaths.ts) must give exactly what the plain
 * path gives: the same records, key for key and in the same order, and the same issues, message
 * for message. Each case of the CSV fuzz corpus (test/reliability/csvCorpus.ts: seeded mutations
 * of the sample set, as LF and as CRLF files, read in chunks of several sizes) is parsed with
 * every fast path on, with each one off in turn, and with all of them off.
 *
 * SPAAZA_FUZZ_CASES sets the number of cases (default 100 per line ending; `npm run soak` runs 1,000), SPAAZA_FUZZ_SEED the seed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';

import { ALL_FAST_PATHS, type FastPaths } from '../../nodes/core/fileset/fastPaths';
import { parseFileSet } from '../../nodes/core/fileset/parseFileSet';
import { mutate, opsArbitrary } from './csvCorpus';
import { chunks } from '../nodes/core/fileset/helpers';

const CASES = Math.max(50, Math.round(Number(process.env.SPAAZA_FUZZ_CASES ?? 2_000) / 20));
const SEED = Number(process.env.SPAAZA_FUZZ_SEED ?? 20251024);
const SAMPLES = path.resolve(__dirname, '../../samples');
const SET = '20251024_100000';
const FILES = { product: `productlist_${SET}.csv`, variant: `variantlist_${SET}.csv` } as const;
type Which = keyof typeof FILES;

const lf: Record<Which, Buffer> = {
	product: readFileSync(path.join(SAMPLES, FILES.product)),
	variant: readFileSync(path.join(SAMPLES, FILES.variant)),
};
const crlfOf = (bytes: Buffer) =>
	Buffer.from(bytes.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
const crlf: Record<Which, Buffer> = { product: crlfOf(lf.product), variant: crlfOf(lf.variant) };

const NAMES = Object.keys(ALL_FAST_PATHS) as Array<keyof FastPaths>;
const ALL_OFF = Object.fromEntries(NAMES.map((name) => [name, false])) as Partial<FastPaths>;
const VARIANTS: Array<[string, Partial<FastPaths>]> = [
	...NAMES.map((name): [string, Partial<FastPaths>] => [`without ${name}`, { [name]: false }]),
	['without any fast path', ALL_OFF],
];

/** Everything Parse hands out, as text: records with their keys in order, then the issues. */
async function outcome(
	which: Which,
	bytes: Buffer,
	chunkSize: number,
	fastPaths?: Partial<FastPaths>,
): Promise<string> {
	const result = await parseFileSet([{ name: FILES[which], stream: chunks(bytes, chunkSize) }], {
		onInvalidRow: 'report',
		requireCompleteSets: false,
		...(fastPaths ? { fastPaths } : {}),
	});
	return JSON.stringify({ sets: result.sets, issues: result.issues }, null, 1);
}

async function compare(which: Which, bytes: Buffer, chunkSize: number): Promise<void> {
	const fast = await outcome(which, bytes, chunkSize);
	for (const [label, fastPaths] of VARIANTS) {
		const plain = await outcome(which, bytes, chunkSize, fastPaths);
		if (plain !== fast) {
			// The first difference, readable in the failure.
			const a = fast.split('\n');
			const b = plain.split('\n');
			const at = a.findIndex((line, i) => line !== b[i]);
			throw new Error(
				`${label} differs at output line ${at}: ${JSON.stringify(b.slice(Math.max(0, at - 3), at + 3))} instead of ${JSON.stringify(a.slice(Math.max(0, at - 3), at + 3))}`,
			);
		}
	}
}

const caseArbitrary = fc.record({
	which: fc.constantFrom<Which>('product', 'variant'),
	ops: opsArbitrary,
	chunkSize: fc.constantFrom(7, 64, 1000, 64 * 1024),
});

describe.each([
	['LF', lf],
	['CRLF', crlf],
])('%s files: every fast path gives what the plain path gives', (_name, pristine) => {
	test('on the undamaged sample set', async () => {
		for (const which of ['product', 'variant'] as const) await compare(which, pristine[which], 64);
	});

	test(`on ${CASES} seeded mutations of the sample set`, async () => {
		await fc.assert(
			fc.asyncProperty(caseArbitrary, async ({ which, ops, chunkSize }) => {
				await compare(which, mutate(pristine[which], ops).bytes, chunkSize);
			}),
			{ numRuns: CASES, seed: SEED, endOnFailure: true },
		);
	}, 600_000);
});

describe('files made to reach each fast path', () => {
	const header = 'product_owner_code,product_variant_owner_code,barcode,colour,update_if_exists';
	const files: Array<[string, string]> = [
		[
			'an empty barcode on a repeated row',
			`${header}\nP1,V1,111,Red,\nP1,V1,999,Red,\nP1,V1,,Red,\n`,
		],
		['a blank barcode on a repeated row', `${header}\nP1,V1,111,Red,\nP1,V1, ,Red,\n`],
		['an invalid barcode on a repeated row', `${header}\nP1,V1,111,Red,\nP1,V1,1\u00072,Red,\n`],
		['a repeated barcode on a repeated row', `${header}\nP1,V1,111,Red,\nP1,V1,111,Red,\n`],
		['a barcode of another variant', `${header}\nP1,V1,111,Red,\nP1,V2,222,Red,\nP1,V1,222,Red,\n`],
		['a repeated row after a rejected one', `${header}\nP1,V1,111,Red,x\nP1,V1,222,Red,x\n`],
		[
			'a CR first seen late',
			`${header}\n${'P1,V1,1,Red,\n'.repeat(3)}P1,V2,"a\r\nb",Red,\r\nP1,V3,3,R\re,\n`,
		],
	];
	test.each(files)('%s', async (_name, content) => {
		for (const size of [1, 5, 64 * 1024]) await compare('variant', Buffer.from(content), size);
	});
});
