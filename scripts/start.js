#!/usr/bin/env node
'use strict';
// `npm start`: the n8n editor on http://localhost:5678 with this package installed from its
// tarball, the Spaaza sandbox running, its credentials and the example workflows imported, and an
// owner account set up from the environment so no sign-up form stands in the way.
const path = require('node:path');
const { ROOT, N8N_VERSION } = require('../tools/n8n/env');
const { provisionN8n, isProvisioned, requirements } = require('../tools/n8n/provision');
const { ensureBuilt, loadSandbox } = require('../tools/n8n/prepare');
const { packPackage } = require('../tools/n8n/instance');
const { stageFiles, emptyFolder } = require('../tools/n8n/session');
const { startEditor } = require('../tools/n8n/editor');

const PORT = Number(process.env.N8N_PORT || 5678);
const SANDBOX_PORT = Number(process.env.SPAAZA_SANDBOX_PORT || 8989);
// The editor keeps its database here between starts (git-ignored with the rest of .cache/).
const EDITOR_DIR = path.join(ROOT, '.cache', 'n8n-editor');
const SAMPLE_SET = ['productlist_20251024_100000.csv', 'variantlist_20251024_100000.csv'].map(
	(name) => path.join(ROOT, 'samples', name),
);

const log = (line = '') => console.log(line);

async function main() {
	log(`Starting the n8n ${N8N_VERSION} editor with n8n-nodes-spaaza and the Spaaza sandbox`);
	ensureBuilt(() => {});
	if (!isProvisioned()) {
		const needs = requirements();
		log('The first start installs n8n. It needs:');
		for (const line of needs.lines) log(line);
		if (!needs.ok)
			throw new Error('this computer does not have what the first start needs (above).');
	}
	await provisionN8n({ log });
	const { startSandbox } = loadSandbox();
	const sandbox = await startSandbox({ port: SANDBOX_PORT, quiet: true });

	const { tarball } = packPackage(path.join(EDITOR_DIR, 'pack'));
	const folders = {};
	const editor = await startEditor({
		sandbox,
		tarball,
		workDir: EDITOR_DIR,
		port: PORT,
		keep: true,
		env: (session) => {
			folders.inbox = stageFiles(session, 'inbox', SAMPLE_SET);
			folders.outbox = emptyFolder(session, 'outbox');
			return { SPAAZA_INBOX: folders.inbox, SPAAZA_OUTBOX: folders.outbox };
		},
	}).catch(async (error) => {
		await sandbox.close();
		throw error;
	});
	const { inbox, outbox } = folders;
	const { owner: OWNER, logFile } = editor;
	let stopping = false;
	const stop = async (code) => {
		if (stopping) return;
		stopping = true;
		log('\nStopping n8n and the sandbox…');
		await editor.stop();
		await sandbox.close();
		process.exit(code);
	};
	process.once('SIGINT', () => stop(0));
	process.once('SIGTERM', () => stop(0));
	editor.child.once('exit', (code) => {
		if (!stopping) {
			console.error(`n8n stopped (exit ${code}); see ${logFile}`);
			void stop(1);
		}
	});

	log(`
n8n editor:  http://localhost:${PORT}   (log in as ${OWNER.email} / ${OWNER.password})
Sandbox:     ${sandbox.baseUrl}  (chain ${sandbox.chainId}; credentials "Spaaza sandbox: admin login (imports and exports)"
             and "Spaaza sandbox: exports only (access token)")

Open "Spaaza: import a file set from disk (sandbox)" and click Execute workflow: it imports
  ${path.relative(ROOT, inbox)}/ (the sample file set; drop other sets there).
Then "Spaaza: export products and variants to disk (sandbox)" writes the exports to
  ${path.relative(ROOT, outbox)}/.
The "Spaaza: …" examples (Drive, email, SFTP, Sheets) need your own accounts and a real Spaaza credential.
The sandbox keeps its catalogue in memory: it starts empty each time. n8n log: ${path.relative(ROOT, logFile)}

Ctrl+C stops n8n and the sandbox.`);
}

main().catch((error) => {
	console.error(`\nCould not start: ${error.message}`);
	process.exit(1);
});
