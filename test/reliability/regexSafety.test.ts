/**
 * No regex in the package backtracks catastrophically: every regex literal in nodes/
 * and credentials/ is run over 1 MB adversarial strings inside a vm with a time limit, which
 * interrupts a runaway match. A linear regex needs milliseconds here; a nested or overlapping
 * quantifier (`(a+)+`, `<[^>]*>` over a body of `<`) needs minutes.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const MB = 1 << 20;
/** Per regex and input; generous for a shared CI machine, far below a quadratic 1 MB match. */
const BOUND_MS = 2_000;

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		if (statSync(full).isDirectory()) return sources(full);
		return name.endsWith('.ts') ? [full] : [];
	});
}

function regexLiterals(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	const tree = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	const found: string[] = [];
	const visit = (node: ts.Node): void => {
		if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) found.push(node.getText(tree));
		ts.forEachChild(node, visit);
	};
	visit(tree);
	return found;
}

const REGEXES = [
	...new Set(
		['nodes', 'credentials'].flatMap((dir) => sources(path.join(ROOT, dir))).flatMap(regexLiterals),
	),
];

/** Inputs that make backtracking regexes blow up: long runs of one character, then a mismatch. */
const ADVERSARIAL: Record<string, string> = {
	'<': '<'.repeat(MB),
	'<a': '<a'.repeat(MB / 2),
	'<script>': '<script>'.repeat(MB / 8),
	spaces: `${' '.repeat(MB)}x`,
	digits: `${'1'.repeat(MB)}x`,
	'digits and dots': `${'1.'.repeat(MB / 2)}x`,
	letters: `${'a'.repeat(MB)}!`,
	'a=': `${'a='.repeat(MB / 2)}\n`,
	'password=': `${'password='.repeat(MB / 9)}`,
	commas: `${','.repeat(MB)}"`,
	'http://': `http://${'a/'.repeat(MB / 2)} `,
	surrogates: '\uD800'.repeat(MB),
	'T and digits': `${'2024T'.repeat(MB / 5)}Z`,
};

/** Runs `literal` with test() and a global replace() over every input; throws past `timeoutMs`. */
function runAll(literal: string, timeoutMs: number): void {
	const context = vm.createContext({ inputs: Object.values(ADVERSARIAL) });
	vm.runInContext(
		`const re = ${literal}; const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
		for (const input of inputs) { re.lastIndex = 0; re.test(input); input.replace(g, ''); }`,
		context,
		{ timeout: timeoutMs },
	);
}

describe('regex safety', () => {
	it('finds the regexes of nodes/ and credentials/', () => {
		expect(REGEXES.length).toBeGreaterThan(10);
	});

	it.each(REGEXES)('%s stays linear on 1 MB adversarial strings', (literal) => {
		const started = Date.now();
		runAll(literal, BOUND_MS * Object.keys(ADVERSARIAL).length);
		expect(Date.now() - started).toBeLessThan(BOUND_MS * Object.keys(ADVERSARIAL).length);
	});

	it('catches a backtracking regex (the tag stripper bodySnippet used to run)', () => {
		expect(() => runAll('/<[^>]*>/g', 500)).toThrow(/timed out/);
	});
});
