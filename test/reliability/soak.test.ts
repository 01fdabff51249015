/**
 * Fault soak (issue "Reliability and security", part 1): a generated file set through
 * Parse → Upsert Product → Upsert Variant against the sandbox while it answers 429 (Retry-After),
 * 502/503, drops connections (before and after the write), stalls, and expires the admin session
 * once mid-run. Every record must end `upserted` exactly once or be reported with a reason, the
 * counts must add up to the input, no barcode may be duplicated, and the sandbox catalogue must
 * equal the file set.
 *
 * Size: SPAAZA_SOAK_RECORDS (products + variants, default 1,500; `npm run soak` uses 5,000).
 * Retry timing: the upsert nodes do not expose the transport's `retryTiming`, so the run keeps
 * fast through the sandbox: 429s carry `Retry-After: 0` (the transport then waits only its
 * 0–250 ms spread), and 502/503/drops use the real full-jitter backoff (base 1 s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import {
	SANDBOX_ERRORS,
	checkWriteLog,
	startSandbox,
	type Sandbox,
	type SandboxFaults,
} from '../../sandbox';
import { cleanupHarness, runWorkflow, workflowFromNodes } from '../harness';
import { sandboxCredentials } from '../support/sandbox';
import { expectedCatalogue, generateFileSet, type GeneratedFileSet } from '../../sandbox/fileSets';
import {
	PARSE,
	UPSERT_PRODUCT,
	UPSERT_VARIANT,
	catalogueDifferences,
	countBy,
	duplicatedBarcodes,
	importWorkflow,
	parsedRecords,
	recordResults,
	repeated,
} from './importSupport';
import { leaksIn } from '../support/secrets';

const RECORDS = Number(process.env.SPAAZA_SOAK_RECORDS ?? 1_500);
/** About one bad row in 60 (both kinds), so the "reported with a reason" path is soaked too. */
const BAD_EVERY = 61;

const SOAK_WARNING = { code: 401, name: 'barcode_ignored', description: 'A barcode was ignored' };
/** Records of the large-answer run: each write answered with a 10 MB success envelope. */
const LARGE_ANSWER_RECORDS = Number(process.env.SPAAZA_SOAK_LARGE_ANSWERS ?? 12);
const MB = 1024 * 1024;

/** Faults before the write: the request never reached the catalogue. */
const PHASE_ONE: SandboxFaults = {
	rates: { '429': 0.04, '503': 0.03, '502': 0.01, drop: 0.02, latency: 0.01 },
	latencyMs: { min: 300, max: 1_500 },
	retryAfterSeconds: 0,
	// The writes only: a login that meets a fault fails every attempt waiting for it without the
	// write being sent, which would blur the per-record count of sends below. Faulted logins are
	// retried through the same path (request.test.ts, "when the login itself meets a busy Spaaza").
	paths: ['/api/internal/'],
	// Some writes succeed with a warning (docs/spaaza-api.md §8.1): still upserted, the warning shown.
	writeWarnings: { warnings: [SOAK_WARNING], rate: 0.05 },
};
/** Then answers lost after Spaaza wrote the record: a retry must update, never duplicate. */
const PHASE_TWO: SandboxFaults = {
	...PHASE_ONE,
	rates: { '429': 0.04, '503': 0.02, '504': 0.01, drop: 0.03, latency: 0.01 },
	afterProcessing: ['drop', '504'],
};

let sandbox: Sandbox;
let dir: string;
let set: GeneratedFileSet;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, seed: 42 });
	dir = mkdtempSync(path.join(tmpdir(), 'spaaza-soak-'));
	set = generateFileSet(dir, { records: RECORDS, badEvery: BAD_EVERY });
});
afterAll(async () => {
	await sandbox.close();
	rmSync(dir, { recursive: true, force: true });
	await cleanupHarness();
});

/** Switches to phase two at a third of the expected requests and expires the session at half. */
function runPhases(expectedRequests: number): { stop: () => void; expiredAt?: number } {
	const state: { stop: () => void; expiredAt?: number } = { stop: () => undefined };
	let phase = 1;
	const timer = setInterval(() => {
		const requests = Object.values(sandbox.stats().requests).reduce((sum, n) => sum + n, 0);
		if (phase === 1 && requests > expectedRequests / 3) {
			sandbox.setFaults(PHASE_TWO);
			phase = 2;
		}
		if (state.expiredAt === undefined && requests > expectedRequests / 2) {
			sandbox.expireSessions();
			state.expiredAt = requests;
		}
	}, 20);
	state.stop = () => clearInterval(timer);
	return state;
}

it(`lands ${RECORDS} records exactly once through faults, or reports each with a reason`, async () => {
	const started = Date.now();
	const cpuStart = process.cpuUsage();
	sandbox.setFaults(PHASE_ONE);
	const phases = runPhases(RECORDS);

	const result = await runWorkflow(
		importWorkflow({
			files: [set.productFile, set.variantFile],
			upsertOptions: { concurrency: 8, maxRetries: 8 },
			onError: 'continueRegularOutput',
		}),
		{
			credentials: { spaazaApi: sandboxCredentials(sandbox) },
			timeoutMs: Math.max(120_000, RECORDS * 100),
		},
	);
	phases.stop();
	const seconds = (Date.now() - started) / 1000;

	expect(result.error).toBeUndefined();
	expect(result.timedOut).toBe(false);

	// Parse: every bad row reported, every good record out, nothing invented.
	const model = expectedCatalogue(set);
	const badProducts = set.products.filter((p) => p.bad);
	const badVariants = set.variants.filter((v) => v.bad);
	const parsedProducts = parsedRecords(result, 0);
	const parsedVariants = parsedRecords(result, 1);
	const issues = result.json(PARSE, 2);
	expect(parsedProducts).toHaveLength(set.products.length - badProducts.length);
	expect(parsedVariants).toHaveLength(set.variants.length - badVariants.length);
	const priceErrors = (file: string) =>
		issues.filter(
			(i) =>
				i.code === 'SPAAZA_INVALID_VALUE' &&
				i.column === 'price' &&
				i.file === `${file}_${set.fileSet}.csv`,
		);
	expect(priceErrors('productlist').map((i) => i.value)).toEqual(
		badProducts.map((p) => p.price.toFixed(2).replace('.', ',')),
	);
	expect(priceErrors('variantlist')).toHaveLength(badVariants.length);

	// Upserts: one result per parsed record, each upserted or failed with a reason.
	const products = recordResults(result, UPSERT_PRODUCT);
	const variants = recordResults(result, UPSERT_VARIANT);
	expect(products).toHaveLength(parsedProducts.length);
	expect(variants).toHaveLength(parsedVariants.length);
	expect(repeated(products.map((r) => r.owner_code))).toEqual([]);
	expect(repeated(variants.map((r) => r.owner_code))).toEqual([]);
	expect(countBy(products.map((r) => r.status))).toEqual({ upserted: model.products.length });
	const orphans = parsedVariants.length - model.variants.length;
	expect(countBy(variants.map((r) => r.status))).toEqual({
		upserted: model.variants.length,
		...(orphans > 0 ? { failed: orphans } : {}),
	});
	// A variant of a rejected product is refused by Spaaza (68: the parent does not exist), with the reason.
	for (const failed of variants.filter((r) => r.status === 'failed')) {
		const error = failed.error as IDataObject;
		expect(error.spaazaCode).toBe(68);
		expect(String(error.message)).toContain(String(failed.owner_code));
		expect(badProducts.some((p) => String(failed.owner_code).startsWith(`${p.owner_code}-`))).toBe(
			true,
		);
	}
	// Counts add up to the input: file records = upserted + failed + rejected by Parse.
	const upserted = [...products, ...variants].filter((r) => r.status === 'upserted').length;
	const failed = [...products, ...variants].filter((r) => r.status === 'failed').length;
	expect(upserted + failed + badProducts.length + badVariants.length).toBe(
		set.products.length + set.variants.length,
	);

	// The catalogue equals the file set; no barcode on two variants.
	const catalogue = sandbox.catalogue();
	expect(catalogueDifferences(catalogue, model.products, model.variants)).toEqual([]);
	expect(duplicatedBarcodes(catalogue)).toEqual([]);
	// Exactly once, counted per record at the sandbox (not its owner-code uniqueness): each record
	// was sent again only after a fault or an expired session, created once, and every write whose
	// answer was lost was followed by an update in place.
	const writeLog = checkWriteLog(sandbox.writeLog(), { fresh: true });
	expect(writeLog.problems).toEqual([]);
	expect(writeLog.records).toBe(parsedProducts.length + parsedVariants.length);
	const stats = sandbox.stats();

	// The faults really happened, after-write ones included, and the retries they caused updated.
	expect(stats.faults['429']).toBeGreaterThan(0);
	expect(stats.faults['503']).toBeGreaterThan(0);
	expect(stats.faults['504']).toBeGreaterThan(0);
	expect(stats.faults.drop).toBeGreaterThan(0);
	expect(stats.faults.latency).toBeGreaterThan(0);
	expect(writeLog.lostAnswers).toBeGreaterThan(0);
	expect(writeLog.updatedAfterLostAnswer).toBe(writeLog.lostAnswers);
	// The node's attempt counts agree with what the sandbox received (a re-send after an expired
	// session is a fresh login, not a retry, so it is not counted as an attempt).
	const attemptsReported = [...products, ...variants].reduce(
		(sum, r) => sum + Number(r.attempts ?? 0),
		0,
	);
	const { products: productLog, variants: variantLog } = sandbox.writeLog();
	// A refusal whose answer a fault then lost reached the node as the fault, i.e. as an attempt.
	const sessionRefusal = (a: { code?: number; fault?: string }) =>
		a.code === SANDBOX_ERRORS.noValidSession.code && a.fault === undefined;
	const sessionRefusals = [...Object.values(productLog), ...Object.values(variantLog)]
		.flat()
		.filter(sessionRefusal).length;
	const mismatched = [
		...products.map((r) => ['products', r] as const),
		...variants.map((r) => ['variants', r] as const),
	]
		.map(([kind, r]) => {
			const log = (kind === 'products' ? productLog : variantLog)[String(r.owner_code)] ?? [];
			const refusals = log.filter(sessionRefusal).length;
			return { ownerCode: r.owner_code, attempts: r.attempts, refusals, sends: log.length, log };
		})
		.filter((m) => Number(m.attempts ?? 0) + m.refusals !== m.sends);
	expect(mismatched).toEqual([]);
	expect(attemptsReported + sessionRefusals).toBe(writeLog.sends);
	expect(phases.expiredAt).toBeDefined();
	expect(result.preAuthentications).toBeGreaterThanOrEqual(2);
	expect(leaksIn(result.run.data.resultData, [sandbox.logins.admin.password])).toEqual([]);
	// Warnings reached the records they belong to, and only those.
	const warned = [...products, ...variants].filter((r) => r.warnings !== undefined);
	expect(warned.length).toBeGreaterThan(0);
	for (const record of warned) {
		expect(record.status).toBe('upserted');
		expect(record.warnings).toEqual([SOAK_WARNING]);
	}

	const sent = products.length + variants.length;
	const cpu = process.cpuUsage(cpuStart);
	console.log(
		JSON.stringify({
			soak: {
				records: set.products.length + set.variants.length,
				products: set.products.length,
				variants: set.variants.length,
				variantRows: set.variantRows,
				rejectedByParse: badProducts.length + badVariants.length,
				upserted,
				failedWithReason: failed,
				retries: attemptsReported - sent,
				faults: stats.faults,
				logins: result.preAuthentications,
				sessionsExpiredAtRequest: phases.expiredAt,
				writesResent: writeLog.resent,
				lostAnswers: writeLog.lostAnswers,
				updatedAfterLostAnswer: writeLog.updatedAfterLostAnswer,
				seconds,
				cpuSeconds: (cpu.user + cpu.system) / 1e6,
			},
		}),
	);
}, 600_000);

it(`keeps a bounded part of ${LARGE_ANSWER_RECORDS} success answers of 10 MB with warnings`, async () => {
	sandbox.reset();
	sandbox.setFaults({
		paths: ['/api/internal/'],
		writeAnswerBytes: 10 * MB,
		writeWarnings: { warnings: Array.from({ length: 50 }, () => SOAK_WARNING) },
	});
	const items = Array.from({ length: LARGE_ANSWER_RECORDS }, (_, i) => ({
		owner_code: `LARGE-${i}`,
		name: `Large ${i}`,
	}));
	const heapBefore = process.memoryUsage().heapUsed;
	const result = await runWorkflow(
		workflowFromNodes(
			{ type: 'test.manualTrigger' },
			{ type: 'test.items', parameters: { items: JSON.stringify(items) } },
			{
				type: 'n8n-nodes-spaaza.spaazaUpsertProduct',
				name: UPSERT_PRODUCT,
				parameters: { mappingMode: 'auto', updateIfExists: true, options: { concurrency: 4 } },
				credentials: { spaazaApi: { id: '1', name: 'Sandbox' } },
			},
		),
		{ credentials: { spaazaApi: sandboxCredentials(sandbox) }, timeoutMs: 240_000 },
	);
	expect(result.error).toBeUndefined();
	const out = result.json(UPSERT_PRODUCT);
	expect(out.map((json) => json.status)).toEqual(items.map(() => 'upserted'));
	for (const json of out) {
		expect(json).toMatchObject({ warnings: Array(5).fill(SOAK_WARNING), moreWarnings: 45 });
		expect(JSON.stringify(json).length).toBeLessThan(4_096);
	}
	// Nothing of the answers is kept: the run's items are a few KB, not 10 MB per record.
	expect(JSON.stringify(result.run.data.resultData).length).toBeLessThan(
		LARGE_ANSWER_RECORDS * 8_192,
	);
	console.log(
		`soak large answers: ${LARGE_ANSWER_RECORDS} × 10 MB, heap after ${Math.round((process.memoryUsage().heapUsed - heapBefore) / MB)} MB above before`,
	);
}, 300_000);
