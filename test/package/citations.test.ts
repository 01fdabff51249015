import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Code and its comments cite only what a reader of this repository can open: its own files
// (docs/spaaza-api.md, the README, docs/), never an issue tracker's numbers or a spec kept
// elsewhere. CHANGELOG.md is history and may name what it likes.
const ROOT = path.join(__dirname, '../..');
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', '.cache', 'coverage', '.git']);
const CODE = /\.(ts|js|mjs|cjs|sh|ya?ml)$|^(run|Dockerfile)$/;
const OUTSIDE_CITATIONS = [/\bissues? #?\d+/i, /\bSPEC\b/, /\bn8n-notes\b/, /\bSTYLE\.md\b/];

function codeFiles(dir: string, out: string[] = []): string[] {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		if (entry.isDirectory()) {
			if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.n8n-'))
				codeFiles(path.join(dir, entry.name), out);
		} else if (CODE.test(entry.name)) out.push(path.join(dir, entry.name));
	}
	return out;
}

describe('citations in code', () => {
	it('name only files of this repository', () => {
		const files = codeFiles(ROOT);
		expect(files.length).toBeGreaterThan(100);
		const found = files.flatMap((file) =>
			readFileSync(file, 'utf8')
				.split('\n')
				.flatMap((line, index) =>
					OUTSIDE_CITATIONS.some((pattern) => pattern.test(line))
						? [`${path.relative(ROOT, file)}:${index + 1}: ${line.trim()}`]
						: [],
				),
		);
		expect(found).toEqual([]);
	});
});
