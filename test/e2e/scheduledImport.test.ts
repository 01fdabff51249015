/**
 * Skip Processed Sets in real n8n, the way users run it: an active (published) workflow with a
 * Schedule Trigger under `n8n start`, the only kind of run whose static data n8n saves. One n8n
 * server serves every case; each case uses its own set timestamps, so the workflow's memory of
 * earlier cases does not get in the way. The test changes the sandbox and the inbox right after
 * a run ends and then waits for the next scheduled run, so runs never overlap.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { sandboxCredentials } from '../../tools/n8n/credentials';
import { createN8nInstance, type N8nInstance } from '../../tools/n8n/instance';
import {
	publishWorkflows,
	readExecutions,
	startN8nServer,
	type N8nServer,
	type StoredExecution,
} from '../../tools/n8n/server';
import { nodeOutput, type N8nRun } from '../../tools/n8n/runOutput';
import { WORKFLOWS_DIR } from '../../tools/n8n/session';
import { startSandbox, type Sandbox } from '../../sandbox';
import { expectedCatalogue, generateFileSet, type GeneratedFileSet } from '../../sandbox/fileSets';
import { catalogueDifferences } from '../reliability/importSupport';
import { describeE2e } from './realN8n';

const ROWS = 'e2eScheduledRows';
const BATCHES = 'e2eScheduledBatches';
/** Retry On Fail (3 tries) on both Upsert nodes. */
const RETRY = 'e2eScheduledRetry';
/** Wait for Complete Files on. */
const WAIT = 'e2eScheduledWait';
/** Long enough for a cancelled run (EXECUTION_TIMEOUT_S) to end well before the next one starts. */
const INTERVAL_S = 15;
const EXECUTION_TIMEOUT_S = 6;
const PARSE = 'Parse Spaaza File Set';

type Json = Record<string, unknown>;

/** The local import workflow, started by a Schedule Trigger and reading its own inbox folder. */
function scheduledWorkflow(
	id: string,
	inbox: string,
	parse: Json,
	upsertSettings: Json = {},
): Json {
	const base = JSON.parse(
		fs.readFileSync(path.join(WORKFLOWS_DIR, 'import-file-set.json'), 'utf8'),
	) as {
		nodes: Array<Json & { name: string; parameters: Json }>;
		connections: Record<string, unknown>;
	};
	const nodes = base.nodes
		.filter((node) => node.type !== 'n8n-nodes-base.stickyNote')
		.map((node) => {
			if (node.name === 'Start') {
				return {
					...node,
					name: 'Schedule',
					type: 'n8n-nodes-base.scheduleTrigger',
					typeVersion: 1.2,
					parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: INTERVAL_S }] } },
				};
			}
			// An empty inbox is no failure: the run just finds nothing to import.
			if (node.type === 'n8n-nodes-base.readWriteFile')
				return {
					...node,
					parameters: { ...node.parameters, fileSelector: `${inbox}/*.csv` },
					onError: 'continueRegularOutput',
				};
			if (node.name === PARSE)
				return {
					...node,
					parameters: { skipProcessedSets: true, requireCompleteSets: false, ...parse },
				};
			// One request at a time and no retries: "Spaaza unavailable after half the products" is exact.
			if (String(node.type).startsWith('n8n-nodes-spaaza.spaazaUpsert'))
				return {
					...node,
					...upsertSettings,
					parameters: { options: { concurrency: 1, maxRetries: 0 } },
				};
			return node;
		});
	const { Start, ...connections } = base.connections;
	return {
		id,
		name: `scheduled import (${id})`,
		active: false,
		settings: { executionOrder: 'v1', executionTimeout: EXECUTION_TIMEOUT_S },
		nodes,
		connections: { ...connections, Schedule: Start },
	};
}

/** Status and, for a failed run, n8n's error: what a failing assertion should show. */
const outcome = (execution: StoredExecution) => ({
	status: execution.status,
	error: execution.run?.data.resultData.error?.message,
});
const issues = (run: N8nRun | undefined) =>
	run ? nodeOutput(run, PARSE, 2).map((issue) => [issue.code, issue.severity]) : [];
const upsertsRan = (run: N8nRun | undefined) =>
	Object.keys(run?.data.resultData.runData ?? {}).filter((node) => node.startsWith('Upsert'));

describeE2e('Skip Processed Sets in an active workflow with a Schedule Trigger (n8n start)', () => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	let server: N8nServer | undefined;
	let dir: string;
	const inbox = { rows: '', batches: '', retry: '', wait: '' };

	beforeAll(async () => {
		const tarball = process.env.SPAAZA_E2E_TARBALL;
		if (!tarball) throw new Error('No packed package: run through `npm run test:e2e`.');
		sandbox = await startSandbox({ port: 0 });
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spaaza-scheduled-sets-'));
		n8n = await createN8nInstance({ workDir: path.join(dir, 'n8n'), tarball });
		inbox.rows = path.join(n8n.filesDir, 'inbox-rows');
		inbox.batches = path.join(n8n.filesDir, 'inbox-batches');
		inbox.retry = path.join(n8n.filesDir, 'inbox-retry');
		inbox.wait = path.join(n8n.filesDir, 'inbox-wait');
		for (const folder of Object.values(inbox)) fs.mkdirSync(folder);
		await n8n.importCredentials(sandboxCredentials(sandbox));
		await n8n.importWorkflows([
			scheduledWorkflow(ROWS, inbox.rows, {}),
			scheduledWorkflow(BATCHES, inbox.batches, { outputMode: 'batches', batchSize: 4 }),
			scheduledWorkflow(
				RETRY,
				inbox.retry,
				{},
				{ retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
			),
			scheduledWorkflow(WAIT, inbox.wait, { waitForCompleteFiles: true }),
		]);
		await publishWorkflows(n8n, [ROWS, BATCHES, RETRY, WAIT]);
		server = await startN8nServer(n8n, { readyTimeoutMs: 10 * 60_000 });
	}, 15 * 60_000);
	afterAll(async () => {
		await server?.stop();
		await sandbox?.close();
		n8n?.close();
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
	});

	/** Waits for the next run of the workflow that starts after now, and returns it when it has ended. */
	async function nextRun(workflowId: string): Promise<StoredExecution> {
		const after = new Date().toISOString().replace('T', ' ');
		// Generous: on a loaded machine n8n may start a scheduled run late.
		const deadline = Date.now() + (INTERVAL_S + 180) * 1000;
		while (Date.now() < deadline) {
			const { executions } = await readExecutions(n8n, workflowId);
			const next = executions.find(
				(execution) => execution.startedAt !== null && execution.startedAt > after,
			);
			if (next?.stoppedAt) {
				const withData = await readExecutions(n8n, workflowId, { withData: true });
				return withData.executions.find((execution) => execution.id === next.id) as StoredExecution;
			}
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		throw new Error(`no run of ${workflowId} ended in time\n${server?.log().slice(-3000)}`);
	}

	async function ledger(workflowId: string): Promise<unknown> {
		const { staticData } = await readExecutions(n8n, workflowId);
		return (staticData?.global as Json | undefined)?.spaazaFileSets;
	}

	function deliver(folder: string, files: string[]) {
		for (const name of fs.readdirSync(folder)) fs.rmSync(path.join(folder, name));
		for (const file of files) fs.copyFileSync(file, path.join(folder, path.basename(file)));
	}

	/** Writes a small set by hand (the header of samples/), returns its two files. */
	function writeSet(folder: string, fileSet: string, products: string[], variants: string[]) {
		const at = path.join(dir, folder);
		fs.mkdirSync(at, { recursive: true });
		const productFile = path.join(at, `productlist_${fileSet}.csv`);
		const variantFile = path.join(at, `variantlist_${fileSet}.csv`);
		fs.writeFileSync(productFile, ['owner_code,name,price,unit', ...products, ''].join('\n'));
		fs.writeFileSync(
			variantFile,
			['product_owner_code,product_variant_owner_code,barcode,name,price', ...variants, ''].join(
				'\n',
			),
		);
		return [productFile, variantFile];
	}
	const product = (code: string) => sandbox.catalogue().find((p) => p.owner_code === code);
	const prices = (code: string) => [
		Number(product(code)?.price),
		...(product(code)?.variants ?? []).map((v) => Number(v.price)),
	];

	/** What differs between the sandbox catalogue and the set (empty when equal). */
	function differences(set: GeneratedFileSet): string[] {
		const { products, variants } = expectedCatalogue(set);
		return catalogueDifferences(sandbox.catalogue(), products, variants);
	}

	// Every set holds the same products and variants (barcodes stay unique in the chain) at other
	// prices, so the catalogue shows which set landed last.
	const generate = (name: string, fileSet: string, priceOffset: number) =>
		generateFileSet(path.join(dir, name), {
			records: 16,
			seed: 9,
			fileSet,
			prefix: 'E2E',
			priceOffset,
		});

	/** Cuts Spaaza off (503 on every API call) once `requests` product upserts were answered. */
	function unavailableAfter(requests: number): () => void {
		const timer = setInterval(() => {
			if ((sandbox.stats().requests['POST /api/internal/add-product'] ?? 0) >= requests) {
				sandbox.setFaults({ rates: { '503': 1 }, paths: ['/api/'] });
				clearInterval(timer);
			}
		}, 2);
		return () => clearInterval(timer);
	}

	it('run 1 fails mid-set (Spaaza gone after half the products), run 2 completes the set, run 3 skips it', async () => {
		await nextRun(ROWS); // in step with the schedule
		const set = generate('s1', '20251101_100000', 0);
		const half = Math.floor(set.products.length / 2);
		deliver(inbox.rows, [set.productFile, set.variantFile]);
		const stop = unavailableAfter(
			(sandbox.stats().requests['POST /api/internal/add-product'] ?? 0) + half,
		);

		const failed = await nextRun(ROWS);
		stop();
		sandbox.setFaults({});
		expect(failed.status).toBe('error');
		// What n8n shows for the failed run: the Upsert node's summary, Spaaza's status, the code.
		expect(failed.run?.data.resultData.error).toMatchObject({
			message: expect.stringMatching(
				/^\d+ of \d+ products could not be created or updated \(\d+ rejected by Spaaza or not sent\)/,
			),
			description: expect.stringContaining('Error code: SPAAZA_'),
			httpCode: '503',
		});
		expect(upsertsRan(failed.run)).toEqual(['Upsert Products']);
		expect(await ledger(ROWS)).toEqual({
			pending: {
				[set.fileSet]: expect.objectContaining({
					products: set.products.length,
					productsDone: half,
					variantsDone: 0,
					runs: 1,
				}),
			},
		});

		const completed = await nextRun(ROWS);
		expect(outcome(completed)).toEqual({ status: 'success' });
		expect(issues(completed.run)).toEqual([['SPAAZA_SET_NOT_CONFIRMED', 'warning']]);
		expect(differences(set)).toEqual([]);
		expect(await ledger(ROWS)).toEqual({ doneUpTo: set.fileSet, pending: {} });

		const writes = JSON.stringify(sandbox.stats().writes);
		const skipped = await nextRun(ROWS);
		expect(skipped.status).toBe('success');
		expect(issues(skipped.run)).toEqual([['SPAAZA_SET_SKIPPED', 'warning']]);
		expect(upsertsRan(skipped.run)).toEqual([]);
		expect(JSON.stringify(sandbox.stats().writes)).toBe(writes);
		expect(differences(set)).toEqual([]);
	});

	it('a cancelled run (the workflow timeout stops it mid-upsert), then a completed one', async () => {
		const set = generate('s2', '20251102_100000', 10);
		deliver(inbox.rows, [set.productFile, set.variantFile]);
		sandbox.setFaults({ latencyMs: 3000, paths: ['/api/internal/'] });

		const cancelled = await nextRun(ROWS);
		sandbox.setFaults({});
		expect(cancelled.status).toBe('canceled');
		// n8n 2.40.7 does not save static data after a run its timeout cancelled; either way the
		// set must not count as processed.
		expect(await ledger(ROWS)).toMatchObject({ doneUpTo: '20251101_100000' });

		const completed = await nextRun(ROWS);
		expect(outcome(completed)).toEqual({ status: 'success' });
		expect(upsertsRan(completed.run)).toEqual(['Upsert Products', 'Upsert Variants']);
		expect(issues(completed.run).map(([code]) => code)).not.toContain('SPAAZA_SET_SKIPPED');
		expect(differences(set)).toEqual([]);
		expect(await ledger(ROWS)).toEqual({ doneUpTo: set.fileSet, pending: {} });
	});

	it('a products-only set, then a variants-only set, each confirmed by the one Upsert node it reaches', async () => {
		const products = generate('s3', '20251103_100000', 20);
		const variants = generate('s4', '20251104_100000', 20);
		await nextRun(ROWS);
		deliver(inbox.rows, [products.productFile]);
		const first = await nextRun(ROWS);
		expect(outcome(first)).toEqual({ status: 'success' });
		expect(upsertsRan(first.run)).toEqual(['Upsert Products']);
		expect(await ledger(ROWS)).toEqual({ doneUpTo: products.fileSet, pending: {} });

		deliver(inbox.rows, [products.productFile, variants.variantFile]);
		const second = await nextRun(ROWS);
		expect(outcome(second)).toEqual({ status: 'success' });
		expect(issues(second.run)).toEqual([
			['SPAAZA_SET_SKIPPED', 'warning'],
			['SPAAZA_SET_INCOMPLETE', 'warning'],
		]);
		expect(await ledger(ROWS)).toEqual({ doneUpTo: variants.fileSet, pending: {} });
		expect(differences(variants)).toEqual([]);
	});

	it('batches mode: the set is confirmed from batch items, then skipped', async () => {
		const set = generate('s5', '20251105_100000', 30);
		await nextRun(BATCHES);
		deliver(inbox.batches, [set.productFile, set.variantFile]);
		const first = await nextRun(BATCHES);
		expect(outcome(first)).toEqual({ status: 'success' });
		expect(differences(set)).toEqual([]);
		expect(await ledger(BATCHES)).toEqual({ doneUpTo: set.fileSet, pending: {} });

		const second = await nextRun(BATCHES);
		expect(issues(second.run)).toEqual([['SPAAZA_SET_SKIPPED', 'warning']]);
		expect(upsertsRan(second.run)).toEqual([]);
	});

	it('Retry On Fail, and an older set refused while a newer one lands in the same run: neither is confirmed; both land by run 3, the newest values win', async () => {
		const older = '20251110_100000';
		const newer = '20251111_100000';
		// A variant of the older set names a product Spaaza does not have: refused on every try.
		const variants = [
			'E2O-P1,E2O-V1,1000000000066,Shirt S,10.00',
			'E2O-P2,E2O-V2,1000000000073,Socks,3.00',
		];
		const broken = writeSet('o1', older, ['E2O-P1,Shirt,10.00,item'], variants);
		const fixed = writeSet(
			'o2',
			older,
			['E2O-P1,Shirt,10.00,item', 'E2O-P2,Socks,3.00,pair'],
			variants,
		);
		const newest = writeSet(
			'n1',
			newer,
			['E2O-P1,Shirt,20.00,item'],
			['E2O-P1,E2O-V1,1000000000066,Shirt S,20.00'],
		);
		await nextRun(RETRY);
		deliver(inbox.retry, [...broken, ...newest]);
		const sent = () => sandbox.stats().requests['POST /api/internal/add-product-variant'] ?? 0;
		const before = sent();

		const failed = await nextRun(RETRY);
		expect(failed.status).toBe('error');
		// Three tries of Upsert Variants, each sending the three variants.
		expect(sent() - before).toBe(9);
		expect(prices('E2O-P1')).toEqual([20, 20]);
		const afterFailed = (await ledger(RETRY)) as Json;
		expect(afterFailed.doneUpTo).toBeUndefined();
		expect((afterFailed.pending as Json)[older]).toMatchObject({ variants: 2, variantsDone: 1 });

		deliver(inbox.retry, [...fixed, ...newest]);
		const completed = await nextRun(RETRY);
		expect(outcome(completed)).toEqual({ status: 'success' });
		expect(issues(completed.run)).toEqual([
			['SPAAZA_SET_NOT_CONFIRMED', 'warning'],
			['SPAAZA_SET_NOT_CONFIRMED', 'warning'],
		]);
		expect(product('E2O-P2')?.variants).toHaveLength(1);
		expect(prices('E2O-P1')).toEqual([20, 20]);
		expect(await ledger(RETRY)).toEqual({ doneUpTo: newer, pending: {} });

		const skipped = await nextRun(RETRY);
		expect(issues(skipped.run)).toEqual([
			['SPAAZA_SET_SKIPPED', 'warning'],
			['SPAAZA_SET_SKIPPED', 'warning'],
		]);
		expect(upsertsRan(skipped.run)).toEqual([]);
	});

	it('Wait for Complete Files holds an older set while a newer one is ready: the newer lands but is not confirmed past it; the next run imports both, oldest first', async () => {
		const older = '20251120_100000';
		const newer = '20251121_100000';
		const olderFiles = writeSet(
			'o3',
			older,
			['E2W-P1,Shirt,10.00,item', 'E2W-P2,Socks,3.00,pair'],
			['E2W-P1,E2W-V1,1000000000080,Shirt S,10.00'],
		);
		const newerFiles = writeSet(
			'n3',
			newer,
			['E2W-P1,Shirt,20.00,item'],
			['E2W-P1,E2W-V1,1000000000080,Shirt S,20.00'],
		);
		await nextRun(WAIT);
		deliver(inbox.wait, newerFiles);
		// Read Files from Disk gives no modified time: a file is read once its size was seen twice.
		const first = await nextRun(WAIT);
		expect(issues(first.run)).toEqual([
			['SPAAZA_FILE_NOT_READY', 'warning'],
			['SPAAZA_FILE_NOT_READY', 'warning'],
		]);
		for (const file of olderFiles)
			fs.copyFileSync(file, path.join(inbox.wait, path.basename(file)));

		const second = await nextRun(WAIT);
		expect(outcome(second)).toEqual({ status: 'success' });
		expect(issues(second.run)).toEqual([
			['SPAAZA_FILE_NOT_READY', 'warning'],
			['SPAAZA_FILE_NOT_READY', 'warning'],
		]);
		expect(prices('E2W-P1')).toEqual([20, 20]);
		expect(((await ledger(WAIT)) as Json).doneUpTo).toBeUndefined();

		const third = await nextRun(WAIT);
		expect(outcome(third)).toEqual({ status: 'success' });
		expect(product('E2W-P2')).toBeDefined();
		expect(prices('E2W-P1')).toEqual([20, 20]);
		expect(await ledger(WAIT)).toEqual({ doneUpTo: newer, pending: {} });
	});
});
