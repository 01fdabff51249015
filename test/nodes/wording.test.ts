import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { INodeType } from 'n8n-workflow';

import { SpaazaApi } from '../../credentials/SpaazaApi.credentials';
import { SpaazaBuildFileSet } from '../../nodes/SpaazaBuildFileSet/SpaazaBuildFileSet.node';
import { SpaazaCompareCatalogue } from '../../nodes/SpaazaCompareCatalogue/SpaazaCompareCatalogue.node';
import { SpaazaCreateExportTask } from '../../nodes/SpaazaCreateExportTask/SpaazaCreateExportTask.node';
import { SpaazaDeleteRecord } from '../../nodes/SpaazaDeleteRecord/SpaazaDeleteRecord.node';
import { SpaazaGetDownloadUrl } from '../../nodes/SpaazaGetDownloadUrl/SpaazaGetDownloadUrl.node';
import { SpaazaParseFileSet } from '../../nodes/SpaazaParseFileSet/SpaazaParseFileSet.node';
import { SpaazaUpsertProduct } from '../../nodes/SpaazaUpsertProduct/SpaazaUpsertProduct.node';
import { SpaazaUpsertVariant } from '../../nodes/SpaazaUpsertVariant/SpaazaUpsertVariant.node';
import { SpaazaWaitForTask } from '../../nodes/SpaazaWaitForTask/SpaazaWaitForTask.node';

// What the editor shows a retail operations person (issue 15, items 3, 4 and 7): the words of every
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

const NODES: INodeType[] = [
	new SpaazaParseFileSet(),
	new SpaazaUpsertProduct(),
	new SpaazaUpsertVariant(),
	new SpaazaCreateExportTask(),
	new SpaazaWaitForTask(),
	new SpaazaGetDownloadUrl(),
	new SpaazaBuildFileSet(),
	new SpaazaCompareCatalogue(),
	new SpaazaDeleteRecord(),
];

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
