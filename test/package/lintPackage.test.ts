import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// scripts/lint-package.js lints the packed tarball the way n8n's community-package scanner does,
// so a bundled file in dist/ that breaks n8n Cloud's rules is found even when it carries an
// eslint-disable comment. Run in a child process: the scanner is an ES module, which jest's
// CommonJS runtime cannot import.
const ROOT = path.join(__dirname, '../..');

interface Finding {
	file: string;
	rule: string;
	lines: number[];
}

function scanPackageDir(dir: string): { files: number; findings: Finding[] } {
	const script = `require(${JSON.stringify(path.join(ROOT, 'scripts', 'lint-package.js'))})
		.scanPackageDir(${JSON.stringify(dir)})
		.then((result) => process.stdout.write(JSON.stringify(result)))`;
	return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as {
		files: number;
		findings: Finding[];
	};
}

describe("the packed tarball's check", () => {
	let dir: string;

	beforeAll(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'spaaza-tarball-'));
		copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
		mkdirSync(path.join(dir, 'dist', 'nodes', 'vendor'), { recursive: true });
		writeFileSync(
			path.join(dir, 'dist', 'nodes', 'vendor', 'bundled.js'),
			[
				'"use strict";',
				'/* eslint-disable */',
				'const stream_1 = require("node:stream");',
				'// eslint-disable-next-line',
				'setImmediate(() => console.log(process.env.HOME, stream_1));',
				'',
			].join('\n'),
		);
		writeFileSync(
			path.join(dir, 'dist', 'nodes', 'vendor', 'clean.js'),
			'"use strict";\nexports.sum = (a, b) => a + b;\n',
		);
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('finds node:* imports, restricted globals and console in a bundled file, eslint-disable ignored', () => {
		const { files, findings } = scanPackageDir(dir);
		expect(files).toBe(3);
		const bundled = findings.filter(
			(finding) => finding.file === path.join('dist', 'nodes', 'vendor', 'bundled.js'),
		);
		expect(bundled.map(({ rule, lines }) => [rule, lines]).sort()).toEqual(
			[
				['@n8n/community-nodes/no-restricted-globals', [5, 5]],
				['@n8n/community-nodes/no-restricted-imports', [3]],
				['no-console', [5]],
			].sort(),
		);
		expect(findings.filter((finding) => finding.file.endsWith('clean.js'))).toEqual([]);
	});
});
