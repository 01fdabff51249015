#!/usr/bin/env node
'use strict';
// `npm run demo`: the import and export workflows in a real n8n against the Spaaza sandbox, on
// the bundled sample file set and the malformed one, told for someone who runs n8n rather than
// develops it: what it needs first, one line per step, what happened to every row, where the
// exported files are, and what to do next. Exits non-zero when anything did not go as the README
// promises.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT, N8N_VERSION, nodeForN8n } = require('../tools/n8n/env');
const { provisionN8n, isProvisioned, requirements } = require('../tools/n8n/provision');
const { ensureBuilt, loadSandbox } = require('../tools/n8n/prepare');
const { packPackage } = require('../tools/n8n/instance');
const { startSession, stageFiles, emptyFolder } = require('../tools/n8n/session');
const { nodeOutput } = require('../tools/n8n/runOutput');
const { OWNER } = require('../tools/n8n/editor');

const SAMPLE_SET = ['productlist_20251024_100000.csv', 'variantlist_20251024_100000.csv'].map(
	(name) => path.join(ROOT, 'samples', name),
);
const MALFORMED_DIR = path.join(ROOT, 'samples', 'malformed');
// Kept after the demo (git-ignored), replaced by the next run.
const EXPORTS_DIR = process.env.SPAAZA_DEMO_EXPORTS_DIR
	? path.resolve(process.env.SPAAZA_DEMO_EXPORTS_DIR)
	: path.join(ROOT, 'demo-exports');
const EDITOR_URL = `http://localhost:${Number(process.env.N8N_PORT || 5678)}`;

const log = (line = '') => console.log(line);
const seconds = (since) => `${Math.max(1, Math.round((Date.now() - since) / 1000))} s`;
const failures = [];
const check = (ok, problem) => {
	if (!ok) failures.push(problem);
	return ok;
};
const plural = (count, noun) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** One step: its line, then "done" with the time it took. */
async function step(title, work) {
	const startedAt = Date.now();
	log(title);
	const result = await work();
	log(`    done (${seconds(startedAt)})`);
	return result;
}

function csvRows(file) {
	const { parse } = require('csv-parse/sync');
	return parse(fs.readFileSync(file), { columns: true, bom: true, skip_empty_lines: true });
}

/** "3 created or updated, 1 failed": the Create or Update nodes' statuses in plain words. */
function describeResults(results, noun) {
	const words = {
		upserted: 'created or updated in Spaaza',
		invalid: 'rejected before sending',
		failed: 'refused by Spaaza',
		'dry-run': 'checked only (dry run)',
	};
	const counts = new Map();
	for (const { status } of results) counts.set(status, (counts.get(status) || 0) + 1);
	if (counts.size === 0) return `no ${noun}s`;
	return [...counts]
		.map(([status, count]) => `${plural(count, noun)} ${words[status] || status}`)
		.join(', ');
}

/** Problems in the order of the files and their lines, each with its message. */
function printIssues(issues, severity, heading) {
	const chosen = issues
		.filter((issue) => issue.severity === severity)
		.sort(
			(a, b) =>
				String(a.file || a.fileSet || '').localeCompare(String(b.file || b.fileSet || '')) ||
				(a.line || 0) - (b.line || 0),
		);
	if (chosen.length === 0) return chosen;
	log(`  ${heading(chosen.length)}`);
	for (const issue of chosen.slice(0, 30)) {
		const where = [
			issue.file || issue.fileSet || 'the file set',
			issue.line ? `line ${issue.line}` : '',
			issue.column ? `column ${issue.column}` : '',
		]
			.filter(Boolean)
			.join(', ');
		log(`    ${where}: ${issue.message} [${issue.code}]`);
	}
	if (chosen.length > 30) log(`    … and ${chosen.length - 30} more`);
	return chosen;
}

async function runImport(session, title, folder, files) {
	log(`\n${title}`);
	const { run, error } = await session.execute('e2eImportFileSet', {
		SPAAZA_INBOX: stageFiles(session, folder, files),
	});
	if (!check(!error, `${title}: ${error && error.message}`)) {
		log(`  The workflow failed: ${error.message}`);
		return { results: [], errors: [] };
	}
	const products = nodeOutput(run, 'Upsert Products');
	const variants = nodeOutput(run, 'Upsert Variants');
	const issues = nodeOutput(run, 'Parse Spaaza File Set', 2);
	log(`  ${describeResults(products, 'product')}`);
	log(`  ${describeResults(variants, 'variant')}`);
	const errors = printIssues(
		issues,
		'error',
		(count) => `${plural(count, 'problem')} in the files; these rows were not sent to Spaaza:`,
	);
	if (errors.length === 0) log('  every row of the files was accepted');
	printIssues(issues, 'warning', (count) => `${plural(count, 'warning')} (imported anyway):`);
	return { results: [...products, ...variants], errors };
}

async function runExport(session, sandbox) {
	log('\nExporting products and variants from Spaaza');
	const outbox = emptyFolder(session, 'exports');
	const { error } = await session.execute('e2eExportCatalogue', { SPAAZA_OUTBOX: outbox });
	if (!check(!error, `export: ${error && error.message}`)) {
		log(`  The workflow failed: ${error.message}`);
		return;
	}
	const catalogue = sandbox.catalogue();
	const expected = {
		Product_Export: catalogue.length,
		Product_Variant_Export: catalogue.flatMap((product) => product.variants).length,
	};
	fs.rmSync(EXPORTS_DIR, { recursive: true, force: true });
	fs.mkdirSync(EXPORTS_DIR, { recursive: true });
	for (const file of fs.readdirSync(outbox).sort()) {
		fs.copyFileSync(path.join(outbox, file), path.join(EXPORTS_DIR, file));
		const rows = csvRows(path.join(outbox, file)).length;
		const prefix = file.replace(/-.*$/, '');
		const matches = check(
			rows === expected[prefix],
			`${file} has ${rows} rows, the catalogue ${expected[prefix]}`,
		);
		log(
			`  ${file}: ${plural(rows, 'row')}${matches ? ', all of the catalogue' : ` (the catalogue has ${expected[prefix]})`}`,
		);
	}
	const leaked = sandbox
		.storageRequests()
		.filter((request) => request.authorization || request.spaazaHeaders.length);
	check(leaked.length === 0, 'a download carried Spaaza credentials');
	log(`  The exported files are in ${EXPORTS_DIR}`);
}

async function main() {
	const startedAt = Date.now();
	log(`Spaaza demo: n8n ${N8N_VERSION} with the Spaaza nodes, on this computer`);
	log(
		'It imports a sample product file set, exports the catalogue again and imports a file set with\n' +
			'mistakes, against the sandbox: a stand-in for Spaaza that runs here, with a made-up catalogue.\n' +
			'Nothing is sent to the real Spaaza, and no account is needed.\n',
	);
	if (!isProvisioned()) {
		const needs = requirements();
		log('The first run installs n8n. It needs:');
		for (const line of needs.lines) log(line);
		log('');
		if (!needs.ok) throw new Error('this computer does not have what the first run needs (above).');
	} else {
		log(`n8n is installed already and runs on ${nodeForN8n().reason}.`);
		log('The demo takes about a minute.\n');
	}

	await step('Preparing the Spaaza nodes …', () => ensureBuilt(() => {}));
	await provisionN8n({ log });
	const { startSandbox } = loadSandbox();
	const sandbox = await step('Starting the sandbox …', () => startSandbox({ taskRunMs: 1500 }));
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spaaza-demo-'));
	try {
		const session = await step('Starting n8n with the Spaaza nodes installed …', () => {
			const { tarball } = packPackage(path.join(workDir, 'pack'));
			return startSession({ sandbox, tarball, workDir: path.join(workDir, 'n8n') });
		});

		const good = await runImport(
			session,
			`Importing the sample file set (${SAMPLE_SET.map((file) => path.basename(file)).join(' and ')})`,
			'sample-set',
			SAMPLE_SET,
		);
		check(
			good.results.length > 0 && good.results.every((result) => result.status === 'upserted'),
			'the sample set did not import cleanly',
		);
		for (const issue of good.errors) check(false, `sample set: ${issue.code} ${issue.message}`);

		await runExport(session, sandbox);

		const malformedFiles = fs
			.readdirSync(MALFORMED_DIR)
			.filter((name) => name.endsWith('.csv'))
			.map((name) => path.join(MALFORMED_DIR, name));
		const bad = await runImport(
			session,
			`Importing a file set with mistakes (${path.relative(ROOT, MALFORMED_DIR)}/)`,
			'malformed',
			malformedFiles,
		);
		check(bad.errors.length > 0, 'the file set with mistakes reported no problems');
	} finally {
		await sandbox.close();
		fs.rmSync(workDir, { recursive: true, force: true });
	}
	if (failures.length) {
		log(`\nSomething did not work as it should (${seconds(startedAt)}):`);
		for (const failure of failures) log(`  ✗ ${failure}`);
		process.exitCode = 1;
		return;
	}
	log(`\nDone in ${seconds(startedAt)}.`);
	log(
		`\nNext: run  npm start  and open ${EDITOR_URL} (log in as ${OWNER.email}, password ${OWNER.password}).\n` +
			'It is the same n8n with the Spaaza nodes, the sandbox and its credentials, and the example\n' +
			'workflows: open "Spaaza: import a file set from disk (sandbox)" and click Execute workflow.',
	);
}

main().catch((error) => {
	console.error(`\nThe demo stopped: ${error.message}`);
	process.exit(1);
});
