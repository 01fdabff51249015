import type { IDataObject } from 'n8n-workflow';

import { checkWriteLog } from '../../../sandbox';
import { useSandbox } from '../../support/sandbox';
import { expectNoSecrets } from '../../support/secrets';
import { cleanupHarness } from '../../harness';
import { generatedCatalogue } from './records';
import { UPSERT_PRODUCT, UPSERT_VARIANT, expectCatalogueToMatch, runImport } from './support';

const sandbox = useSandbox({ seed: 7 });
afterAll(async () => await cleanupHarness());

const { products, variants } = generatedCatalogue(120);

function attempts(outputs: IDataObject[]): number {
	return outputs.reduce((sum, json) => sum + Number(json.attempts), 0);
}

/** The whole generated catalogue through Parse and both Upsert nodes, 8 requests at a time each. */
const importAll = () =>
	runImport(sandbox, {
		products,
		variants,
		parameters: {
			[UPSERT_PRODUCT]: { options: { concurrency: 8 } },
			[UPSERT_VARIANT]: { options: { concurrency: 8 } },
		},
		options: { timeoutMs: 60_000 },
	});

describe('import under injected faults', () => {
	it('lands every record exactly once with 5% 429 and 503 answers', async () => {
		sandbox.setFaults({ rates: { '429': 0.05, '503': 0.05 }, retryAfterSeconds: 1 });

		const result = await importAll();

		expect(result.error).toBeUndefined();
		const productOutputs = result.json(UPSERT_PRODUCT);
		const variantOutputs = result.json(UPSERT_VARIANT);
		expect(productOutputs.filter((json) => json.status !== 'upserted')).toEqual([]);
		expect(variantOutputs.filter((json) => json.status !== 'upserted')).toEqual([]);
		const stats = sandbox.stats();
		expect(stats.faults['429'] + stats.faults['503']).toBeGreaterThan(0);
		// Per record at the sandbox: sent again only after a fault, created once, never updated.
		const log = checkWriteLog(sandbox.writeLog(), { fresh: true });
		expect(log.problems).toEqual([]);
		expect(log.records).toBe(products.length + variants.length);
		expect(log.resent).toBeGreaterThan(0);
		expect(log.lostAnswers).toBe(0);
		for (const counts of [
			...Object.values(stats.writes.products),
			...Object.values(stats.writes.variants),
		]) {
			expect(counts).toEqual({ created: 1, updated: 0 });
		}
		// Attempts also count a faulted login a record waited for, so they are at least the sends.
		expect(attempts(productOutputs) + attempts(variantOutputs)).toBeGreaterThanOrEqual(log.sends);
		expect([...productOutputs, ...variantOutputs].every((json) => Number(json.attempts) <= 6)).toBe(
			true,
		);
		expectCatalogueToMatch(sandbox.catalogue(), products, variants);
		expectNoSecrets(sandbox, result);
	}, 90_000);

	it('creates nothing twice when answers are lost after Spaaza wrote the record', async () => {
		sandbox.setFaults({
			rates: { '502': 0.04, drop: 0.02 },
			afterProcessing: ['502', 'drop'],
			paths: ['/api/internal/'],
		});

		const result = await importAll();

		expect(result.error).toBeUndefined();
		expect(result.json(UPSERT_PRODUCT).every((json) => json.status === 'upserted')).toBe(true);
		expect(result.json(UPSERT_VARIANT).every((json) => json.status === 'upserted')).toBe(true);
		const stats = sandbox.stats();
		expect(stats.faults['502']).toBeGreaterThan(0);
		expect(stats.faults.drop).toBeGreaterThan(0);
		// Per record at the sandbox: every lost answer was followed by one re-send that updated the
		// record in place (update_if_exists), never a refusal or a second copy; nothing else re-sent.
		const log = checkWriteLog(sandbox.writeLog(), { fresh: true });
		expect(log.problems).toEqual([]);
		expect(log.lostAnswers).toBe(stats.faults['502'] + stats.faults.drop);
		expect(log.updatedAfterLostAnswer).toBe(log.lostAnswers);
		// A record whose answer was lost still ends `upserted`, and says it took more than one attempt.
		const outputs = [...result.json(UPSERT_PRODUCT), ...result.json(UPSERT_VARIANT)];
		expect(attempts(outputs)).toBe(log.sends);
		const writeLog = sandbox.writeLog();
		for (const json of outputs) {
			const sent = (
				writeLog.products[String(json.owner_code)] ?? writeLog.variants[String(json.owner_code)]
			).length;
			expect({ owner_code: json.owner_code, attempts: json.attempts }).toEqual({
				owner_code: json.owner_code,
				attempts: sent,
			});
		}
		expectCatalogueToMatch(sandbox.catalogue(), products, variants);
	}, 90_000);

	it('logs in again when the admin session expires mid-run and lands every record', async () => {
		sandbox.setFaults({ sessionExpiryAfterRequests: 40 });

		const result = await runImport(sandbox, { products, variants, options: { timeoutMs: 60_000 } });

		expect(result.error).toBeUndefined();
		expect(result.json(UPSERT_VARIANT).filter((json) => json.status !== 'upserted')).toEqual([]);
		expect(sandbox.stats().faults.sessionExpiry).toBe(1);
		expect(result.preAuthentications).toBeGreaterThanOrEqual(2);
		expectCatalogueToMatch(sandbox.catalogue(), products, variants);
		expectNoSecrets(sandbox, result);
	}, 90_000);

	it('stops within a second when the execution is cancelled', async () => {
		sandbox.setFaults({ latencyMs: 200, paths: ['/api/internal/'] });

		const result = await runImport(sandbox, {
			products,
			parameters: { [UPSERT_PRODUCT]: { options: { concurrency: 2 } } },
			options: { cancelAfterMs: 700 },
		});

		expect(result.cancelled).toBe(true);
		expect(result.stopLatencyMs).toBeLessThan(1000);
		expect(Object.keys(sandbox.stats().writes.products).length).toBeLessThan(products.length / 4);
	}, 30_000);
});
