/**
 * Bounded work on hostile input, at the sizes that broke the package before: every
 * message stays small, the heap stays far below what the old code took, and each case completes.
 * Heap is measured in this test process with generous margins (no gc control under jest).
 */
import { RecordCollector } from '../../nodes/core/filewriter';
import { parseFileSet } from '../../nodes/core/fileset';
import { MAX_CELL_LENGTH, checkVariantRecord } from '../../nodes/core/records';
import { bodySnippet, parseSpaazaResponse } from '../../nodes/spaaza/transport/envelope';
import { file, P, V, VARIANT_HEADER } from '../nodes/core/fileset/helpers';

const MB = 1 << 20;

function heapMb(): number {
	return process.memoryUsage().heapUsed / MB;
}

/** Two variants that share 3,000 barcodes: a block of rows pasted under a second variant code. */
function sharedBarcodeFile(count: number): string {
	const rows: string[] = [VARIANT_HEADER];
	for (const code of ['V1', 'V2']) {
		for (let i = 0; i < count; i++)
			rows.push(`P1,${code},${2_000_000_000_000 + i},Navy,25.00,Navy,S`);
	}
	return `${rows.join('\n')}\n`;
}

describe('messages built from input are bounded', () => {
	it('Parse: two variants sharing 3,000 barcodes (a 72 KB file) give one short issue', async () => {
		const content = sharedBarcodeFile(3_000);
		expect(content.length).toBeGreaterThan(70_000);
		const before = heapMb();
		const result = await parseFileSet([file(P, 'owner_code,name\nP1,Top\n'), file(V, content)]);
		const duplicates = result.issues.filter((issue) => issue.code === 'SPAAZA_DUPLICATE_BARCODE');
		expect(duplicates).toHaveLength(1);
		expect(duplicates[0].message).toMatch(
			/^Barcodes 2000000000000, 2000000000001, 2000000000002, 2000000000003, 2000000000004 and 2,995 more are on more than one variant: V1 \(lines 2, 3, 4, 5, 6 and 2,995 more\), V2 \(lines 3002, .* and 2,995 more\)/,
		);
		const total = result.issues.reduce((sum, issue) => sum + issue.message.length, 0);
		// The old messages totalled 105 million characters here.
		expect(total).toBeLessThan(2_000);
		expect(result.sets[0].variants).toHaveLength(0);
		expect(heapMb() - before).toBeLessThan(200);
	});

	it('Parse: a barcode on 2,000 variants names five of them', async () => {
		const rows = [VARIANT_HEADER];
		for (let i = 0; i < 2_000; i++) rows.push(`P1,V${i},123,Navy,25.00,Navy,S`);
		const result = await parseFileSet([
			file(P, 'owner_code,name\nP1,Top\n'),
			file(V, `${rows.join('\n')}\n`),
		]);
		const [duplicate] = result.issues.filter((issue) => issue.code === 'SPAAZA_DUPLICATE_BARCODE');
		expect(duplicate.message).toMatch(
			/^Barcode 123 is on more than one variant: V0 \(line 2\), V1 \(line 3\), .* and 1,995 more\./,
		);
		expect(duplicate.message.length).toBeLessThan(500);
	});

	it('Build: two variants sharing 3,000 barcodes give one short issue per variant', () => {
		const barcodes = Array.from({ length: 3_000 }, (_, i) => String(2_000_000_000_000 + i));
		const collector = new RecordCollector('variant');
		for (const [itemIndex, code] of ['V1', 'V2'].entries()) {
			collector.add({ owner_code: code, product_owner_code: 'P1', barcodes }, { itemIndex });
		}
		const { issues, records } = collector.finish();
		expect(records).toHaveLength(0);
		expect(issues.map((issue) => issue.code)).toEqual([
			'SPAAZA_DUPLICATE_BARCODE',
			'SPAAZA_DUPLICATE_BARCODE',
		]);
		expect(issues[0].message).toMatch(
			/barcodes "2000000000000", .* and 2,995 more are on more than one variant \(V1, V2\)/,
		);
		expect(issues.reduce((sum, issue) => sum + issue.message.length, 0)).toBeLessThan(1_000);
	});

	it('Build: 3,000 repeats of one variant name five origins each', () => {
		const collector = new RecordCollector('variant');
		for (let itemIndex = 0; itemIndex < 3_000; itemIndex++) {
			collector.add(
				{ owner_code: 'V1', product_owner_code: 'P1', barcodes: ['1'], name: `N${itemIndex}` },
				{ itemIndex },
			);
		}
		const { issues } = collector.finish();
		expect(issues).toHaveLength(3_000);
		for (const issue of issues) expect(issue.message.length).toBeLessThan(400);
		expect(issues[0].message).toMatch(/item 0, item 1, item 2, item 3, item 4 and 2,995 more/);
	});

	it('records: 80,000 barcodes of one record are de-duplicated in linear time, 5 problems listed', () => {
		const barcodes = Array.from({ length: 80_000 }, (_, i) => String(i));
		const started = Date.now();
		const check = checkVariantRecord({
			owner_code: 'V1',
			product_owner_code: 'P1',
			barcodes: [...barcodes, ...barcodes],
		});
		expect(Date.now() - started).toBeLessThan(2_000);
		expect(check.ok && check.record.barcodes).toHaveLength(80_000);
		const bad = checkVariantRecord({
			owner_code: 'V1',
			product_owner_code: 'P1',
			barcodes: Array(10_000).fill('a\u0000'),
		});
		expect(bad.ok).toBe(false);
		expect(!bad.ok && bad.problems.map((p) => p.message).at(-1)).toBe(
			'and 9,995 more invalid barcodes',
		);
		expect(!bad.ok && bad.problems).toHaveLength(6);
	});

	it('Parse: a header of 10,000 unknown 150-character columns (1.5 MB) gives one short warning', async () => {
		const extra = Array.from({ length: 10_000 }, (_, i) => `${'x'.repeat(150)}${i}`);
		const header = ['owner_code', 'name', ...extra].join(',');
		const result = await parseFileSet([file(P, `${header}\nP1,Top${','.repeat(10_000)}\n`)], {
			requireCompleteSets: false,
		});
		const unknown = result.issues.filter((issue) => issue.code === 'SPAAZA_UNKNOWN_COLUMN');
		expect(unknown).toHaveLength(1);
		expect(unknown[0].message).toMatch(/and 9,995 more are not fields Spaaza documents/);
		expect(unknown[0].message.length).toBeLessThan(1_000);
		expect(String(unknown[0].column).length).toBeLessThan(1_000);
		expect(result.sets[0].products).toHaveLength(1);
	});
});

describe('server text is cut before any pattern work', () => {
	it('a 112 KB body of "<" becomes a snippet at once', () => {
		const body = '<'.repeat(112 * 1024);
		const started = Date.now();
		const result = parseSpaazaResponse(body, 'api', 500);
		expect(Date.now() - started).toBeLessThan(500);
		expect(!result.ok && result.failure.description.length).toBeLessThan(300);
	});

	it('10 MB of open tags, scripts and spaces: bounded snippet, linear time', () => {
		const bodies = ['<a'.repeat(5 * MB), '<script>'.repeat(MB), `${' '.repeat(10 * MB)}x`];
		const started = Date.now();
		for (const body of bodies) {
			expect(bodySnippet(body).length).toBeLessThanOrEqual(201);
		}
		// Generous for a loaded 2-core machine; the old regex scan took 9.4 s for just 112 KB.
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(
			bodySnippet(
				'<html><title>Oops</title><style>p{}</style><h1>Something went wrong</h1><script>x()</script>',
			),
		).toBe('Oops Something went wrong');
		expect(bodySnippet('a < b')).toBe('a < b');
	});
});

describe('cells are bounded before per-character work', () => {
	it('a cell over the cap is SPAAZA_INVALID_VALUE, with a short message and value', async () => {
		const cell = 'x'.repeat(MAX_CELL_LENGTH + 1);
		const content = `${VARIANT_HEADER}\nP1,V1,1,${cell},25.00,Navy,S\nP1,V2,2,Navy S,25.00,Navy,S\n`;
		const result = await parseFileSet([file(P, 'owner_code,name\nP1,Top\n'), file(V, content)]);
		const [invalid] = result.issues.filter((issue) => issue.code === 'SPAAZA_INVALID_VALUE');
		expect(invalid).toMatchObject({ line: 2, column: 'name' });
		expect(invalid.message).toContain(
			`is 65,537 characters long; no cell may be longer than 65,536`,
		);
		expect(invalid.message.length).toBeLessThan(400);
		expect(invalid.value?.length).toBeLessThanOrEqual(2_001);
		expect(result.sets[0].variants.map((v) => v.owner_code)).toEqual(['V2']);
	});

	it('a 100 MB cell stops the file at its line, fast and without holding the cell', async () => {
		const head = Buffer.from(`${VARIANT_HEADER}\nP1,V1,1,Navy S,25.00,Navy,S\nP1,V2,2,`);
		const content = Buffer.concat([
			head,
			Buffer.alloc(100 * MB, 'x'),
			Buffer.from(',25.00,Navy,S\n'),
		]);
		const before = heapMb();
		const result = await parseFileSet([file(P, 'owner_code,name\nP1,Top\n'), file(V, content)]);
		// Counting the characters of this cell alone took 2.4 GB before; 140 MB crashed Parse.
		expect(heapMb() - before).toBeLessThan(300);
		const errors = result.issues.filter((issue) => issue.severity === 'error');
		expect(errors.map((issue) => [issue.code, issue.line])).toEqual([
			['SPAAZA_INVALID_VALUE', 3],
			['SPAAZA_INVALID_VALUE', 3],
			// The rejected variant file leaves the set incomplete, so its products wait too.
			['SPAAZA_SET_INCOMPLETE', undefined],
		]);
		expect(errors[0].message).toMatch(/^Line 3 is more than 2 MB long, so the file is damaged/);
		expect(errors[1].message).toMatch(/^No variant of this file was imported/);
		expect(result.sets).toHaveLength(0);
	});

	it('a 100 MB field in an input record is refused the same way', () => {
		const check = checkVariantRecord({
			owner_code: 'V1',
			product_owner_code: 'P1',
			barcodes: ['1'],
			name: 'x'.repeat(100 * MB),
		});
		expect(check.ok).toBe(false);
		const message = !check.ok ? check.problems[0].message : '';
		expect(message).toMatch(/is 104,857,600 characters long/);
		expect(message.length).toBeLessThan(400);
	});
});
