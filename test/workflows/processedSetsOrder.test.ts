/**
 * Skip Processed Sets across several sets (nodes/core/fileset/ledger/ledger.ts): a set counts as
 * processed only when it and every older set it was seen with have landed, and landed records
 * are counted once each however often an Upsert node runs. Every run is a production run
 * (`mode: 'trigger'`) that carries the static data n8n would have saved into the next one.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { sandboxCredentials, useSandbox } from '../support/sandbox';
import { cleanupHarness, runWorkflow, type WorkflowRunResult } from '../harness';
import {
	PARSE,
	UPSERT_PRODUCT,
	UPSERT_VARIANT,
	importWorkflow,
	recordResults,
} from '../reliability/importSupport';

const sandbox = useSandbox({ seed: 24 });
let dir: string;

beforeAll(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'spaaza-set-order-'));
});
afterAll(async () => {
	rmSync(dir, { recursive: true, force: true });
	await cleanupHarness();
});

const OLDER = '20251101_100000';
const NEWER = '20251102_100000';
const PRODUCT_HEADER = 'owner_code,name,price,unit';
const VARIANT_HEADER = 'product_owner_code,product_variant_owner_code,barcode,name,price';
/** Longer than the 64 characters Spaaza takes: refused on every try. */
const TOO_LONG_UNIT = 'u'.repeat(70);

interface SetContent {
	products?: string[];
	variants?: string[];
	productHeader?: string;
}

/** Writes a set's files (in a folder of its own per call) and returns their paths. */
let written = 0;
function writeSet(fileSet: string, content: SetContent): string[] {
	const folder = path.join(dir, String(written++));
	mkdirSync(folder);
	const files: string[] = [];
	if (content.products) {
		const file = path.join(folder, `productlist_${fileSet}.csv`);
		writeFileSync(
			file,
			[content.productHeader ?? PRODUCT_HEADER, ...content.products, ''].join('\n'),
		);
		files.push(file);
	}
	if (content.variants) {
		const file = path.join(folder, `variantlist_${fileSet}.csv`);
		writeFileSync(file, [VARIANT_HEADER, ...content.variants, ''].join('\n'));
		files.push(file);
	}
	return files;
}

interface Run {
	files: string[];
	parse?: INodeParameters;
	staticData?: IDataObject;
	/** Node settings of both Upsert nodes (e.g. Retry On Fail). */
	upsertSettings?: IDataObject;
}

async function importRun(run: Run): Promise<WorkflowRunResult> {
	const json = importWorkflow({
		files: run.files,
		parse: { skipProcessedSets: true, requireCompleteSets: false, ...run.parse },
		upsertOptions: { concurrency: 4, maxRetries: 0 },
	});
	if (run.upsertSettings) {
		for (const node of json.nodes)
			if (node.name === UPSERT_PRODUCT || node.name === UPSERT_VARIANT)
				Object.assign(node, run.upsertSettings);
	}
	return await runWorkflow(json, {
		credentials: { spaazaApi: sandboxCredentials(sandbox) },
		mode: 'trigger',
		staticData: run.staticData,
		timeoutMs: 60_000,
	});
}

const issues = (result: WorkflowRunResult) =>
	result.json(PARSE, 2).map((issue) => [issue.code, issue.severity, issue.fileSet]);
/** Which sets the Upsert nodes sent, in the order they sent them. */
const setsSent = (result: WorkflowRunResult) => [
	...new Set(
		[...recordResults(result, UPSERT_PRODUCT), ...recordResults(result, UPSERT_VARIANT)].map(
			(r) => (r._source as IDataObject | undefined)?.fileSet,
		),
	),
];
const ledger = (result: WorkflowRunResult) =>
	(result.staticData.global as IDataObject | undefined)?.spaazaFileSets as IDataObject | undefined;
const product = (code: string) => sandbox.catalogue().find((p) => p.owner_code === code);

describe('Skip Processed Sets: a newer set is never confirmed past an older one that has not landed', () => {
	it('an older set refused in Spaaza while a newer one lands: both are imported again, oldest first, until both landed; the newest values win', async () => {
		// A variant of the older set names a product Spaaza does not have (yet): refused.
		const variants = [
			'OS-P1,OS-V1,1000000000011,Shirt S,10.00',
			'OS-P2,OS-V2,1000000000059,Socks,3.00',
		];
		const broken = writeSet(OLDER, { products: ['OS-P1,Shirt,10.00,item'], variants });
		const fixed = writeSet(OLDER, {
			products: ['OS-P1,Shirt,10.00,item', 'OS-P2,Socks,3.00,pair'],
			variants,
		});
		const newer = writeSet(NEWER, {
			products: ['OS-P1,Shirt,20.00,item'],
			variants: ['OS-P1,OS-V1,1000000000011,Shirt S,20.00'],
		});

		const first = await importRun({ files: [...broken, ...newer] });
		expect(first.error?.message).toMatch(/could not be upserted/);
		expect(product('OS-P1')?.variants.map((v) => Number(v.price))).toEqual([20]);
		// The newer set landed in full, but the older one did not: nothing is processed yet.
		expect(ledger(first)?.doneUpTo).toBeUndefined();

		const second = await importRun({ files: [...fixed, ...newer], staticData: first.staticData });
		expect(second.error).toBeUndefined();
		expect(issues(second)).toEqual([
			['SPAAZA_SET_NOT_CONFIRMED', 'warning', OLDER],
			['SPAAZA_SET_NOT_CONFIRMED', 'warning', NEWER],
		]);
		expect(setsSent(second)).toEqual([OLDER, NEWER]);
		expect(product('OS-P2')?.unit).toBe('pair');
		expect(Number(product('OS-P1')?.price)).toBe(20);
		expect(product('OS-P1')?.variants.map((v) => Number(v.price))).toEqual([20]);
		expect(ledger(second)).toEqual({ doneUpTo: NEWER, pending: {} });

		const third = await importRun({ files: [...fixed, ...newer], staticData: second.staticData });
		expect(issues(third)).toEqual([
			['SPAAZA_SET_SKIPPED', 'warning', OLDER],
			['SPAAZA_SET_SKIPPED', 'warning', NEWER],
		]);
		expect(setsSent(third)).toEqual([]);
	});

	it('Wait for Complete Files holds the older set for one poll while the newer one lands: the next poll imports the older set and the newer one again after it', async () => {
		const older = writeSet(OLDER, {
			products: ['WC-P1,Shirt,10.00,item', 'WC-P2,Socks,3.00,pair'],
			variants: ['WC-P1,WC-V1,1000000000028,Shirt S,10.00'],
		});
		const newer = writeSet(NEWER, {
			products: ['WC-P1,Shirt,20.00,item'],
			variants: ['WC-P1,WC-V1,1000000000028,Shirt S,20.00'],
		});
		const parse = { waitForCompleteFiles: true };
		// Read Files gives no modified time: a file is read once its size was seen on two polls.
		const poll1 = await importRun({ files: newer, parse });
		expect(setsSent(poll1)).toEqual([]);
		const poll2 = await importRun({
			files: [...older, ...newer],
			parse,
			staticData: poll1.staticData,
		});
		expect(issues(poll2).map(([code]) => code)).toEqual([
			'SPAAZA_FILE_NOT_READY',
			'SPAAZA_FILE_NOT_READY',
		]);
		expect(setsSent(poll2)).toEqual([NEWER]);
		expect(ledger(poll2)?.doneUpTo).toBeUndefined();

		const poll3 = await importRun({
			files: [...older, ...newer],
			parse,
			staticData: poll2.staticData,
		});
		expect(setsSent(poll3)).toEqual([OLDER, NEWER]);
		expect(product('WC-P2')).toBeDefined();
		expect(Number(product('WC-P1')?.price)).toBe(20);
		expect(ledger(poll3)).toEqual({ doneUpTo: NEWER, pending: {} });

		const poll4 = await importRun({
			files: [...older, ...newer],
			parse,
			staticData: poll3.staticData,
		});
		expect(setsSent(poll4)).toEqual([]);
	});

	it('more sets than the ledger keeps pending: none is skipped before it landed', async () => {
		// 2 × the 100 pending entries the ledger keeps; the oldest set is refused on the first run.
		const count = 200;
		const sets = Array.from({ length: count }, (_, i) => {
			const fileSet = `2025${String(1 + Math.floor(i / 28)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}_100000`;
			return { fileSet, i };
		});
		const files = (refuseOldest: boolean) =>
			sets.flatMap(({ fileSet, i }) =>
				writeSet(fileSet, {
					products: [
						`CAP-${i},Item ${i},${i}.00,${i === 0 && refuseOldest ? TOO_LONG_UNIT : 'item'}`,
					],
				}),
			);
		const first = await importRun({ files: files(true) });
		expect(first.error?.message).toMatch(/could not be upserted/);
		const second = await importRun({ files: files(false), staticData: first.staticData });
		expect(second.error).toBeUndefined();
		expect(setsSent(second)).toHaveLength(count);
		expect(product('CAP-0')?.unit).toBe('item');
		// The ledger kept the oldest 100: those are confirmed; the sets after them were not in it,
		// so the next run imports them again (and confirms them), rather than skip one unseen.
		expect(ledger(second)).toEqual({ doneUpTo: sets[99].fileSet, pending: {} });
		const third = await importRun({ files: files(false), staticData: second.staticData });
		expect(setsSent(third)).toEqual(sets.slice(100).map((s) => s.fileSet));
		expect(ledger(third)).toEqual({ doneUpTo: sets[count - 1].fileSet, pending: {} });
		const fourth = await importRun({ files: files(false), staticData: third.staticData });
		expect(setsSent(fourth)).toEqual([]);
	});
});

describe('Skip Processed Sets: a set Parse rejects whole', () => {
	it('is reported on every run and, by default, does not hold back the sets after it; fixed, it is imported and the newer set again after it', async () => {
		const variants = ['RJ-P1,RJ-V1,1000000000035,Shirt S,10.00'];
		const rejected = writeSet(OLDER, {
			productHeader: 'code,name,price,unit',
			products: ['RJ-P1,Shirt,10.00,item'],
			variants,
		});
		const fixed = writeSet(OLDER, {
			products: ['RJ-P1,Shirt,10.00,item', 'RJ-P2,Socks,3.00,pair'],
			variants,
		});
		const newer = writeSet(NEWER, { products: ['RJ-P1,Shirt,20.00,item'], variants });
		const parse = { unconfirmedRuns: 2, requireCompleteSets: true };

		const first = await importRun({ files: [...rejected, ...newer], parse });
		expect(issues(first)).toContainEqual(['SPAAZA_SET_INCOMPLETE', 'error', OLDER]);
		expect(setsSent(first)).toEqual([NEWER]);

		const second = await importRun({
			files: [...rejected, ...newer],
			parse,
			staticData: first.staticData,
		});
		const notConfirmed = second.json(PARSE, 2).find((i) => i.code === 'SPAAZA_SET_NOT_CONFIRMED');
		expect(notConfirmed).toMatchObject({ severity: 'warning', fileSet: OLDER });
		expect(notConfirmed?.message).toMatch(/does not hold back/);
		expect(issues(second)).toContainEqual(['SPAAZA_SET_SKIPPED', 'warning', NEWER]);
		expect(setsSent(second)).toEqual([]);

		const third = await importRun({
			files: [...rejected, ...newer],
			parse,
			staticData: second.staticData,
		});
		expect(issues(third)).toContainEqual(['SPAAZA_SET_NOT_CONFIRMED', 'error', OLDER]);

		const repaired = await importRun({
			files: [...fixed, ...newer],
			parse,
			staticData: third.staticData,
		});
		expect(repaired.error).toBeUndefined();
		expect(setsSent(repaired)).toEqual([OLDER, NEWER]);
		expect(Number(product('RJ-P1')?.price)).toBe(20);
		expect(product('RJ-P2')).toBeDefined();
		expect(ledger(repaired)).toEqual({ doneUpTo: NEWER, pending: {} });
	});

	it('holds back the sets after it when Hold Back Sets After a Rejected Set is on', async () => {
		const rejected = writeSet(OLDER, {
			productHeader: 'code,name,price,unit',
			products: ['HB-P1,Shirt,10.00,item'],
			variants: ['HB-P1,HB-V1,1000000000042,Shirt S,10.00'],
		});
		const newer = writeSet(NEWER, {
			products: ['HB-P1,Shirt,20.00,item'],
			variants: ['HB-P1,HB-V1,1000000000042,Shirt S,20.00'],
		});
		const parse = { holdBackAfterRejectedSet: true, requireCompleteSets: true };
		const first = await importRun({ files: [...rejected, ...newer], parse });
		expect(setsSent(first)).toEqual([NEWER]);
		expect(ledger(first)?.doneUpTo).toBeUndefined();
		const second = await importRun({
			files: [...rejected, ...newer],
			parse,
			staticData: first.staticData,
		});
		expect(setsSent(second)).toEqual([NEWER]);
		const held = second
			.json(PARSE, 2)
			.find((i) => i.code === 'SPAAZA_SET_NOT_CONFIRMED' && i.fileSet === OLDER);
		expect(held?.message).toMatch(/holds back/);
	});
});

describe('Skip Processed Sets with Retry On Fail on the Upsert nodes', () => {
	it('a record refused on every try never confirms its set, however many tries counted the others', async () => {
		const files = writeSet(OLDER, {
			products: ['RT-P1,Shirt,10.00,item', `RT-P2,Socks,3.00,${TOO_LONG_UNIT}`],
		});
		const upsertSettings = { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 };
		const first = await importRun({ files, upsertSettings });
		expect(first.error?.message).toMatch(/could not be upserted/);
		// Every try sent both products: P1 landed three times, P2 never.
		expect(sandbox.stats().requests['POST /api/internal/add-product']).toBeGreaterThanOrEqual(6);
		expect(ledger(first)).toEqual({
			pending: { [OLDER]: expect.objectContaining({ products: 2, productsDone: 1 }) },
		});
		const second = await importRun({ files, upsertSettings, staticData: first.staticData });
		expect(issues(second).filter(([code]) => code !== 'SPAAZA_SET_INCOMPLETE')).toEqual([
			['SPAAZA_SET_NOT_CONFIRMED', 'warning', OLDER],
		]);
		// Imported again, and refused again.
		expect(second.error?.message).toMatch(/could not be upserted/);
		expect(ledger(second)?.doneUpTo).toBeUndefined();
	});
});
