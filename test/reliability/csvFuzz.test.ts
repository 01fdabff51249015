/**
 * Hostile and mutated CSV (issue "Reliability and security", part 2): seeded mutations of the
 * shipped sample set — byte flips, truncation, deletions, inserted quotes, separators, NULs, line
 * breaks, BOMs and invalid UTF-8 — fed to the parser core (`parseFileSet`), plus a few monsters
 * (a 1 MB field, 10,000 columns, a 1 MB line without a break). For every case:
 *
 * - it settles (never throws with `onInvalidRow: report`) within a per-case time bound;
 * - every issue is a `SPAAZA_*` code with severity error or warning;
 * - every record it produces passes the shared record checks (nodes/core/records) again and
 *   holds no control character or U+FFFD;
 * - no record is imported from a line reported as an error;
 * - a record that differs from the one the undamaged file gives comes from a damaged line, and
 *   unless a line of it is reported, the damage changed at most one value per damaged spot (a
 *   damaged cell that still holds a valid value, which no parser can tell from the real thing);
 * - a variant never loses a barcode in silence: a row that still names it was withheld with it,
 *   or the row was damaged into another record, reported, or cut away by truncation;
 * - every record of the undamaged file that is missing is explained on its own: an error on one
 *   of its (damaged) lines or naming it, its row damaged into another record, or its rows cut
 *   away by truncation (a file cut at a line break is a shorter valid file: the documented limit).
 *
 * SPAAZA_FUZZ_CASES sets the number of cases (default 2,000), SPAAZA_FUZZ_SEED the seed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';

import { parseFileSet, type ParseFileSetResult } from '../../nodes/core/fileset';
import { checkProductRecord, checkVariantRecord } from '../../nodes/core/records';
import { mutate, opsArbitrary, type Mutated } from './csvCorpus';

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

const caseArbitrary = fc.record({
	which: fc.constantFrom<Which>('product', 'variant'),
	ops: opsArbitrary,
});

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
		for (let line = lineOf(Math.max(0, a)) - 1; line <= lineOf(Math.max(a, b - 1)) + 1; line++)
			lines.add(line);
	}
	return lines;
}

async function* chunks(bytes: Buffer, size = 64 * 1024): AsyncIterable<Buffer> {
	for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** Parses the given files of the set; each file's records are looked at alone. */
async function parse(files: Partial<Record<Which, Buffer>>): Promise<ParseFileSetResult> {
	return await parseFileSet(
		(Object.keys(files) as Which[]).map((which) => ({
			name: FILES[which],
			stream: chunks(files[which]!),
		})),
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

let baseline: { product: Map<string, Rec>; variant: Map<string, Rec> };
/** Source line (1-based) of each barcode of the undamaged variant file. */
let barcodeLine: Map<string, number>;

/** Start offsets of the lines of a file; a line runs up to and including its LF. */
function lineStarts(bytes: Buffer): number[] {
	const starts = [0];
	for (let i = 0; i < bytes.length; i++)
		if (bytes[i] === 0x0a && i + 1 < bytes.length) starts.push(i + 1);
	return starts;
}

/** How the damaged file's lines relate to the source's (lines 1-based). */
interface LineMap {
	/** Damaged lines holding any byte of each source line. */
	damagedLinesOf(sourceLine: number): number[];
	/** Whether a damaged line is an unchanged copy of a source line. */
	intact(damagedLine: number): boolean;
	/** The source lines a damaged line holds bytes of. */
	sourceLinesOf(damagedLine: number): number[];
	text(damagedLine: number): string;
}

function lineMap(source: Buffer, mutated: Mutated): LineMap {
	const origin = mutated.origin!;
	const sourceStarts = lineStarts(source);
	const starts = lineStarts(mutated.bytes);
	const sourceLineAt = (offset: number) => {
		let lo = 0;
		let hi = sourceStarts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (sourceStarts[mid] <= offset) lo = mid;
			else hi = mid - 1;
		}
		return lo + 1;
	};
	const bySource = new Map<number, Set<number>>();
	const sources: Array<Set<number>> = [];
	const intact: boolean[] = [];
	starts.forEach((start, index) => {
		const end = index + 1 < starts.length ? starts[index + 1] : mutated.bytes.length;
		const lines = new Set<number>();
		for (let i = start; i < end; i++) if (origin[i] >= 0) lines.add(sourceLineAt(origin[i]));
		sources.push(lines);
		for (const line of lines)
			(bySource.get(line) ?? bySource.set(line, new Set()).get(line)!).add(index + 1);
		const first = origin[start];
		let whole = first >= 0 && start < end && sourceStarts[sourceLineAt(first) - 1] === first;
		for (let i = start; whole && i < end; i++) whole = origin[i] === first + (i - start);
		const sourceEnd =
			sourceLineAt(first) < sourceStarts.length ? sourceStarts[sourceLineAt(first)] : source.length;
		intact.push(whole && first + (end - start) === sourceEnd);
	});
	return {
		damagedLinesOf: (line) => [...(bySource.get(line) ?? [])],
		intact: (line) => intact[line - 1] ?? false,
		sourceLinesOf: (line) => [...(sources[line - 1] ?? [])],
		text: (line) =>
			mutated.bytes
				.subarray(starts[line - 1] ?? 0, line < starts.length ? starts[line] : mutated.bytes.length)
				.toString('utf8'),
	};
}

/** Fields (barcodes count one each) in which two records differ. */
function differingFields(a: Rec, b: Rec): string[] {
	const keys = new Set(
		[...Object.keys(a), ...Object.keys(b)].filter((key) => key !== '_source' && key !== 'barcodes'),
	);
	const changed = [...keys].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
	const before = (a.barcodes as string[] | undefined) ?? [];
	const after = (b.barcodes as string[] | undefined) ?? [];
	for (const barcode of after) if (!before.includes(barcode)) changed.push(`barcode ${barcode}`);
	for (const barcode of before) if (!after.includes(barcode)) changed.push(`barcode ${barcode}`);
	return changed;
}

// eslint-disable-next-line no-control-regex -- a control character in a record is the damage this looks for
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const tally = {
	cases: 0,
	withErrors: 0,
	changedRecords: 0,
	changedUnreported: 0,
	explainedMissing: 0,
	movedByDamage: 0,
	cutAway: 0,
	slowestMs: 0,
};

beforeAll(async () => {
	const result = await parse(pristine);
	expect(result.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
	const records = recordsOf(result);
	expect(records.product.length).toBeGreaterThan(10);
	expect(records.variant.length).toBeGreaterThan(10);
	baseline = {
		product: new Map(records.product.map((r) => [identity(r), r])),
		variant: new Map(records.variant.map((r) => [identity(r), r])),
	};
	barcodeLine = new Map();
	pristine.variant
		.toString('utf8')
		.split('\n')
		.forEach((text, i) => barcodeLine.set(text.split(',')[2], i + 1));
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
): void {
	if (ms > bound) throw new Error(`took ${ms} ms (bound ${bound} ms)`);
	for (const issue of result.issues) {
		if (!/^SPAAZA_[A-Z0-9_]+$/.test(issue.code) || !['error', 'warning'].includes(issue.severity)) {
			throw new Error(`not a SPAAZA issue: ${JSON.stringify(issue)}`);
		}
	}
	const errors = result.issues.filter((issue) => issue.severity === 'error');
	const errorLines = new Set(
		errors.map((issue) => issue.line).filter((line) => line !== undefined),
	);
	// An issue reports its own line and every line its message names ("… on line 257"): a row
	// damaged into another variant's code is reported in that variant's conflict.
	const reportedLines = new Set(
		result.issues.flatMap((issue) => [
			...(issue.line === undefined ? [] : [issue.line]),
			...linesNamedIn(issue.message),
		]),
	);
	const records = recordsOf(result)[which];
	const check = which === 'product' ? checkProductRecord : checkVariantRecord;
	const linesOf = (record: Rec) =>
		((record._source as { lines?: number[] } | undefined)?.lines ?? []) as number[];
	for (const record of records) {
		const checked = check(record);
		if (!checked.ok)
			throw new Error(
				`${which} ${identity(record)} fails the record checks: ${JSON.stringify(checked.problems)}`,
			);
		const text = JSON.stringify(record);
		if (text.includes('\\ufffd') || text.includes('\uFFFD'))
			throw new Error(`${which} ${identity(record)} holds U+FFFD (damaged UTF-8)`);
		if (Object.values(record).some((value) => typeof value === 'string' && CONTROL.test(value)))
			throw new Error(`${which} ${identity(record)} holds a control character: ${text}`);
		const rejected = linesOf(record).filter((line) => errorLines.has(line));
		if (rejected.length > 0)
			throw new Error(
				`${which} ${identity(record)} was imported from line ${rejected.join(', ')}, reported as an error`,
			);
	}
	if (!mutated.origin) return finish(errors.length, ms);

	// What follows compares with the undamaged file, line by line.
	const map = lineMap(pristine[which], mutated);
	const headerDamaged = !(
		map.intact(1) &&
		map.sourceLinesOf(1).join() === '1' &&
		map.damagedLinesOf(1).length === 1
	);
	const produced = new Map(records.map((record) => [identity(record), record]));
	const touched = touchedLines(mutated.bytes, mutated.touched);
	const reported = (lines: number[]) => lines.some((line) => reportedLines.has(line));
	const damagedLinesOfRecord = (record: Rec) =>
		linesOf(record).flatMap((line) => map.damagedLinesOf(line));
	/** Produced records that hold a byte of these damaged lines (a row damaged into them). */
	const holders = (lines: number[]) =>
		records.filter((record) => linesOf(record).some((line) => lines.includes(line)));

	for (const record of records) {
		const before = baseline[which].get(identity(record));
		if (before && content(before) === content(record)) continue;
		tally.changedRecords++;
		const lines = linesOf(record);
		const damaged = headerDamaged || lines.some((line) => !map.intact(line) || touched.has(line));
		if (!damaged) {
			// Intact rows that read differently: only a variant that lost a barcode, checked below.
			const lost =
				before &&
				which === 'variant' &&
				differingFields(before, record).every((field) => field.startsWith('barcode '));
			if (!lost) {
				throw new Error(
					`${which} ${identity(record)} differs from the undamaged file but none of its lines (${lines.join(', ')}) was damaged: ${JSON.stringify(record)}`,
				);
			}
		}
		if (headerDamaged || reported(lines)) continue;
		// Unreported: each damaged spot may have turned one cell into another valid value, no more.
		// Compared with the record of the same code and with the one its line held before the
		// damage (a damaged owner code can name another record whose own row was rejected).
		const onItsLine =
			lines.length === 1 && map.sourceLinesOf(lines[0]).length === 1
				? [...baseline[which].values()].find((r) =>
						linesOf(r).includes(map.sourceLinesOf(lines[0])[0]),
					)
				: undefined;
		const candidates = [before, onItsLine].filter((r): r is Rec => r !== undefined);
		if (candidates.length === 0) continue;
		const changed = candidates
			.map((was) =>
				differingFields(was, record).filter(
					(field) => !field.startsWith('barcode ') || which === 'product',
				),
			)
			.reduce((fewest, next) => (next.length < fewest.length ? next : fewest));
		tally.changedUnreported++;
		if (changed.length > (mutated.spots ?? 1)) {
			throw new Error(
				`${which} ${identity(record)} changed in ${changed.length} values (${changed.join(', ')}) by ${mutated.spots} damaged spot(s) and nothing was reported on lines ${lines.join(', ')}`,
			);
		}
	}

	// A variant never loses a barcode in silence.
	if (which === 'variant' && !headerDamaged) {
		for (const [code, before] of baseline.variant) {
			const now = produced.get(code);
			if (!now) continue;
			for (const barcode of before.barcodes as string[]) {
				if ((now.barcodes as string[]).includes(barcode)) continue;
				const rows = map.damagedLinesOf(barcodeLine.get(barcode)!);
				if (rows.length === 0) {
					if (!mutated.truncated)
						throw new Error(
							`variant ${code} lost barcode ${barcode}: its row is gone but the file was not truncated`,
						);
					tally.cutAway++;
					continue;
				}
				const stillItsRow = rows.filter(
					(line) => map.text(line).split(',')[1] === code && !linesOf(now).includes(line),
				);
				if (stillItsRow.length > 0) {
					throw new Error(
						`variant ${code} was imported without barcode ${barcode}, but line ${stillItsRow.join(', ')} still gives that barcode's row to it (${JSON.stringify(map.text(stillItsRow[0]))}); the variant must be withheld whole`,
					);
				}
				if (holders(rows).length > 0) tally.movedByDamage++;
				else if (!reported(rows))
					throw new Error(
						`variant ${code} lost barcode ${barcode} and nothing was reported on its row (now line ${rows.join(', ')})`,
					);
			}
		}
	}

	// Nothing goes missing in silence, checked for every record on its own.
	const fileRejected = errors.some(
		(issue) =>
			issue.code === 'SPAAZA_MISSING_COLUMN' ||
			issue.message.includes('the file was not imported') ||
			issue.message.startsWith('No variant of this file was imported'),
	);
	for (const [code, before] of baseline[which]) {
		if (produced.has(code)) continue;
		const rows = damagedLinesOfRecord(before);
		const namedBy = errors.filter(
			(issue) =>
				issue.value === code ||
				new RegExp(`(^|[^\\w-])${code.replace(/[^\w]/g, '\\$&')}([^\\w-]|$)`).test(issue.message),
		);
		// A misplaced quote joins the lines after it into one value, and the error on that row
		// (its syntax, a cell of it, its encoding) says which lines went with it.
		const swallowed = errors.some((issue) => {
			if (issue.line === undefined || rows.length === 0) return false;
			if (issue.code === 'SPAAZA_CSV_SYNTAX' && issue.message.includes('never closed'))
				return issue.line <= Math.min(...rows);
			const span =
				/Lines (\d+) to (\d+) were read as one row/.exec(issue.message) ??
				/^Lines? (\d+)(?: to (\d+))? (?:was|were) read as part of the row at line/.exec(
					issue.message,
				);
			if (span === null) return false;
			const [from, to] = [Number(span[1]), Number(span[2] ?? span[1])];
			return rows.some((row) => row >= from && row <= to);
		});
		const explained =
			rows.some((line) => errorLines.has(line)) ||
			namedBy.length > 0 ||
			swallowed ||
			fileRejected ||
			(headerDamaged && errors.some((issue) => issue.line === undefined || issue.line === 1));
		if (explained) {
			tally.explainedMissing++;
			continue;
		}
		if (holders(rows).length > 0) {
			tally.movedByDamage++;
			continue;
		}
		if (
			mutated.truncated &&
			linesOf(before).every((line) => map.damagedLinesOf(line).every((row) => !map.intact(row)))
		) {
			tally.cutAway++;
			continue;
		}
		throw new Error(
			`${which} ${code} (source lines ${linesOf(before).join(', ')}, now ${rows.join(', ') || 'gone'}) is missing and nothing explains it: no error on its lines or naming it; errors: ${JSON.stringify(errors.slice(0, 3))}`,
		);
	}
	finish(errors.length, ms);
}

/** The line numbers a message names: `line 7`, `lines 2, 3 and 9` (not the count in "and 2,995 more"). */
function linesNamedIn(message: string): number[] {
	const lines: number[] = [];
	for (const match of message.matchAll(/\blines? (\d+(?!,\d)(?:(?:, | and )\d+(?!,\d))*)/g)) {
		for (const number of match[1].split(/, | and /)) lines.push(Number(number));
	}
	return lines;
}

function finish(errorCount: number, ms: number): void {
	tally.cases++;
	if (errorCount > 0) tally.withErrors++;
	tally.slowestMs = Math.max(tally.slowestMs, ms);
}

async function runCase(which: Which, mutated: Mutated, bound = CASE_BOUND_MS): Promise<void> {
	const started = Date.now();
	const result = await parse({ [which]: mutated.bytes });
	checkOutcome(which, mutated, result, Date.now() - started, bound);
}

it(`survives ${CASES} seeded mutations of the sample set`, async () => {
	await fc.assert(
		fc.asyncProperty(caseArbitrary, async ({ which, ops }) => {
			await runCase(which, mutate(pristine[which], ops), CASE_BOUND_MS);
		}),
		{ numRuns: CASES, seed: SEED, endOnFailure: false },
	);
}, 600_000);

describe('monster files', () => {
	const header = (which: Which) => pristine[which].subarray(0, pristine[which].indexOf(0x0a) + 1);
	const MB = 1024 * 1024;

	const monsters: Array<[string, Which, () => Buffer]> = [
		[
			'a 1 MB description',
			'product',
			() =>
				Buffer.concat([
					header('product'),
					Buffer.from(`,HUGE-1,Huge,${'x'.repeat(MB)},1.00,,,,,,,,,,,\n`),
				]),
		],
		[
			'a 1 MB quoted field full of quotes and commas',
			'product',
			() =>
				Buffer.concat([
					header('product'),
					Buffer.from(`,HUGE-2,"${'a"",'.repeat(MB / 4)}",,1.00,,,,,,,,,,,\n`),
				]),
		],
		['a 1 MB line without a line break', 'variant', () => Buffer.from('x'.repeat(MB))],
		['a 1 MB header line', 'product', () => Buffer.from(`${'owner_code,'.repeat(MB / 11)}\n,A\n`)],
		[
			'10,000 columns',
			'variant',
			() =>
				Buffer.concat([
					header('variant').subarray(0, -1),
					Buffer.from(`${',extra'.repeat(10_000)}\nP,V,123${',x'.repeat(10_010)}\n`),
				]),
		],
		[
			'a row with 10,000 extra values',
			'variant',
			() =>
				Buffer.concat([header('variant'), Buffer.from(`TOP-1001,V-1,123${','.repeat(10_000)}\n`)]),
		],
		[
			'an unterminated quote at the start',
			'product',
			() =>
				Buffer.concat([
					header('product'),
					Buffer.from('"'),
					pristine.product.subarray(header('product').length),
				]),
		],
		['only NUL bytes', 'product', () => Buffer.alloc(64 * 1024)],
		[
			'random bytes',
			'variant',
			() => Buffer.from(Array.from({ length: 256 * 1024 }, (_, i) => (i * 2654435761) >>> 24)),
		],
		[
			'UTF-16 LE with a BOM',
			'product',
			() =>
				Buffer.concat([
					Buffer.from([0xff, 0xfe]),
					Buffer.from(pristine.product.toString('utf8'), 'utf16le'),
				]),
		],
		[
			'100,000 empty lines',
			'product',
			() =>
				Buffer.concat([
					header('product'),
					Buffer.from('\n'.repeat(100_000)),
					Buffer.from(',LAST-1,Last,,1.00,,,,,,,,,,,\n'),
				]),
		],
		[
			'20,000 copies of one row',
			'variant',
			() =>
				Buffer.concat([
					header('variant'),
					Buffer.from('TOP-1001,TOP-1001-S-NAV,2000042436018,,,,,,,,,\n'.repeat(20_000)),
				]),
		],
	];

	it.each(monsters)(
		'%s: settles with records or SPAAZA issues',
		async (_name, which, build) => {
			const bytes = build();
			await runCase(which, { bytes, touched: [[0, bytes.length]] }, MONSTER_BOUND_MS);
		},
		60_000,
	);
});
