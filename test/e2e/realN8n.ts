import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { N8nInstance } from '../../tools/n8n/instance';
import { startSession } from '../../tools/n8n/session';
import { type Sandbox, startSandbox } from '../../sandbox';

/** These tests need the real n8n that test/jest/e2e.config.js provisions; under the unit run they skip. */
export const describeE2e = process.env.SPAAZA_E2E === '1' ? describe : describe.skip;

export const ROOT = path.resolve(__dirname, '..', '..');

export interface RealN8n {
	sandbox: Sandbox;
	n8n: N8nInstance;
}

/**
 * A sandbox and a real n8n with the packed package installed and the sandbox credentials and local
 * workflows imported, for the tests of one file. Read the fields in tests, not at describe time.
 */
export function useRealN8n(options: { examples?: boolean } = {}): RealN8n {
	const session = {} as RealN8n;
	beforeAll(async () => {
		const tarball = process.env.SPAAZA_E2E_TARBALL;
		if (!tarball) throw new Error('No packed package: run through `npm run test:e2e`.');
		session.sandbox = await startSandbox({ taskRunMs: 1000 });
		const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spaaza-e2e-'));
		session.n8n = await startSession({
			sandbox: session.sandbox,
			tarball,
			workDir,
			examples: options.examples,
		});
	});
	afterAll(async () => {
		await session.sandbox?.close();
		session.n8n?.close();
	});
	return session;
}
