/**
 * Skip Processed Sets commits on success (nodes/core/fileset/ledger/ledger.ts): Parse marks each set it
 * outputs pending with its counts, the Upsert nodes confirm what landed, and only a confirmed set
 * is skipped later. Every run is a production run (`mode: 'trigger'`) and carries the static data
 * n8n would have saved into the next one, as n8n does for failed and stopped runs too.
 */
import { appendFileSync, copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { sandboxCredentials, useSandbox } from '../support/sandbox';
import { cleanupHarness, runWorkflow, type WorkflowJson, type WorkflowRunResult } from '../harness';
import {
	PARSE,
	UPSERT_PRODUCT,
	UPSERT_VARIANT,
	differencesFrom,
	importWorkflow,
	recordCount,
	upsertStatuses,
	useOlderAndNewerSets,
} from '../reliability/importSupport';

const sandbox = useSandbox({ seed: 23 });
const {
	dir,
	older: set,
	newer,
} = useOlderAndNewerSets({
	records: 40,
	seed: 3,
	olderFileSet: '20251101_100000',
	newerFileSet: '20251102_100000',
	prefix: 'PS',
	priceOffset: 5,
});
afterAll(async () => await cleanupHarness());

interface Run {
	files?: string[];
	parse?: INodeParameters;
	staticData?: IDataObject;
	/** Keep only the first n variants between Parse and Upsert Variant (a user's filter). */
	keepVariants?: number;
}

function workflow(run: Run): WorkflowJson {
	const json = importWorkflow({
		files: run.files ?? [set.productFile, set.variantFile],
		parse: { skipProcessedSets: true, ...run.parse },
		upsertOptions: { concurrency: 4, maxRetries: 0 },
	});
	if (run.keepVariants !== undefined) {
		json.nodes.push({
			id: 'limit',
			name: 'Limit',
			type: 'test.limit',
			typeVersion: 1,
			position: [550, 200],
			parameters: { maxItems: run.keepVariants },
		});
		json.connections[PARSE].main[1] = [{ node: 'Limit', type: 'main', index: 0 }];
		json.connections.Limit = { main: [[{ node: UPSERT_VARIANT, type: 'main', index: 0 }]] };
	}
	return json;
}

async function importRun(run: Run): Promise<WorkflowRunResult> {
	return await runWorkflow(workflow(run), {
		credentials: { spaazaApi: sandboxCredentials(sandbox) },
		mode: 'trigger',
		staticData: run.staticData,
		timeoutMs: 60_000,
	});
}

const issues = (result: WorkflowRunResult) =>
	result.json(PARSE, 2).map((issue) => [issue.code, issue.severity]);
const ledger = (result: WorkflowRunResult) =>
	(result.staticData.global as IDataObject | undefined)?.spaazaFileSets;

describe('Skip Processed Sets: a set counts as processed only once it landed', () => {
	it('a run that fails mid-set leaves it pending; the next run imports it again, the one after skips it', async () => {
		sandbox.setFaults({ rates: { '503': 1 }, paths: ['/api/internal/add-product-variant'] });
		const failed = await importRun({});
		sandbox.setFaults({});
		expect(failed.error?.message).toMatch(/could not be created or updated/);
		expect(ledger(failed)).toEqual({
			pending: {
				[set.fileSet]: expect.objectContaining({
					products: set.products.length,
					productsDone: set.products.length,
					variants: set.variants.length,
					variantsDone: 0,
					runs: 1,
				}),
			},
		});

		const again = await importRun({ staticData: failed.staticData });
		expect(again.error).toBeUndefined();
		expect(upsertStatuses(again)).toEqual({ upserted: recordCount(set) });
		expect(again.json(PARSE, 2)).toEqual([
			expect.objectContaining({
				code: 'SPAAZA_SET_NOT_CONFIRMED',
				severity: 'warning',
				fileSet: set.fileSet,
				value: `${set.products.length} of ${set.products.length} products and 0 of ${set.variants.length} variants`,
			}),
		]);
		expect(ledger(again)).toEqual({ doneUpTo: set.fileSet, pending: {} });
		expect(differencesFrom(sandbox, set)).toEqual([]);

		const third = await importRun({ staticData: again.staticData });
		expect(issues(third)).toEqual([['SPAAZA_SET_SKIPPED', 'warning']]);
		expect(upsertStatuses(third)).toEqual({});
	});

	it('batches mode: confirmed from batch items, then skipped', async () => {
		const parse = { outputMode: 'batches', batchSize: 7 };
		const first = await importRun({ parse });
		expect(first.error).toBeUndefined();
		expect(ledger(first)).toEqual({ doneUpTo: set.fileSet, pending: {} });
		const second = await importRun({ parse, staticData: first.staticData });
		expect(issues(second)).toEqual([['SPAAZA_SET_SKIPPED', 'warning']]);
	});

	it('a products-only set and a variants-only set are each confirmed by the one Upsert node they reach', async () => {
		const parse = { requireCompleteSets: false };
		const productsOnly = await importRun({ parse, files: [set.productFile] });
		expect(issues(productsOnly)).toEqual([['SPAAZA_SET_INCOMPLETE', 'warning']]);
		expect(ledger(productsOnly)).toEqual({ doneUpTo: set.fileSet, pending: {} });

		const variantsOnly = await importRun({
			parse,
			files: [set.productFile, newer.variantFile],
			staticData: productsOnly.staticData,
		});
		expect(issues(variantsOnly)).toEqual([
			['SPAAZA_SET_SKIPPED', 'warning'],
			['SPAAZA_SET_INCOMPLETE', 'warning'],
		]);
		expect(upsertStatuses(variantsOnly)).toEqual({ upserted: newer.variants.length });
		expect(ledger(variantsOnly)).toEqual({ doneUpTo: newer.fileSet, pending: {} });
	});

	it('records filtered out before the Upsert nodes: re-imported every run, a warning, then SPAAZA_SET_NOT_CONFIRMED', async () => {
		const parse = { unconfirmedRuns: 2 };
		let staticData: IDataObject | undefined;
		const reported: unknown[] = [];
		for (let run = 0; run < 3; run++) {
			const result = await importRun({ parse, keepVariants: 3, staticData });
			expect(upsertStatuses(result)).toEqual({ upserted: set.products.length + 3 });
			reported.push(
				result.json(PARSE, 2).map((issue) => [issue.code, issue.severity, issue.value]),
			);
			staticData = result.staticData;
		}
		const counts = `${set.products.length} of ${set.products.length} products and 3 of ${set.variants.length} variants`;
		expect(reported).toEqual([
			[],
			[['SPAAZA_SET_NOT_CONFIRMED', 'warning', counts]],
			[['SPAAZA_SET_NOT_CONFIRMED', 'error', counts]],
		]);
	});

	it('a dry run confirms nothing', async () => {
		const json = workflow({});
		for (const node of json.nodes.filter(
			(n) => n.name === UPSERT_PRODUCT || n.name === UPSERT_VARIANT,
		)) {
			node.parameters.options = { dryRun: true };
		}
		const dry = await runWorkflow(json, {
			credentials: { spaazaApi: sandboxCredentials(sandbox) },
			mode: 'trigger',
		});
		expect(upsertStatuses(dry)).toEqual({ 'dry-run': recordCount(set) });
		expect(ledger(dry)).toEqual({
			pending: { [set.fileSet]: expect.objectContaining({ productsDone: 0, variantsDone: 0 }) },
		});
	});

	it('two overlapping runs: whichever saves its static data last, a set that did not land is never skipped', async () => {
		// n8n loads static data when an execution starts and saves it whole when it ends, so of two
		// overlapping runs the one that ends last decides. Both started from the same state here.
		const completed = await importRun({});
		sandbox.setFaults({ rates: { '503': 1 }, paths: ['/api/internal/add-product-variant'] });
		const failed = await importRun({});
		sandbox.setFaults({});

		const afterFailedSavedLast = await importRun({ staticData: failed.staticData });
		expect(issues(afterFailedSavedLast)).toEqual([['SPAAZA_SET_NOT_CONFIRMED', 'warning']]);
		expect(upsertStatuses(afterFailedSavedLast)).toEqual({ upserted: recordCount(set) });

		const afterCompletedSavedLast = await importRun({ staticData: completed.staticData });
		expect(issues(afterCompletedSavedLast)).toEqual([['SPAAZA_SET_SKIPPED', 'warning']]);
		expect(differencesFrom(sandbox, set)).toEqual([]);
	});
});

describe('Wait for Complete Files', () => {
	const parseOnly = (files: string[]): WorkflowJson => {
		const json = importWorkflow({ files, parse: { waitForCompleteFiles: true } });
		json.nodes = json.nodes.filter((n) => n.name !== UPSERT_PRODUCT && n.name !== UPSERT_VARIANT);
		json.connections[PARSE].main = [[], [], []];
		return json;
	};

	it('Read Files gives no modified time: a set is read once its files kept their size for two runs', async () => {
		const inbox = path.join(dir, 'inbox');
		mkdirSync(inbox, { recursive: true });
		const product = path.join(inbox, path.basename(set.productFile));
		const variant = path.join(inbox, path.basename(set.variantFile));
		copyFileSync(set.productFile, product);
		copyFileSync(set.variantFile, variant);

		const first = await runWorkflow(parseOnly([product, variant]), { mode: 'trigger' });
		expect(first.output(PARSE, 0)).toEqual([]);
		expect(first.json(PARSE, 2).map((issue) => [issue.code, issue.severity, issue.file])).toEqual([
			['SPAAZA_FILE_NOT_READY', 'warning', path.basename(product)],
			['SPAAZA_FILE_NOT_READY', 'warning', path.basename(variant)],
		]);

		// The variant file grows between the polls (an upload still under way): the whole set waits.
		appendFileSync(variant, readFileSync(variant, 'utf8').split('\n')[1] + '\n');
		const second = await runWorkflow(parseOnly([product, variant]), {
			mode: 'trigger',
			staticData: first.staticData,
		});
		expect(second.output(PARSE, 0)).toEqual([]);
		expect(second.json(PARSE, 2)).toEqual([
			expect.objectContaining({
				code: 'SPAAZA_FILE_NOT_READY',
				file: path.basename(variant),
				message: expect.stringMatching(/size changed from \d+ to \d+ bytes/),
			}),
		]);

		const third = await runWorkflow(parseOnly([product, variant]), {
			mode: 'trigger',
			staticData: second.staticData,
		});
		// (The appended line repeats a variant's row: Parse reports that, and nothing waits any more.)
		expect(third.json(PARSE, 2).map((issue) => issue.code)).toEqual(['SPAAZA_REPEATED_BARCODE']);
		expect(third.output(PARSE, 0)).toHaveLength(set.products.length);
	});

	it('in a manual run nothing is remembered, so files without a modified time are read at once', async () => {
		const result = await runWorkflow(parseOnly([set.productFile, set.variantFile]));
		expect(result.json(PARSE, 2)).toEqual([]);
		expect(result.output(PARSE, 0)).toHaveLength(set.products.length);
	});
});
