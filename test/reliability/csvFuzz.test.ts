/**
 * Hostile and mutated CSV (issue "Reliability and security", part 2): seeded mutations of the
 * shipped sample set — byte flips, truncation, deletions, inserted quotes, separators, NULs, line
 * breaks, BOMs and invalid UTF-8 — fed to the parser core (`parseFileSet`), plus a few monsters
 * (a 1 MB field, 10,000 columns, a 1 MB line without a break). For every case:
 *
 * - it settles (never throws with `onInvalidRow: report`) within a per-case time bound;
 * - every issue is a `SPAAZA_*` code with severity error or warning;
 * - every record it produces passes the shared record checks (nodes/shared/records) again;
 * - a record that differs from the one the undamaged file gives comes from a damaged line;
 * - records that went missing are explained by at least one error.
 *
 * SPAAZA_FUZZ_CASES sets the number of cases (default 2,000), SPAAZA_FUZZ_SEED the seed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';

import { parseFileSet, type ParseFileSetResult } from '../../nodes/shared/fileset';
import { checkProductRecord, checkVariantRecord } from '../../nodes/shared/records';

const CASES = Number(process.env.SPAAZA_FUZZ_CASES ?? 2_000);
const SEED = Number(process.env.SPAAZA_FUZZ_SEED ?? 20251024);
const SAMPLES = path.resolve(__dirname, '../../samples');
const SET = '20251024_100000';
const FILES = {
	product: `productlist_${SET}.csv`,
	variant: `variantlist_${SET}.csv`,
} as const;
type Which = keyof typeof FILES;

const pristine: Record<Which, Buffer> = {
	product: readFileSync(path.join(SAMPLES, FILES.product)),
	variant: readFileSync(path.join(SAMPLES, FILES.variant)),
};

/** A case must settle within this (the sample files parse in a few ms). */
const CASE_BOUND_MS = 2_000;
const MONSTER_BOUND_MS = 15_000;

type Op =
	| { kind: 'flip'; at: number; byte: number }
	| { kind: 'insert'; at: number; bytes: number[] }
	| { kind: 'delete'; at: number; length: number }
	| { kind: 'truncate'; at: number };

const NASTY: number[][] = [
	[0x22], // "
	[0x22, 0x22],
	[0x2c], // ,
	[0x3b], // ;
	[0x09], // tab
	[0x00], // NUL
	[0x0a], // LF
	[0x0d], // CR
	[0x0d, 0x0a],
	[0xef, 0xbb, 0xbf], // a BOM in the middle
	[0xff], // never valid in UTF-8
	[0xc3], // a lead byte without its continuation
	[0x80], // a lone continuation byte
	[0xe2, 0x82], // a cut 3-byte character
	[0xed, 0xa0, 0x80], // an encoded UTF-16 surrogate (invalid UTF-8)
	[0xe2, 0x80, 0xa8], // U+2028
	[0x5c], // backslash
	[0x2c, 0x22, 0x2c],
];

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
	fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
	fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.constantFrom(...NASTY) }),
	fc.record({
		kind: fc.constant('insert' as const),
		at: fc.nat(),
		bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => [...bytes]),
	}),
	fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
	fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

const caseArbitrary = fc.record({
	which: fc.constantFrom<Which>('product', 'variant'),
	ops: fc.array(opArbitrary, { minLength: 1, maxLength: 3 }),
});

interface Mutated {
	bytes: Buffer;
	/** Byte ranges of the mutated file that are new or next to a removal. */
	touched: Array<[number, number]>;
}

/** Applies the operations in turn; `touched` follows the bytes as later operations move them. */
export function mutate(source: Buffer, ops: readonly Op[]): Mutated {
	let bytes = Buffer.from(source);
	let touched: Array<[number, number]> = [];
	const shift = (from: number, by: number) => {
		touched = touched.map(([a, b]) => [a >= from ? a + by : a, b >= from ? b + by : b]);
	};
	for (const op of ops) {
		const at = bytes.length === 0 ? 0 : op.at % (bytes.length + (op.kind === 'insert' ? 1 : 0));
		if (op.kind === 'flip' && bytes.length > 0) {
			bytes[at] = op.byte;
			touched.push([at, at + 1]);
		} else if (op.kind === 'insert') {
			bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(op.bytes), bytes.subarray(at)]);
			shift(at, op.bytes.length);
			touched.push([at, at + op.bytes.length]);
		} else if (op.kind === 'delete') {
			const end = Math.min(bytes.length, at + op.length);
			bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(end)]);
			touched = touched.map(([a, b]) => [Math.min(a, a >= end ? a - (end - at) : at), b >= end ? b - (end - at) : Math.max(at, Math.min(b, at))]);
			touched.push([Math.max(0, at - 1), at + 1]);
		} else if (op.kind === 'truncate') {
			bytes = bytes.subarray(0, at);
			touched = touched.map(([a, b]) => [Math.min(a, at), Math.min(b, at)]);
			touched.push([Math.max(0, at - 1), at + 1]);
		}
	}
	return { bytes, touched };
}

/** Physical lines (1-based) that hold a touched byte; a CR or LF counts for the line it ends. */
function touchedLines(bytes: Buffer, touched: Array<[number, number]>): Set<number> {
	const lines = new Set<number>();
	const lineStarts = [0];
	for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) lineStarts.push(i + 1);
	const lineOf = (offset: number) => {
		let lo = 0;
		let hi = lineStarts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (lineStarts[mid] <= offset) lo = mid;
			else hi = mid - 1;
		}
		return lo + 1;
	};
	for (const [a, b] of touched) {
		// A damaged line can also join with (or split from) its neighbours: count those too.
		for (let line = lineOf(Math.max(0, a)) - 1; line <= lineOf(Math.max(a, b - 1)) + 1; line++) lines.add(line);
	}
	return lines;
}

async function* chunks(bytes: Buffer, size = 64 * 1024): AsyncIterable<Buffer> {
	for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** Parses the given files of the set; each file's records are looked at alone. */
async function parse(files: Partial<Record<Which, Buffer>>): Promise<ParseFileSetResult> {
	return await parseFileSet(
		(Object.keys(files) as Which[]).map((which) => ({ name: FILES[which], stream: chunks(files[which]!) })),
		{ onInvalidRow: 'report', requireCompleteSets: false },
	);
}

type Rec = Record<string, unknown>;

const identity = (record: Rec) => String(record.owner_code ?? `#${String(record.id)}`);

function content(record: Rec): string {
	const rest = { ...record };
	delete rest._source;
	return JSON.stringify(rest, Object.keys(rest).sort());
}

function recordsOf(result: ParseFileSetResult): { product: Rec[]; variant: Rec[] } {
	return {
		product: result.sets.flatMap((set) => set.products as unknown as Rec[]),
		variant: result.sets.flatMap((set) => set.variants as unknown as Rec[]),
	};
}

let baseline: { product: Map<string, string>; variant: Map<string, string> };
let baselineBarcodes: Map<string, string[]>;

/**
 * A variant whose own rows are intact but that lost barcodes: another of its rows was damaged
 * into a different variant, or cut away. The file then really says so (and Parse reports the
 * damaged row); what must never happen is a changed value on an intact row.
 */
function lostBarcodesOnly(record: Rec): boolean {
	const before = baselineBarcodes.get(identity(record)) ?? [];
	const now = (record.barcodes as string[]) ?? [];
	const same = content({ ...record, barcodes: [] }) === content({ ...JSON.parse(baseline.variant.get(identity(record)) ?? '{}'), barcodes: [] });
	return same && now.length < before.length && now.every((barcode) => before.includes(barcode));
}
const tally = { cases: 0, withErrors: 0, changedRecords: 0, nulRecords: 0, slowestMs: 0 };

beforeAll(async () => {
	const result = await parse(pristine);
	expect(result.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
	const records = recordsOf(result);
	expect(records.product.length).toBeGreaterThan(10);
	expect(records.variant.length).toBeGreaterThan(10);
	baseline = {
		product: new Map(records.product.map((r) => [identity(r), content(r)])),
		variant: new Map(records.variant.map((r) => [identity(r), content(r)])),
	};
	baselineBarcodes = new Map(records.variant.map((r) => [identity(r), r.barcodes as string[]]));
});

afterAll(() => {
	console.log(JSON.stringify({ csvFuzz: { seed: SEED, ...tally } }));
});

/** Everything a case's outcome must satisfy; throws with a readable reason otherwise. */
function checkOutcome(
	which: Which,
	mutated: Mutated,
	result: ParseFileSetResult,
	ms: number,
	bound: number,
	rowsRemoved: boolean,
): void {
	if (ms > bound) throw new Error(`took ${ms} ms (bound ${bound} ms)`);
	for (const issue of result.issues) {
		if (!/^SPAAZA_[A-Z0-9_]+$/.test(issue.code) || !['error', 'warning'].includes(issue.severity)) {
			throw new Error(`not a SPAAZA issue: ${JSON.stringify(issue)}`);
		}
	}
	const errors = result.issues.filter((issue) => issue.severity === 'error');
	const records = recordsOf(result);
	const lines = touchedLines(mutated.bytes, mutated.touched);
	for (const kind of [which]) {
		const check = kind === 'product' ? checkProductRecord : checkVariantRecord;
		for (const record of records[kind]) {
			const checked = check(record);
			if (!checked.ok) throw new Error(`${kind} ${identity(record)} fails the record checks: ${JSON.stringify(checked.problems)}`);
			const text = JSON.stringify(record);
			if (text.includes('\\ufffd') || text.includes('\uFFFD')) throw new Error(`${kind} ${identity(record)} holds U+FFFD (damaged UTF-8)`);
			if (text.includes('\\u0000')) tally.nulRecords++;
			if (baseline[kind].get(identity(record)) === content(record)) continue;
			tally.changedRecords++;
			// A record changes only through a damaged line.
			const sourceLines = ((record._source as { lines?: number[] } | undefined)?.lines ?? []) as number[];
			// A damaged header changes how every row of the file is read (e.g. a renamed column).
			const fromDamagedLine = lines.has(1) || sourceLines.some((line) => lines.has(line));
			if (!fromDamagedLine && !(kind === 'variant' && lostBarcodesOnly(record))) {
				throw new Error(
					`${kind} ${identity(record)} differs from the undamaged file but none of its lines (${sourceLines.join(', ')}) was damaged (damaged: ${[...lines].join(', ')}): ${JSON.stringify(record)}`,
				);
			}
		}
		// Nothing goes missing in silence, unless whole rows were cut away: a file truncated at a
		// line break is a shorter valid file, which no parser can tell from the real thing.
		if (rowsRemoved) continue;
		const produced = new Set(records[kind].map(identity));
		const missing = [...baseline[kind].keys()].filter((key) => !produced.has(key));
		// ...or renamed: damage can turn an owner code into another valid one.
		const renamed = records[kind].filter((record) => !baseline[kind].has(identity(record))).length;
		if (missing.length > renamed && errors.length === 0) {
			throw new Error(`${missing.length} ${kind} records missing without any error: ${missing.slice(0, 5).join(', ')}`);
		}
	}
	tally.cases++;
	if (errors.length > 0) tally.withErrors++;
	tally.slowestMs = Math.max(tally.slowestMs, ms);
}

async function runCase(which: Which, mutated: Mutated, bound = CASE_BOUND_MS, rowsRemoved = false): Promise<void> {
	const started = Date.now();
	const result = await parse({ [which]: mutated.bytes });
	checkOutcome(which, mutated, result, Date.now() - started, bound, rowsRemoved);
}

it(`survives ${CASES} seeded mutations of the sample set`, async () => {
	await fc.assert(
		fc.asyncProperty(caseArbitrary, async ({ which, ops }) => {
			const removes = ops.some((op) => op.kind === 'truncate' || op.kind === 'delete');
			await runCase(which, mutate(pristine[which], ops), CASE_BOUND_MS, removes);
		}),
		{ numRuns: CASES, seed: SEED, endOnFailure: false },
	);
}, 600_000);

describe('monster files', () => {
	const header = (which: Which) => pristine[which].subarray(0, pristine[which].indexOf(0x0a) + 1);
	const MB = 1024 * 1024;

	const monsters: Array<[string, Which, () => Buffer]> = [
		['a 1 MB description', 'product', () => Buffer.concat([header('product'), Buffer.from(`,HUGE-1,Huge,${'x'.repeat(MB)},1.00,,,,,,,,,,,\n`)])],
		['a 1 MB quoted field full of quotes and commas', 'product', () => Buffer.concat([header('product'), Buffer.from(`,HUGE-2,"${'a"",'.repeat(MB / 4)}",,1.00,,,,,,,,,,,\n`)])],
		['a 1 MB line without a line break', 'variant', () => Buffer.from('x'.repeat(MB))],
		['a 1 MB header line', 'product', () => Buffer.from(`${'owner_code,'.repeat(MB / 11)}\n,A\n`)],
		['10,000 columns', 'variant', () => Buffer.concat([header('variant').subarray(0, -1), Buffer.from(`${',extra'.repeat(10_000)}\nP,V,123${',x'.repeat(10_010)}\n`)])],
		['a row with 10,000 extra values', 'variant', () => Buffer.concat([header('variant'), Buffer.from(`TOP-1001,V-1,123${','.repeat(10_000)}\n`)])],
		['an unterminated quote at the start', 'product', () => Buffer.concat([header('product'), Buffer.from('"'), pristine.product.subarray(header('product').length)])],
		['only NUL bytes', 'product', () => Buffer.alloc(64 * 1024)],
		['random bytes', 'variant', () => Buffer.from(Array.from({ length: 256 * 1024 }, (_, i) => (i * 2654435761) >>> 24))],
		['UTF-16 LE with a BOM', 'product', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(pristine.product.toString('utf8'), 'utf16le')])],
		['100,000 empty lines', 'product', () => Buffer.concat([header('product'), Buffer.from('\n'.repeat(100_000)), Buffer.from(',LAST-1,Last,,1.00,,,,,,,,,,,\n')])],
		['20,000 copies of one row', 'variant', () => Buffer.concat([header('variant'), Buffer.from('TOP-1001,TOP-1001-S-NAV,2000042436018,,,,,,,,,\n'.repeat(20_000))])],
	];

	it.each(monsters)('%s: settles with records or SPAAZA issues', async (_name, which, build) => {
		const bytes = build();
		await runCase(which, { bytes, touched: [[0, bytes.length]] }, MONSTER_BOUND_MS, true);
	}, 60_000);
});
