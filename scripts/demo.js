#!/usr/bin/env node
'use strict';
// `npm run demo`: the import and export workflows in a real n8n against the Spaaza sandbox, on
// the bundled sample file set and the malformed one, with a readable summary. Exits non-zero
// when anything did not go as the README promises.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT, N8N_VERSION } = require('./n8n-env');
const { provisionN8n } = require('./provision-n8n');
const { ensureBuilt, loadSandbox } = require('../e2e/prepare');
const { packPackage } = require('../e2e/n8n-instance');
const { startSession, stageFiles, emptyFolder } = require('../e2e/session');
const { nodeOutput } = require('../e2e/run-output');

const SAMPLE_SET = ['productlist_20251024_100000.csv', 'variantlist_20251024_100000.csv'].map(
	(name) => path.join(ROOT, 'samples', name),
);
const MALFORMED_DIR = path.join(ROOT, 'samples', 'malformed');

const log = (line = '') => console.log(line);
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const failures = [];
const check = (ok, problem) => {
	if (!ok) failures.push(problem);
	return ok;
};

function countBy(items, key) {
	return items.reduce(
		(counts, item) => ({ ...counts, [item[key]]: (counts[item[key]] || 0) + 1 }),
		{},
	);
}

function describeCounts(counts) {
	return (
		Object.entries(counts)
			.map(([status, count]) => `${count} ${status}`)
			.join(', ') || 'none'
	);
}

function csvRows(file) {
	const { parse } = require('csv-parse/sync');
	return parse(fs.readFileSync(file), { columns: true, bom: true, skip_empty_lines: true });
}

async function runImport(session, title, folder, files) {
	const startedAt = Date.now();
	const { run, error } = await session.execute('e2eImportFileSet', {
		SPAAZA_INBOX: stageFiles(session, folder, files),
	});
	log(`\n${title} (${seconds(startedAt)})`);
	if (!check(!error, `${title}: ${error && error.message}`)) {
		log(`  the workflow failed: ${error.message}`);
		return { products: [], variants: [], issues: [] };
	}
	const products = nodeOutput(run, 'Upsert Products');
	const variants = nodeOutput(run, 'Upsert Variants');
	const issues = nodeOutput(run, 'Parse Spaaza File Set', 2);
	const sets = [
		...new Set(
			[
				...nodeOutput(run, 'Parse Spaaza File Set', 0),
				...nodeOutput(run, 'Parse Spaaza File Set', 1),
			].map((record) => record._source.fileSet),
		),
	];
	log(`  file sets parsed:   ${sets.join(', ') || 'none'}`);
	log(`  products:           ${describeCounts(countBy(products, 'status'))}`);
	log(`  variants:           ${describeCounts(countBy(variants, 'status'))}`);
	const warnings = issues.filter((issue) => issue.severity === 'warning');
	if (warnings.length)
		log(
			`  warnings:           ${warnings.length} (${[...new Set(warnings.map((issue) => issue.code))].join(', ')})`,
		);
	return { products, variants, issues };
}

function printRejected(issues) {
	const errors = issues.filter((issue) => issue.severity === 'error');
	log(`  rejected:           ${errors.length} problem(s), never sent to Spaaza`);
	for (const issue of errors.slice(0, 20)) {
		const where = `${issue.file || issue.fileSet || 'file set'}${issue.line ? `:${issue.line}` : ''}${issue.column ? ` (${issue.column})` : ''}`;
		log(`    ${where}  ${issue.code}\n      ${issue.message}`);
	}
	if (errors.length > 20) log(`    … and ${errors.length - 20} more`);
	return errors;
}

async function runExport(session, sandbox) {
	const startedAt = Date.now();
	const outbox = emptyFolder(session, 'exports');
	const { error } = await session.execute('e2eExportCatalogue', { SPAAZA_OUTBOX: outbox });
	log(`\n2. Export products and variants (${seconds(startedAt)})`);
	if (!check(!error, `export: ${error && error.message}`))
		return log(`  the workflow failed: ${error.message}`);
	const catalogue = sandbox.catalogue();
	const expected = {
		Product_Export: catalogue.length,
		Product_Variant_Export: catalogue.flatMap((product) => product.variants).length,
	};
	for (const file of fs.readdirSync(outbox).sort()) {
		const rows = csvRows(path.join(outbox, file)).length;
		const prefix = file.replace(/-.*$/, '');
		const matches = check(
			rows === expected[prefix],
			`${file} has ${rows} rows, the catalogue ${expected[prefix]}`,
		);
		log(
			`  ${file.padEnd(36)} ${rows} rows downloaded${matches ? ' = the catalogue' : ` (catalogue: ${expected[prefix]})`}`,
		);
	}
	const leaked = sandbox
		.storageRequests()
		.filter((request) => request.authorization || request.spaazaHeaders.length);
	check(leaked.length === 0, 'a download carried Spaaza credentials');
	log(`  downloads carried Spaaza credentials: ${leaked.length ? 'YES' : 'no'}`);
}

async function main() {
	const startedAt = Date.now();
	log(`Spaaza demo: real n8n ${N8N_VERSION} + the Spaaza sandbox`);
	ensureBuilt(log);
	await provisionN8n({ log });
	const { startSandbox } = loadSandbox();
	const sandbox = await startSandbox({ taskRunMs: 1500 });
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spaaza-demo-'));
	try {
		log(`  sandbox:            ${sandbox.baseUrl} (chain ${sandbox.chainId})`);
		const setupAt = Date.now();
		const { tarball } = packPackage(path.join(workDir, 'pack'));
		const session = await startSession({ sandbox, tarball, workDir: path.join(workDir, 'n8n') });
		log(
			`  n8n:                ${path.basename(tarball)} installed as a community package, workflows imported (${seconds(setupAt)})`,
		);

		const good = await runImport(
			session,
			`1. Import ${SAMPLE_SET.map((file) => path.relative(ROOT, file)).join(' + ')}`,
			'sample-set',
			SAMPLE_SET,
		);
		const allUpserted = [...good.products, ...good.variants].every(
			(result) => result.status === 'upserted',
		);
		check(good.products.length > 0 && allUpserted, 'the sample set did not import cleanly');
		printRejected(good.issues).forEach((issue) =>
			check(false, `sample set: ${issue.code} ${issue.message}`),
		);

		await runExport(session, sandbox);

		const malformedFiles = fs
			.readdirSync(MALFORMED_DIR)
			.filter((name) => name.endsWith('.csv'))
			.map((name) => path.join(MALFORMED_DIR, name));
		const bad = await runImport(
			session,
			`3. Import ${path.relative(ROOT, MALFORMED_DIR)}/ (${malformedFiles.length} files)`,
			'malformed',
			malformedFiles,
		);
		check(printRejected(bad.issues).length > 0, 'the malformed set reported no errors');
	} finally {
		await sandbox.close();
		fs.rmSync(workDir, { recursive: true, force: true });
	}
	log(`\n${failures.length ? 'FAILED' : 'Done'} in ${seconds(startedAt)}.`);
	for (const failure of failures) log(`  ✗ ${failure}`);
	if (failures.length) process.exitCode = 1;
}

main().catch((error) => {
	console.error(`\nThe demo failed: ${error.message}`);
	process.exit(1);
});
