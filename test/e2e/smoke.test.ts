import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeOutput } from '../../tools/n8n/runOutput';
import { emptyFolder } from '../../tools/n8n/session';
import { describeE2e, useRealN8n } from './realN8n';

describeE2e('real n8n with the packed package installed', () => {
	const session = useRealN8n();

	it('installs the tarball as a community package: dist, runtime dependencies, no second n8n-workflow', () => {
		const packageDir = path.join(
			session.n8n.userFolder,
			'.n8n',
			'nodes',
			'node_modules',
			'n8n-nodes-spaaza',
		);
		const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
		for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
			expect(fs.existsSync(path.join(packageDir, file))).toBe(true);
		}
		for (const dependency of Object.keys(manifest.dependencies)) {
			expect(fs.existsSync(path.join(packageDir, 'node_modules', dependency, 'package.json'))).toBe(
				true,
			);
		}
		expect(fs.existsSync(path.join(packageDir, 'node_modules', 'n8n-workflow'))).toBe(false);
		const ledger = JSON.parse(
			fs.readFileSync(path.join(session.n8n.userFolder, '.n8n', 'nodes', 'package.json'), 'utf8'),
		);
		expect(ledger.dependencies['n8n-nodes-spaaza']).toBe(manifest.version);
	});

	it('runs a workflow of n8n-nodes-base nodes headless and loads the package without errors', async () => {
		const inbox = emptyFolder(session.n8n, 'smoke-in');
		fs.writeFileSync(path.join(inbox, 'a.csv'), 'a,b\n1,2\n');
		const outbox = emptyFolder(session.n8n, 'smoke-out');

		const result = await session.n8n.execute('e2eSmokeReadWrite', {
			SPAAZA_INBOX: inbox,
			SPAAZA_OUTBOX: outbox,
		});

		expect(result.error).toBeUndefined();
		// n8n must exit on its own; on a signal, its last stderr lines say why.
		const ending = {
			code: result.exitCode,
			signal: result.exitSignal,
			stderr: result.exitSignal ? result.output.stderr.slice(-800) : '',
		};
		expect(ending).toEqual({ code: 0, signal: null, stderr: '' });
		expect(nodeOutput(result.run, 'Read files from inbox')).toEqual([
			expect.objectContaining({ fileName: 'a.csv' }),
		]);
		expect(fs.readFileSync(path.join(outbox, 'a.csv'), 'utf8')).toBe('a,b\n1,2\n');
		expect(result.output.stdout + result.output.stderr).not.toMatch(
			/Failed to load package "n8n-nodes-spaaza"|Cannot find module/,
		);
	});
});
