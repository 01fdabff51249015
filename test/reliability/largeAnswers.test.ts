/**
 * Spaaza's whole answer is never kept: 80 products at concurrency 4, each write answered with a
 * 10 MB success envelope, upsert in a child process whose heap is capped far below what keeping
 * the answers would take (80 × 10 MB of JSON, several times that once parsed).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

import { sandboxCredentials, useSandbox } from '../support/sandbox';

const MB = 1024 * 1024;
/** The child's heap cap: room for n8n's engine, jest and four answers being read at once. */
const HEAP_CAP_MB = Number(process.env.SPAAZA_LARGE_ANSWER_HEAP_MB ?? 384);
const ROOT = path.resolve(__dirname, '../..');

const sandbox = useSandbox({ faults: { writeAnswerBytes: 10 * MB } });

function runChild(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			[
				`--max-old-space-size=${HEAP_CAP_MB}`,
				path.join(ROOT, 'node_modules/jest/bin/jest.js'),
				'--runInBand',
				'--ci',
				'--coverage=false',
				'--testMatch',
				'**/test/reliability/largeAnswers.child.ts',
				'--testTimeout',
				'240000',
			],
			{ cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
		);
		let output = '';
		const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		child.once('error', reject);
		child.once('close', (code) => resolve({ code, output }));
	});
}

it(`80 upserts answered with 10 MB each fit a ${HEAP_CAP_MB} MB heap`, async () => {
	const { code, output } = await runChild({
		SPAAZA_LARGE_ANSWER_CREDENTIALS: JSON.stringify(sandboxCredentials(sandbox)),
	});
	if (code !== 0) console.error(output);
	expect(output).not.toMatch(/heap out of memory/i);
	expect(code).toBe(0);
	const peak = /large answers: 80 records, peak heap (\d+) MB/.exec(output);
	expect(peak).not.toBeNull();
	console.info(`child peak heap ${peak?.[1]} MB of ${HEAP_CAP_MB} MB`);
	expect(sandbox.stats().requests['POST /api/internal/add-product']).toBe(80);
}, 300_000);
