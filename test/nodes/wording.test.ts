import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { INodeType } from 'n8n-workflow';
import ts from 'typescript';

import { SpaazaApi } from '../../credentials/SpaazaApi.credentials';
import { SANDBOX_DEFAULT_PORT } from '../../sandbox';
import { packageNodes } from '../support/packageNodes';

// What the editor shows a retail operations person: the words of every
// node panel, hint and option, the credential form and its test messages, and the sticky notes of
// the example workflows. The precise technical terms belong in the README and docs/.
const ROOT = path.join(__dirname, '../..');
const SHOWN_KEYS = new Set([
	'displayName',
	'description',
	'hint',
	'placeholder',
	'message',
	'subtitle',
	'action',
]);

const NODES: INodeType[] = packageNodes();

/** Every string under a key the editor displays, with where it was found. */
function shownText(
	value: unknown,
	where: string,
	out: Array<{ where: string; text: string }> = [],
) {
	if (Array.isArray(value))
		value.forEach((entry, index) => shownText(entry, `${where}[${index}]`, out));
	else if (value && typeof value === 'object') {
		const record = value as Record<string, unknown>;
		for (const [key, entry] of Object.entries(record)) {
			if (typeof entry === 'string' && SHOWN_KEYS.has(key))
				out.push({ where: `${where}.${key}`, text: entry });
			// An option's name is its label in the dropdown.
			else if (typeof entry === 'string' && key === 'name' && 'value' in record)
				out.push({ where: `${where}.name`, text: entry });
			else shownText(entry, `${where}.${key}`, out);
		}
	}
	return out;
}

function exampleNotes(): Array<{ where: string; text: string }> {
	return readdirSync(path.join(ROOT, 'examples'))
		.filter((file) => file.endsWith('.json'))
		.flatMap((file) => {
			const workflow = JSON.parse(readFileSync(path.join(ROOT, 'examples', file), 'utf8')) as {
				nodes: Array<{
					name: string;
					type: string;
					parameters?: { content?: string };
					notes?: string;
				}>;
			};
			return workflow.nodes.flatMap((node) =>
				[node.parameters?.content, node.notes]
					.filter((text): text is string => typeof text === 'string')
					.map((text) => ({ where: `examples/${file} ${node.name}`, text })),
			);
		});
}

const DEVELOPER_WORDING = [
	/--update-if-exists|importer's/i,
	/X-Spaaza-[A-Za-z-]+ header/i,
	/session_user_id|session_key\b/,
	/Spaaza documents/i,
	/execution order v1|executionOrder/i,
	/\$env\.SPAAZA_/,
];

/**
 * Words n8n does not use, or that a retail operations person cannot know:
 * n8n's node guidelines say "Create or Update", not "upsert" (the `upserted` status is data and
 * is explained where it is named); n8n 2.x's editor says "Publish", not "active workflow";
 * n8n's panels say "binary field". A text that needs a term must explain it in the same breath.
 */
const NOT_N8N_WORDS: Array<{ word: RegExp; unless?: RegExp }> = [
	{ word: /\bupsert(s|ing)?\b/i },
	{ word: /\bupserted\b/i, unless: /created or updated/i },
	{ word: /idempoten/i },
	{ word: /static data/i },
	{ word: /binary propert/i },
	{ word: /execution order v1|executionOrder/i },
	{ word: /\bactive\b[^.]*\bworkflows?\b|\(production\) workflow/i },
	{ word: /\bsegments?\b/i, unless: /filter/i },
	{ word: /\bkeyword\b/i, unless: /exact text/i },
	{ word: /\b0 (for|means|=) (the )?credential|or 0 for/i },
];

function notN8nWording(texts: Array<{ where: string; text: string }>): string[] {
	return texts.flatMap(({ where, text }) =>
		NOT_N8N_WORDS.filter(({ word, unless }) => word.test(text) && !unless?.test(text)).map(
			({ word }) => `${where}: ${String(word)} in "${text.slice(0, 160)}"`,
		),
	);
}

/**
 * Each labelled thing the editor shows (a parameter, an option of a dropdown), with its label and
 * description together: a term in a label may be explained by its description.
 */
function labelledText(
	value: unknown,
	where: string,
	out: Array<{ where: string; text: string }> = [],
) {
	if (Array.isArray(value))
		value.forEach((entry, index) => labelledText(entry, `${where}[${index}]`, out));
	else if (value && typeof value === 'object') {
		const record = value as Record<string, unknown>;
		const label =
			typeof record.displayName === 'string'
				? record.displayName
				: typeof record.name === 'string' && 'value' in record
					? record.name
					: undefined;
		const own = [
			label,
			record.description,
			record.hint,
			record.placeholder,
			record.message,
			record.action,
		]
			.filter((text): text is string => typeof text === 'string')
			.join(' — ');
		if (own !== '') out.push({ where: `${where}${label ? ` "${label}"` : ''}`, text: own });
		for (const [key, entry] of Object.entries(record))
			if (entry && typeof entry === 'object') labelledText(entry, `${where}.${key}`, out);
	}
	return out;
}

/** Every .ts file under `dir`. */
function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory()
			? sourceFiles(path.join(dir, entry.name))
			: entry.name.endsWith('.ts')
				? [path.join(dir, entry.name)]
				: [],
	);
}

/**
 * The text of every string and template literal in the shipped source that reads as words (has a
 * space): what the nodes say at run time — error messages and descriptions, warnings, summaries —
 * besides what their descriptions show. Module names and property keys are left out.
 */
function sourceTexts(): Array<{ where: string; text: string }> {
	return ['nodes', 'credentials'].flatMap((dir) =>
		sourceFiles(path.join(ROOT, dir)).flatMap((file) => {
			const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
			const out: Array<{ where: string; text: string }> = [];
			const visit = (node: ts.Node): void => {
				if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
				if (
					(ts.isStringLiteral(node) ||
						ts.isNoSubstitutionTemplateLiteral(node) ||
						ts.isTemplateHead(node) ||
						ts.isTemplateMiddle(node) ||
						ts.isTemplateTail(node)) &&
					/\s/.test(node.text)
				) {
					const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
					out.push({ where: `${path.relative(ROOT, file)}:${line}`, text: node.text });
				}
				ts.forEachChild(node, visit);
			};
			visit(source);
			return out;
		}),
	);
}

/** The user-facing Markdown: the README, the node pages, the credential page, the examples' README. */
function userDocs(): Array<{ file: string; markdown: string }> {
	const files = [
		'README.md',
		'docs/credential-spaaza-api.md',
		'examples/README.md',
		'docs/FILE-SETS.md',
		...readdirSync(path.join(ROOT, 'docs', 'nodes')).map((file) => `docs/nodes/${file}`),
	];
	return files.map((file) => ({ file, markdown: readFileSync(path.join(ROOT, file), 'utf8') }));
}

/** Paragraphs and list entries of prose: code blocks and `code` (names, values, codes) left out. */
function docParagraphs(file: string, markdown: string): Array<{ where: string; text: string }> {
	const prose = markdown
		.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, '')
		.replace(/`[^`\n]*`/g, 'CODE')
		// Link targets are file names, not words.
		.replace(/\]\([^)]*\)/g, ']');
	return prose
		.split(/\n\s*\n|\n(?=\s*(?:[-*] |\d+\. |\|))/)
		.map((text) => text.replace(/\s+/g, ' ').trim())
		.filter((text) => text !== '')
		.map((text) => ({ where: file, text }));
}

/** Every label a node's panel shows: parameters, collection entries, fixed-collection groups. */
function panelLabels(properties: unknown): Set<string> {
	const labels = new Set<string>();
	const walk = (value: unknown) => {
		if (Array.isArray(value)) value.forEach(walk);
		else if (value && typeof value === 'object') {
			const record = value as Record<string, unknown>;
			if (typeof record.displayName === 'string') labels.add(record.displayName);
			Object.values(record).forEach(walk);
		}
	};
	walk(properties);
	return labels;
}

describe('words the editor shows', () => {
	const nodes = NODES.map((node) => node.description);
	const shown = [
		...nodes.flatMap((node) => shownText(node, node.name)),
		...shownText(new SpaazaApi(), 'credential'),
		...exampleNotes(),
	];

	it('cover all nine nodes, the credential and the example notes', () => {
		expect(nodes).toHaveLength(9);
		expect(shown.filter((entry) => entry.where.startsWith('credential')).length).toBeGreaterThan(
			10,
		);
		expect(shown.filter((entry) => entry.where.startsWith('examples/')).length).toBeGreaterThan(5);
	});

	it('use no developer wording', () => {
		const found = shown.filter(({ text }) =>
			DEVELOPER_WORDING.some((pattern) => pattern.test(text)),
		);
		expect(found).toEqual([]);
	});

	it("use n8n's words, and explain a term where one is needed", () => {
		const labelled = [
			...nodes.flatMap((node) => labelledText(node, node.name)),
			...labelledText(new SpaazaApi(), 'credential'),
			...exampleNotes(),
		];
		expect(notN8nWording(labelled)).toEqual([]);
	});

	it('say "created or updated", not "upserted", in what the nodes report at run time', () => {
		const texts = sourceTexts();
		// The scan sees the run-time messages (a failed run's summary, the admin-only error).
		expect(
			texts.some(({ text }) => text.includes('Spaaza accepts only admin authentication')),
		).toBe(true);
		const upsertWords = NOT_N8N_WORDS.filter(({ word }) => word.source.includes('upsert'));
		const found = texts.filter(({ text }) =>
			upsertWords.some(({ word, unless }) => word.test(text) && !unless?.test(text)),
		);
		expect(found).toEqual([]);
	});

	it("the README and the node pages use n8n's words too", () => {
		const paragraphs = userDocs().flatMap(({ file, markdown }) => docParagraphs(file, markdown));
		expect(paragraphs.length).toBeGreaterThan(100);
		expect(notN8nWording(paragraphs)).toEqual([]);
	});

	it('the node pages name every parameter exactly as its panel shows it', () => {
		// Each page is found by its title, which is the node's name in the editor.
		const pages: Record<string, string> = {};
		for (const file of readdirSync(path.join(ROOT, 'docs', 'nodes'))) {
			const title = readFileSync(path.join(ROOT, 'docs', 'nodes', file), 'utf8').match(/^# (.+)$/m);
			const node = nodes.find((candidate) => candidate.displayName === title?.[1]);
			if (node) pages[node.name] = file;
		}
		expect(Object.keys(pages).sort()).toEqual(
			expect.arrayContaining([
				'spaazaBuildFileSet',
				'spaazaCompareCatalogue',
				'spaazaDeleteRecord',
				'spaazaCreateExportTask',
				'spaazaGetDownloadUrl',
				'spaazaParseFileSet',
				'spaazaUpsertProduct',
				'spaazaUpsertVariant',
				'spaazaWaitForTask',
			]),
		);
		const unknown: string[] = [];
		for (const node of nodes.filter((candidate) => pages[candidate.name] !== undefined)) {
			const page = readFileSync(path.join(ROOT, 'docs', 'nodes', pages[node.name]), 'utf8');
			const section = page.split(/^## /m).find((part) => part.startsWith('Parameters'));
			expect({ page: pages[node.name], hasParameters: section !== undefined }).toEqual({
				page: pages[node.name],
				hasParameters: true,
			});
			const labels = panelLabels(node.properties);
			const rows = [...section!.matchAll(/^\| ([^|]+?) \|/gm)]
				.map((match) => match[1])
				.filter((cell) => cell !== 'parameter' && !/^-+$/.test(cell));
			expect(rows.length).toBeGreaterThan(2);
			for (const row of rows)
				for (const name of row.split(/ → |, /))
					if (!labels.has(name)) unknown.push(`${pages[node.name]}: "${name}"`);
			// Every parameter of the panel is on the page.
			for (const property of node.properties)
				if (
					property.type !== 'notice' &&
					!rows.some((row) => row.split(/ → |, /).includes(property.displayName))
				)
					unknown.push(`${pages[node.name]}: "${property.displayName}" is missing`);
		}
		expect(unknown).toEqual([]);
	});

	it("the credential's URL placeholders point at the sandbox's port", () => {
		const placeholders = new SpaazaApi().properties
			.filter((property) => property.name === 'apiBaseUrl' || property.name === 'servicesBaseUrl')
			.map((property) => new URL(String(property.placeholder)).port);
		expect(placeholders).toEqual([String(SANDBOX_DEFAULT_PORT), String(SANDBOX_DEFAULT_PORT)]);
	});

	it("Parse's hint names the nodes that bring the files and says to connect the Errors output", () => {
		const parse = nodes.find((node) => node.name === 'spaazaParseFileSet')!;
		const hints = (parse.hints ?? []).map((hint) => hint.message).join('\n');
		for (const source of ['Google Drive', 'FTP', 'email', 'Read Files'])
			expect({ source, named: hints.includes(source) }).toEqual({ source, named: true });
		expect(hints).toMatch(/Connect Errors/);
	});

	it("the credential's test failures say what was rejected and what to check", () => {
		const rules = new SpaazaApi().test.rules ?? [];
		const message = (status: number) =>
			rules.find((rule) => rule.type === 'responseCode' && rule.properties.value === status)
				?.properties.message;
		expect(message(401)).toMatch(
			/HTTP 401.*Access Token ID and Secret.*Admin Session.*session key/s,
		);
		expect(message(403)).toMatch(/HTTP 403.*Chain ID/s);
	});
});
