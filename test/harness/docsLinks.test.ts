import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { SpaazaApi } from '../../credentials/SpaazaApi.credentials';

const ROOT = path.join(__dirname, '../..');
const REPO_PAGE = 'https://github.com/spaaza/n8n-nodes-spaaza/blob/main/';

/** Every documentation link n8n shows: the credential's and each node's codex resources. */
function documentationLinks(): Array<{ from: string; url: string }> {
	const links = [{ from: 'credentials/SpaazaApi', url: new SpaazaApi().documentationUrl }];
	for (const dir of readdirSync(path.join(ROOT, 'nodes'))) {
		const codex = path.join(ROOT, 'nodes', dir, `${dir}.node.json`);
		if (!existsSync(codex)) continue;
		const { resources = {} } = JSON.parse(readFileSync(codex, 'utf8')) as {
			resources?: Record<string, Array<{ url: string }>>;
		};
		for (const entry of Object.values(resources).flat()) links.push({ from: dir, url: entry.url });
	}
	return links;
}

describe('documentation links shown in the editor', () => {
	const links = documentationLinks();

	it('cover the credential and all nine nodes', () => {
		expect(new Set(links.map((link) => link.from)).size).toBe(10);
	});

	// n8n appends ?utm_source=… to the link as text, so "page#anchor" becomes "page#anchor?utm…"
	// and the browser never finds the anchor.
	it('point at whole pages, never at an #anchor', () => {
		expect(links.filter((link) => link.url.includes('#'))).toEqual([]);
	});

	it('that point into this repository name a file that exists', () => {
		const missing = links
			.filter((link) => link.url.startsWith('https://github.com/spaaza/n8n-nodes-spaaza'))
			.filter(
				(link) =>
					!link.url.startsWith(REPO_PAGE) ||
					!existsSync(path.join(ROOT, link.url.slice(REPO_PAGE.length))),
			);
		expect(missing).toEqual([]);
	});
});
