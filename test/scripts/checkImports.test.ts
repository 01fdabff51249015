import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { checkImports } from '../../scripts/check-imports';

const SCRIPT = path.join(__dirname, '../../scripts/check-imports.js');

/** A throwaway repository made of `files` (path → text). */
function tree(files: Record<string, string>): string {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'spaaza-imports-'));
	for (const [file, text] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
		fs.writeFileSync(path.join(root, file), text);
	}
	return root;
}

/** The checker as CI runs it, on `root`. */
function cli(root: string) {
	const run = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
	return { status: run.status, stderr: run.stderr };
}

const roots: string[] = [];
afterAll(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));
const repo = (files: Record<string, string>) => {
	const root = tree(files);
	roots.push(root);
	return root;
};

describe('scripts/check-imports.js', () => {
	it('passes a tree whose imports go one way and down', () => {
		const root = repo({
			'nodes/core/a.ts': "import { b } from './b';\nexport const a = b;\n",
			'nodes/core/b.ts': 'export const b = 1;\n',
			'credentials/C.credentials.ts': "import { a } from '../nodes/core/a';\n",
			'test/a.test.ts': "import { a } from '../nodes/core/a';\nimport '../tools/n8n/env';\n",
			'tools/n8n/env.js': "require('node:path');\n",
			'scripts/start.js': "require('../tools/n8n/env');\n",
		});
		expect(checkImports(root)).toEqual({ circles: [], upward: [] });
		expect(cli(root)).toEqual({ status: 0, stderr: '' });
	});

	it('fails on a planted circle, a type-only import and a JSDoc import counting too', () => {
		const root = repo({
			'sandbox/envelope.ts': "import type { Reply } from './http';\nexport const ok = 1;\n",
			'sandbox/http.ts': "import { ok } from './envelope';\nexport interface Reply { ok: 1 }\n",
			'tools/n8n/a.js': "/** @typedef {import('./b').B} B */\nmodule.exports = {};\n",
			'tools/n8n/b.js': "const a = require('./a');\nmodule.exports = { a };\n",
		});
		expect(checkImports(root).circles).toEqual([
			['sandbox/envelope.ts', 'sandbox/http.ts'],
			['tools/n8n/a.js', 'tools/n8n/b.js'],
		]);
		expect(cli(root)).toEqual({
			status: 1,
			stderr: expect.stringContaining('import circle: sandbox/envelope.ts ↔ sandbox/http.ts'),
		});
	});

	it('fails on an upward import, naming the file, the line and what the folder may import', () => {
		const root = repo({
			'nodes/x.ts': "import { y } from './y';\nimport { helper } from '../test/support/helper';\n",
			'nodes/y.ts': 'export const y = 1;\n',
			'test/support/helper.ts': 'export const helper = 1;\n',
			'tools/n8n/env.js': "require('../../scripts/planted');\n",
			'scripts/planted.js': '',
		});
		expect(checkImports(root).upward).toEqual([
			{ file: 'nodes/x.ts', line: 2, to: 'test/support/helper.ts' },
			{ file: 'tools/n8n/env.js', line: 1, to: 'scripts/planted.js' },
		]);
		expect(cli(root)).toEqual({
			status: 1,
			stderr: expect.stringContaining(
				'nodes/x.ts:2: imports test/support/helper.ts; nodes/ may import only nodes',
			),
		});
	});
});
