// @ts-check
'use strict';
// Part of `npm run lint`: the repository's import graph has no circle, and no top-level folder
// imports one it may not (LAYERS below; docs/DEVELOPMENT.md explains the direction). Reads every
// relative `import`/`export … from`/`require()`/`import()` (JSDoc type imports included) of the
// TypeScript and JavaScript files; a type-only import counts, since it ties the two files as much.
//   node scripts/check-imports.js [root]
const fs = require('node:fs');
const path = require('node:path');

// What each top-level folder may import besides itself. The shipped package (nodes/, credentials/)
// sees nothing else; the sandbox and the real-n8n tools stand alone; the tests sit on all of them
// and on scripts/; the bench and the entry points in scripts/ use the tools (the bench loads the
// package it measures from its own compiled copy, never from source). Root files: anything.
/** @type {Record<string, string[]>} */
const LAYERS = {
	nodes: [],
	credentials: ['nodes'],
	sandbox: [],
	tools: [],
	test: ['nodes', 'credentials', 'sandbox', 'tools', 'scripts'],
	bench: ['tools'],
	scripts: ['tools'],
};
const SKIPPED = new Set(['node_modules', 'dist', 'build', '.cache', '.git', 'coverage']);
const SOURCE = /\.(ts|js|mjs|cjs)$/;
const SPECIFIER =
	/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]*)\1/gm;
const EXTENSIONS = ['', '.ts', '.js', '.json', '/index.ts', '/index.js'];
/** @typedef {Map<string, Array<{ to: string; line: number }>>} Graph */

/**
 * Every source file under `root`, relative, with `/` separators.
 * @param {string} root
 * @returns {string[]}
 */
function sourceFiles(root, dir = '') {
	return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
		const relative = dir ? `${dir}/${entry.name}` : entry.name;
		if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : sourceFiles(root, relative);
		return SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [relative] : [];
	});
}

/**
 * The repository file a relative specifier names, or undefined when it names none.
 * @param {string} root @param {string} from @param {string} specifier
 */
function resolve(root, from, specifier) {
	const base = path.posix.join(path.posix.dirname(from), specifier);
	for (const extension of EXTENSIONS) {
		const candidate = base + extension;
		if (fs.statSync(path.join(root, candidate), { throwIfNoEntry: false })?.isFile())
			return candidate;
	}
	return undefined;
}

/**
 * Each file's imports of repository files.
 * @param {string} root
 * @returns {Graph}
 */
function importGraph(root) {
	const graph = new Map();
	for (const file of sourceFiles(root)) {
		const text = fs.readFileSync(path.join(root, file), 'utf8');
		const edges = [];
		for (const match of text.matchAll(SPECIFIER)) {
			const to = resolve(root, file, match[2]);
			if (to && to !== file) {
				const line = text.slice(0, match.index).split('\n').length;
				edges.push({ to, line });
			}
		}
		graph.set(file, edges);
	}
	return graph;
}

/** @param {string} file */
const layerOf = (file) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '');

/**
 * Imports that cross into a folder the importing folder may not use.
 * @param {Graph} graph
 */
function upwardImports(graph) {
	const found = [];
	for (const [file, edges] of graph) {
		const from = layerOf(file);
		const allowed = LAYERS[from];
		if (!allowed) continue;
		for (const { to, line } of edges) {
			const target = layerOf(to);
			if (target !== from && !allowed.includes(target)) found.push({ file, line, to });
		}
	}
	return found;
}

/**
 * Every group of files that import each other round a circle (Tarjan's strongly connected components).
 * @param {Graph} graph
 * @returns {string[][]}
 */
function circles(graph) {
	let next = 0;
	const index = new Map();
	const low = new Map();
	/** @type {string[]} */
	const stack = [];
	const onStack = new Set();
	const found = [];
	// Iterative, so a long chain of imports cannot overflow the call stack.
	for (const start of graph.keys()) {
		if (index.has(start)) continue;
		const work = [{ file: start, edge: 0 }];
		index.set(start, next);
		low.set(start, next++);
		stack.push(start);
		onStack.add(start);
		while (work.length > 0) {
			const frame = work[work.length - 1];
			const edges = graph.get(frame.file) ?? [];
			if (frame.edge < edges.length) {
				const to = edges[frame.edge++].to;
				if (!graph.has(to)) continue;
				if (!index.has(to)) {
					index.set(to, next);
					low.set(to, next++);
					stack.push(to);
					onStack.add(to);
					work.push({ file: to, edge: 0 });
				} else if (onStack.has(to))
					low.set(frame.file, Math.min(low.get(frame.file), index.get(to)));
				continue;
			}
			work.pop();
			if (work.length > 0) {
				const parent = work[work.length - 1].file;
				low.set(parent, Math.min(low.get(parent), low.get(frame.file)));
			}
			if (low.get(frame.file) === index.get(frame.file)) {
				const group = [];
				let member;
				do {
					member = /** @type {string} */ (stack.pop());
					onStack.delete(member);
					group.push(member);
				} while (member !== frame.file);
				if (group.length > 1) found.push(group.sort());
			}
		}
	}
	return found;
}

/**
 * @param {string} root
 * @returns {{ circles: string[][]; upward: Array<{ file: string; line: number; to: string }> }}
 */
function checkImports(root) {
	const graph = importGraph(root);
	return { circles: circles(graph), upward: upwardImports(graph) };
}

module.exports = { checkImports, importGraph, LAYERS };

if (require.main === module) {
	const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..'));
	const result = checkImports(root);
	for (const group of result.circles)
		process.stderr.write(`import circle: ${group.join(' ↔ ')}\n`);
	for (const { file, line, to } of result.upward)
		process.stderr.write(
			`${file}:${line}: imports ${to}; ${layerOf(file)}/ may import only ${[layerOf(file), ...LAYERS[layerOf(file)]].join(', ')} (scripts/check-imports.js LAYERS)\n`,
		);
	if (result.circles.length + result.upward.length > 0) process.exitCode = 1;
}
