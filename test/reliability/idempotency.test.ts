/**
 * Idempotency and ordering (issue "Reliability and security", part 5): a set imported twice, sets
 * arriving out of order with Skip Processed Sets, and runs interrupted half-way (cancelled, or the
 * connection gone) and run again. The end state must always be the newest set.
 *
 * Static data: n8n saves a workflow's static data after every production run — also one that
 * failed or was cancelled (packages/cli execution-lifecycle-hooks, `workflowExecuteAfter`:
 * saved whenever the mode is not manual) — and never after a manual run. So these runs use the
 * harness's `mode: 'trigger'` and always carry `result.staticData` into the next run.
 */
import type { IDataObject } from 'n8n-workflow';

import { sandboxCredentials, useSandbox } from '../support/sandbox';
import { cleanupHarness, runWorkflow, type RunOptions, type WorkflowRunResult } from '../harness';
import type { GeneratedFileSet } from '../../sandbox/fileSets';
import {
	PARSE,
	differencesFrom,
	importWorkflow,
	recordCount,
	upsertResults,
	upsertStatuses,
	useOlderAndNewerSets,
} from './importSupport';

const RECORDS = 240;

const sandbox = useSandbox({ seed: 11 });
const { older, newer } = useOlderAndNewerSets({
	records: RECORDS,
	seed: 5,
	olderFileSet: '20251024_100000',
	newerFileSet: '20251025_100000',
	priceOffset: 10,
});
afterAll(async () => await cleanupHarness());

interface Run {
	sets: GeneratedFileSet[];
	skipProcessedSets?: boolean;
	staticData?: IDataObject;
	options?: RunOptions;
	upsertOptions?: IDataObject;
}

async function importSets(run: Run): Promise<WorkflowRunResult> {
	return await runWorkflow(
		importWorkflow({
			files: run.sets.flatMap((set) => [set.productFile, set.variantFile]),
			parse: { skipProcessedSets: run.skipProcessedSets ?? false },
			upsertOptions: run.upsertOptions ?? { concurrency: 6 },
			onError: 'continueRegularOutput',
		}),
		{
			credentials: { spaazaApi: sandboxCredentials(sandbox) },
			mode: 'trigger',
			staticData: run.staticData,
			timeoutMs: 60_000,
			...run.options,
		},
	);
}

describe('the same set twice', () => {
	it('leaves the catalogue as one import does, creating nothing twice', async () => {
		const first = await importSets({ sets: [older] });
		expect(upsertStatuses(first)).toEqual({ upserted: recordCount(older) });
		const once = JSON.stringify(sandbox.catalogue(), (key, value: unknown) =>
			key === 'last_modified_date' ? undefined : value,
		);

		const second = await importSets({ sets: [older] });

		expect(upsertStatuses(second)).toEqual({ upserted: recordCount(older) });
		expect(
			JSON.stringify(sandbox.catalogue(), (key, value: unknown) =>
				key === 'last_modified_date' ? undefined : value,
			),
		).toBe(once);
		expect(differencesFrom(sandbox, older)).toEqual([]);
		const writes = sandbox.stats().writes;
		for (const counts of [...Object.values(writes.products), ...Object.values(writes.variants)]) {
			expect(counts).toEqual({ created: 1, updated: 1 });
		}
	});
});

describe('sets out of order', () => {
	it('with Skip Processed Sets, an older set arriving after a newer one is skipped and the newer one stays', async () => {
		const first = await importSets({ sets: [newer], skipProcessedSets: true });
		expect(upsertStatuses(first)).toEqual({ upserted: recordCount(newer) });

		const late = await importSets({
			sets: [older],
			skipProcessedSets: true,
			staticData: first.staticData,
		});

		expect(late.error).toBeUndefined();
		expect(late.json(PARSE, 2).map((issue) => issue.code)).toContain('SPAAZA_SET_SKIPPED');
		expect(upsertStatuses(late)).toEqual({});
		expect(differencesFrom(sandbox, newer)).toEqual([]);
	});

	it('both sets in one run, the newer files first: Parse orders them oldest first and the newer set wins', async () => {
		const result = await importSets({ sets: [newer, older] });

		expect(upsertStatuses(result)).toEqual({ upserted: 2 * recordCount(older) });
		expect(differencesFrom(sandbox, newer)).toEqual([]);
	});

	it('without Skip Processed Sets an older set re-imported later does overwrite (the documented default)', async () => {
		await importSets({ sets: [newer] });
		await importSets({ sets: [older] });
		expect(differencesFrom(sandbox, older)).toEqual([]);
	});
});

describe('a run interrupted half-way, then run again', () => {
	it('cancelled mid-upsert: the re-run completes the set', async () => {
		sandbox.setFaults({ latencyMs: 25, paths: ['/api/internal/'] });
		const cancelled = await importSets({ sets: [older], options: { cancelAfterMs: 900 } });
		sandbox.setFaults({});
		expect(cancelled.cancelled).toBe(true);
		const { writes } = sandbox.stats();
		const written = Object.keys(writes.products).length + Object.keys(writes.variants).length;
		expect(written).toBeGreaterThan(0);
		expect(written).toBeLessThan(recordCount(older));

		const again = await importSets({ sets: [older], staticData: cancelled.staticData });

		expect(upsertStatuses(again)).toEqual({ upserted: recordCount(older) });
		expect(differencesFrom(sandbox, older)).toEqual([]);
	});

	it('the connection gone mid-run: records fail with a reason, and the re-run completes the set', async () => {
		const stop = dropAfter(older.products.length / 2);
		const broken = await importSets({
			sets: [older],
			upsertOptions: { concurrency: 4, maxRetries: 0 },
		});
		stop();
		const counts = upsertStatuses(broken);
		expect(counts.failed).toBeGreaterThan(0);
		for (const failed of upsertResults(broken).filter((r) => r.status === 'failed')) {
			expect((failed.error as IDataObject).code).toMatch(/^SPAAZA_/);
		}
		sandbox.setFaults({});

		const again = await importSets({ sets: [older] });

		expect(upsertStatuses(again)).toEqual({ upserted: recordCount(older) });
		expect(differencesFrom(sandbox, older)).toEqual([]);
	});

	// n8n saves static data after a failed or cancelled production run too: the set must be left
	// pending there, not marked processed, so the re-run reads it again.
	it('with Skip Processed Sets, a cancelled run re-run later still completes the set, and a third run skips it', async () => {
		sandbox.setFaults({ latencyMs: 25, paths: ['/api/internal/'] });
		const cancelled = await importSets({
			sets: [older],
			skipProcessedSets: true,
			options: { cancelAfterMs: 900 },
		});
		sandbox.setFaults({});
		expect(cancelled.cancelled).toBe(true);

		const again = await importSets({
			sets: [older],
			skipProcessedSets: true,
			staticData: cancelled.staticData,
		});

		expect(differencesFrom(sandbox, older)).toEqual([]);
		expect(upsertStatuses(again)).toEqual({ upserted: recordCount(older) });
		expect(again.json(PARSE, 2).map((issue) => [issue.code, issue.severity])).toEqual([
			['SPAAZA_SET_NOT_CONFIRMED', 'warning'],
		]);

		const third = await importSets({
			sets: [older],
			skipProcessedSets: true,
			staticData: again.staticData,
		});
		expect(third.json(PARSE, 2).map((issue) => issue.code)).toEqual(['SPAAZA_SET_SKIPPED']);
		expect(upsertStatuses(third)).toEqual({});
	});
});

/** Cuts the connection for good once `requests` product upserts were answered; returns a stop. */
function dropAfter(requests: number): () => void {
	const timer = setInterval(() => {
		if ((sandbox.stats().requests['POST /api/internal/add-product'] ?? 0) >= requests) {
			sandbox.setFaults({ rates: { drop: 1 }, paths: ['/api/'] });
			clearInterval(timer);
		}
	}, 5);
	return () => clearInterval(timer);
}
