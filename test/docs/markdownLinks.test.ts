/**
 * Every relative link in the repository's Markdown reaches something: the file or folder exists
 * and, for `page.md#anchor` or `#anchor`, the page has a heading with that anchor (as GitHub
 * makes it). The README and docs/ are reorganised often; a moved section must not leave a reader
 * at a dead link.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '../..');

/** The Markdown files git knows (tracked or new, not ignored): what a reader of the repo sees. */
function markdownFiles(): string[] {
	const out = execFileSync(
		'git',
		['ls-files', '--cached', '--others', '--exclude-standard', '--', '*.md'],
		{ cwd: ROOT, encoding: 'utf8' },
	);
	return out
		.split('\n')
		.filter((file) => file !== '' && existsSync(path.join(ROOT, file)))
		.sort();
}

/** The text without fenced code blocks and inline code, where brackets are not links. */
function proseOf(markdown: string): string {
	return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchors: lowercase, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	for (const match of proseOf(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
		const text = match[1]
			.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
			.replace(/<[^>]+>/g, '')
			.replace(/[*_~]/g, (c) => (c === '_' ? '_' : ''));
		const base = text
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
			.replace(/ /g, '-');
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		anchors.add(count === 0 ? base : `${base}-${count}`);
	}
	for (const match of markdown.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(match[1]);
	return anchors;
}

/** Inline links and images `[text](target "title")` and reference definitions `[id]: target`. */
function linkTargets(markdown: string): string[] {
	const prose = proseOf(markdown);
	const targets: string[] = [];
	for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
		targets.push(match[1]);
	}
	for (const match of prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s+<?(\S+?)>?(?:\s|$)/gm)) {
		targets.push(match[1]);
	}
	return targets;
}

function brokenLinks(): string[] {
	const broken: string[] = [];
	const anchorsOf = new Map<string, Set<string>>();
	const anchors = (file: string): Set<string> => {
		let set = anchorsOf.get(file);
		if (!set) {
			set = headingAnchors(readFileSync(file, 'utf8'));
			anchorsOf.set(file, set);
		}
		return set;
	};
	for (const file of markdownFiles()) {
		const absolute = path.join(ROOT, file);
		for (const target of linkTargets(readFileSync(absolute, 'utf8'))) {
			if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: …
			const [rawPath, anchor] = target.split('#', 2);
			const linkedPath = decodeURIComponent(rawPath);
			const resolved =
				linkedPath === '' ? absolute : path.resolve(path.dirname(absolute), linkedPath);
			if (!resolved.startsWith(ROOT) || !existsSync(resolved)) {
				broken.push(`${file}: ${target} (no such file)`);
				continue;
			}
			if (anchor === undefined || anchor === '') continue;
			if (statSync(resolved).isDirectory() || !resolved.endsWith('.md')) {
				broken.push(`${file}: ${target} (an anchor into something that is not a Markdown page)`);
			} else if (!anchors(resolved).has(decodeURIComponent(anchor).toLowerCase())) {
				broken.push(`${file}: ${target} (no heading with that anchor)`);
			}
		}
	}
	return broken;
}

describe('Markdown links', () => {
	it('make anchors the way GitHub does', () => {
		const anchors = headingAnchors(
			'# Install in n8n\n## Spaaza Upsert Product / Spaaza Upsert Variant\n' +
				'## Scheduled imports (Skip Processed Sets)\n## Notes\n## Notes\n```sh\n# not a heading\n```\n',
		);
		expect([...anchors]).toEqual([
			'install-in-n8n',
			'spaaza-upsert-product--spaaza-upsert-variant',
			'scheduled-imports-skip-processed-sets',
			'notes',
			'notes-1',
		]);
	});

	it('every relative link and anchor in the repository Markdown resolves', () => {
		expect(markdownFiles().length).toBeGreaterThan(10);
		expect(brokenLinks()).toEqual([]);
	});
});
