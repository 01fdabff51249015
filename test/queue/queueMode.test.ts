/**
 * The package in n8n's queue mode: a main, Redis, PostgreSQL and two workers (tools/n8n/queue/), binary
 * data in the `database` mode n8n uses there. Every run goes through the queue: a production
 * webhook on the main puts it on Redis and a worker runs it, reading the files another process
 * stored and storing what it downloads or builds in PostgreSQL.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sandboxCredentials } from '../../tools/n8n/credentials';
import { nodeOutput } from '../../tools/n8n/runOutput';
import { WORKFLOWS_DIR } from '../../tools/n8n/session';
import { startQueueCluster, type QueueCluster } from '../../tools/n8n/queue/cluster';
import { startQueueServices, type QueueServices } from '../../tools/n8n/queue/services';
import { webhookWorkflow } from '../../tools/n8n/queue/workflows';
import { startSandbox, type Sandbox } from '../../sandbox';
import { describeE2e, ROOT } from '../e2e/realN8n';
import { expectedCatalogue, generateFileSet } from '../../sandbox/fileSets';
import { catalogueDifferences } from '../reliability/importSupport';

type Row = Record<string, string>;

const SAMPLE_SET = ['productlist_20251024_100000.csv', 'variantlist_20251024_100000.csv'].map(
	(name) => path.join(ROOT, 'samples', name),
);
const readWorkflow = (name: string) =>
	JSON.parse(fs.readFileSync(path.join(WORKFLOWS_DIR, name), 'utf8'));
const readCsv = (file: string) =>
	parse(fs.readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Row[];

/**
 * Overlapping runs of one workflow share its credential. Spaaza keeps one session per admin user
 * and a login ends the others, so the scheduled import uses an Admin Session (obtained once, here
 * for the sandbox's 2FA admin, as a user would after the 2FA step) and no run logs in.
 */
const SESSION_CREDENTIAL = { id: 'spaazaSandboxSession', name: 'Spaaza sandbox (admin session)' };

async function adminSessionCredential(sandbox: Sandbox) {
	const { twoFactorAdmin } = sandbox.logins;
	const post = async (endpoint: string, form: Record<string, string>) => {
		const response = await fetch(new URL(endpoint, sandbox.apiUrl.replace(/\/?$/, '/')), {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(form),
		});
		return (
			(await response.json()) as { results: Record<string, Record<string, unknown> | string> }
		).results;
	};
	const challenge = await post('auth/login', {
		username: twoFactorAdmin.username,
		password: twoFactorAdmin.password,
	});
	const { session_info: session } = (await post('auth/session', {
		session_passcode_key: String(challenge.session_passcode_key),
		session_passcode: twoFactorAdmin.passcode,
	})) as { session_info: { session_user_id: number; session_key: string } };
	return {
		...SESSION_CREDENTIAL,
		type: 'spaazaApi',
		data: {
			environment: 'custom',
			apiBaseUrl: sandbox.apiUrl,
			servicesBaseUrl: sandbox.servicesUrl,
			chainId: sandbox.chainId,
			authentication: 'adminSession',
			userId: String(session.session_user_id),
			sessionKey: session.session_key,
		},
	};
}

const importWorkflow = readWorkflow('import-file-set.json');
const WORKFLOWS = [
	webhookWorkflow(importWorkflow, { id: 'queueImport' }),
	webhookWorkflow(importWorkflow, {
		id: 'queueImportBatches',
		parameters: {
			'Parse Spaaza File Set': { outputMode: 'batches', batchSize: 500 },
			'Upsert Products': { options: { concurrency: 16 } },
			'Upsert Variants': { options: { concurrency: 16 } },
		},
	}),
	webhookWorkflow(importWorkflow, {
		id: 'queueScheduledImport',
		parameters: { 'Parse Spaaza File Set': { skipProcessedSets: true } },
		credential: SESSION_CREDENTIAL,
	}),
	webhookWorkflow(readWorkflow('export-catalogue.json'), { id: 'queueExport' }),
];

describeE2e('Spaaza nodes in n8n queue mode (main + 2 workers, PostgreSQL, Redis)', () => {
	let services: QueueServices;
	let sandbox: Sandbox;
	let cluster: QueueCluster;

	beforeAll(async () => {
		const tarball = process.env.SPAAZA_E2E_TARBALL;
		if (!tarball) throw new Error('No packed package: run through `npm run test:queue`.');
		services = await startQueueServices();
		sandbox = await startSandbox({ taskRunMs: 1000 });
		const credentials = [...sandboxCredentials(sandbox), await adminSessionCredential(sandbox)];
		cluster = await startQueueCluster({
			services,
			tarball,
			workers: 2,
			concurrency: 1,
			credentials,
			workflows: WORKFLOWS,
		});
	});
	afterAll(async () => {
		await cluster?.stop();
		await sandbox?.close();
		await services?.stop();
	});

	function folder(name: string, files: string[] = []): string {
		const dir = path.join(cluster.filesDir, name);
		fs.mkdirSync(dir, { recursive: true });
		for (const file of files) fs.copyFileSync(file, path.join(dir, path.basename(file)));
		return dir;
	}

	/** Runs the workflow through the queue; returns its one new execution once it has finished. */
	async function runThroughQueue(workflowId: string, body: Record<string, string>) {
		const before = cluster.executionIds(workflowId).length;
		const response = await cluster.trigger(workflowId, body);
		const ids = await cluster.waitForExecutions(workflowId, before + 1);
		expect(ids).toHaveLength(before + 1);
		return { response, execution: cluster.execution(ids[ids.length - 1]) };
	}

	/** The sandbox's catalogue, only the products whose owner code starts with `prefix`. */
	const catalogueOf = (prefix: string) =>
		sandbox.catalogue().filter((product) => String(product.owner_code).startsWith(prefix));

	/** Binary data the execution stored, as PostgreSQL holds it (`database` mode). */
	const storedFiles = (executionId: string) =>
		services.postgres.query(
			`select "fileName", "fileSize" from binary_data where "sourceType" = 'execution' and "sourceId" = '${Number(executionId)}' order by "fileName"`,
		);

	it('imports a file set from a folder on a worker; Parse reads the files from the database binary store', async () => {
		const productRows = readCsv(SAMPLE_SET[0]);
		const variantRows = readCsv(SAMPLE_SET[1]);

		const { response, execution } = await runThroughQueue('queueImport', {
			inbox: folder('sample-set', SAMPLE_SET),
		});

		expect(response.status).toBe(200);
		expect(execution.run.data.resultData.error?.message).toBeUndefined();
		expect(execution.status).toBe('success');
		expect(execution.worker).toMatch(/^worker[12]$/);
		expect(storedFiles(execution.id).map(([name]) => name)).toEqual(
			SAMPLE_SET.map((file) => path.basename(file)),
		);
		expect(
			nodeOutput(execution.run, 'Parse Spaaza File Set', 2).filter(
				(issue) => issue.severity === 'error',
			),
		).toEqual([]);
		const catalogue = sandbox.catalogue();
		expect(catalogue.map((product) => product.owner_code).sort()).toEqual(
			productRows.map((row) => row.owner_code).sort(),
		);
		expect(
			catalogue.flatMap((product) => product.variants.map((variant) => variant.owner_code)).sort(),
		).toEqual([...new Set(variantRows.map((row) => row.product_variant_owner_code))].sort());
	});

	it('exports through the queue: create → wait → download into the database store → write, on a worker', async () => {
		const outbox = folder('exports');

		const { response, execution } = await runThroughQueue('queueExport', { outbox });

		expect(response.status).toBe(200);
		expect(execution.run.data.resultData.error?.message).toBeUndefined();
		expect(execution.status).toBe('success');
		expect(execution.worker).toMatch(/^worker[12]$/);
		const files = fs.readdirSync(outbox).sort();
		expect(files).toEqual([
			expect.stringMatching(/^Product_Export-/),
			expect.stringMatching(/^Product_Variant_Export-/),
		]);
		const stored = storedFiles(execution.id);
		expect(stored.map(([name]) => name).sort()).toEqual(files);
		for (const [name, size] of stored)
			expect(Number(size)).toBe(fs.statSync(path.join(outbox, name)).size);
		const catalogue = sandbox.catalogue();
		expect(
			readCsv(path.join(outbox, files[0]))
				.map((row) => row.owner_code)
				.sort(),
		).toEqual(catalogue.map((product) => product.owner_code).sort());
	});

	it('two overlapping runs of the scheduled import with Skip Processed Sets, on two workers: no set lost, the newest set wins', async () => {
		const inbox = folder('scheduled');
		const older = generateFileSet(path.join(cluster.workDir, 'older'), {
			records: 600,
			seed: 7,
			prefix: 'OVER',
			fileSet: '20251102_100000',
		});
		const newer = generateFileSet(path.join(cluster.workDir, 'newer'), {
			records: 600,
			seed: 7,
			prefix: 'OVER',
			fileSet: '20251102_110000',
			priceOffset: 10,
		});
		const stage = (set: typeof older) => {
			for (const file of [set.productFile, set.variantFile])
				fs.copyFileSync(file, path.join(inbox, path.basename(file)));
		};
		// Slow Spaaza down so the first run is still upserting when the second starts.
		sandbox.setFaults({ latencyMs: 30 });
		const before = cluster.executionIds('queueScheduledImport').length;

		stage(older);
		const startedBefore = cluster.startedExecutions();
		const first = await cluster.trigger('queueScheduledImport', { inbox });
		const deadline = Date.now() + 120_000;
		while (cluster.startedExecutions() === startedBefore && Date.now() < deadline)
			await new Promise((resolve) => setTimeout(resolve, 200));
		// The newer set lands while the first run is busy on one worker; the next poll sees both sets.
		stage(newer);
		const second = await cluster.trigger('queueScheduledImport', { inbox });
		const ids = await cluster.waitForExecutions('queueScheduledImport', before + 2);
		sandbox.setFaults({});

		expect([first.status, second.status]).toEqual([200, 200]);
		const executions = ids.slice(before).map((id) => cluster.execution(id));
		expect(executions.map((execution) => execution.status)).toEqual(['success', 'success']);
		expect(new Set(executions.map((execution) => execution.worker)).size).toBe(2);
		// The runs overlapped: the second started before the first finished.
		const [one, two] = executions.map((execution) => execution.run.data.resultData.runData);
		const finished = Math.max(
			...Object.values(one).flatMap((tasks) =>
				tasks.map((task) => task.startTime + task.executionTime),
			),
		);
		const started = Math.min(
			...Object.values(two).flatMap((tasks) => tasks.map((task) => task.startTime)),
		);
		expect(started).toBeLessThan(finished);

		const { products, variants } = expectedCatalogue(newer);
		expect(catalogueDifferences(catalogueOf('OVER-'), products, variants)).toEqual([]);
		// Nothing lost: the newer set was imported by one of the runs, never skipped by both.
		const newerImported = executions.some((execution) =>
			nodeOutput(execution.run, 'Parse Spaaza File Set', 0).some(
				(record) => (record._source as { file: string }).file === path.basename(newer.productFile),
			),
		);
		expect(newerImported).toBe(true);
	});

	it('imports ~20k variants in batches mode through the queue, every record in Spaaza', async () => {
		// Last: reset() ends the Admin Session the scheduled import uses, and clears the barcodes
		// the other generated sets (same generator) already hold.
		sandbox.reset();
		const set = generateFileSet(folder('big-set'), {
			records: 30_000,
			seed: 16,
			prefix: 'QUEUE',
			fileSet: '20251101_100000',
		});
		expect(set.variants.length).toBeGreaterThan(18_000);

		const { response, execution } = await runThroughQueue('queueImportBatches', { inbox: set.dir });

		expect(response.status).toBe(200);
		expect(execution.run.data.resultData.error?.message).toBeUndefined();
		expect(execution.status).toBe('success');
		expect(execution.worker).toMatch(/^worker[12]$/);
		const batches = nodeOutput(execution.run, 'Parse Spaaza File Set', 1);
		expect(batches.length).toBe(Math.ceil(set.variants.length / 500));
		const { products, variants } = expectedCatalogue(set);
		expect(catalogueDifferences(catalogueOf('QUEUE-'), products, variants)).toEqual([]);
	});
});
