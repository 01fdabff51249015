/**
 * Run by largeAnswers.test.ts in a child process whose heap is capped (--max-old-space-size), not
 * by `npm test` directly (its name does not end in .test.ts): 80 products through Spaaza Upsert
 * Product at concurrency 4 against a sandbox (in the parent process) that answers every write with
 * a 10 MB success envelope. Keeping Spaaza's answers would need gigabytes and kill this process.
 */
import { cleanupHarness, runWorkflow, workflowFromNodes } from '../harness';

const RECORDS = Number(process.env.SPAAZA_LARGE_ANSWER_RECORDS ?? 80);

afterAll(async () => await cleanupHarness());

it('upserts every record and keeps a few KB of each answer', async () => {
	const credentials = JSON.parse(String(process.env.SPAAZA_LARGE_ANSWER_CREDENTIALS));
	const items = Array.from({ length: RECORDS }, (_, i) => ({
		owner_code: `BIG-${i}`,
		name: `Product ${i}`,
		price: '1.00',
	}));
	let peak = 0;
	const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
	const result = await runWorkflow(
		workflowFromNodes(
			{ type: 'test.manualTrigger' },
			{ type: 'test.items', parameters: { items: JSON.stringify(items) } },
			{
				type: 'n8n-nodes-spaaza.spaazaUpsertProduct',
				name: 'Upsert Product',
				parameters: { mappingMode: 'auto', updateIfExists: true, options: { concurrency: 4 } },
				credentials: { spaazaApi: { id: '1', name: 'Sandbox' } },
			},
		),
		{ credentials: { spaazaApi: credentials }, timeoutMs: 200_000 },
	);
	clearInterval(sample);
	expect(result.error).toBeUndefined();
	const out = result.json('Upsert Product');
	expect(out).toHaveLength(RECORDS);
	expect(out.every((json) => json.status === 'upserted')).toBe(true);
	for (const json of out) expect(JSON.stringify(json).length).toBeLessThan(8_192);
	console.info(`large answers: ${RECORDS} records, peak heap ${Math.round(peak / 2 ** 20)} MB`);
});
