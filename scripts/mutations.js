#!/usr/bin/env node
'use strict';
// npm run test:mutations — proves that the reliability tests can fail. Each mutation below breaks
// one promise of the README's Guarantees table on purpose (in the source, or in dist/ for tests
// that load the built package through the harness), runs the test named for that promise, and
// requires it to go red. The file is restored afterwards, also on Ctrl-C. A mutation whose text
// is no longer found fails the run: the code moved, so update the mutation with it.
//
// Usage: npm run test:mutations [-- name-substring]   (needs `npm run build` for the dist/ ones)
//        npm run test:mutations -- --check             (only checks that every mutation still applies)
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const FUZZ = { SPAAZA_FUZZ_CASES: '300' };

/** @type {Array<{name: string, file: string, find: string, replace: string, test: string, only?: string, env?: Record<string, string>}>} */
const MUTATIONS = [
	{
		name: 'drop the value validation: an invalid cell is imported as written',
		file: 'nodes/core/fileset/rows/rows.ts',
		find: "return text === '' ? null : column.read(text);",
		replace:
			"return text === '' ? null : column.read(text) === undefined ? text : column.read(text);",
		test: 'test/reliability/csvFuzz.test.ts',
		only: 'survives',
		env: FUZZ,
	},
	{
		name: 'skip the cell check on a repeated variant row: an empty barcode is imported as ""',
		file: 'nodes/core/fileset/parseFile.ts',
		find: 'const barcode = cellValue(header.plan[barcodeIndex] as ColumnPlan, fields[barcodeIndex]);',
		replace: 'const barcode = fields[barcodeIndex];',
		test: 'test/reliability/fastPathsDifferential.test.ts',
		only: 'reach each fast path',
	},
	{
		name: 'drop the column-count check: a row with a missing or extra comma is read anyway',
		file: 'nodes/core/fileset/rows/rows.ts',
		find: 'if (fields.length !== plan.length) {',
		replace: 'if (fields.length !== plan.length && fields.length === -1) {',
		test: 'test/reliability/csvFuzz.test.ts',
		only: 'survives',
		env: FUZZ,
	},
	{
		name: 'drop the control-character check: NUL passes as text',
		file: 'nodes/core/records/values.ts',
		find: 'const CONTROL = /[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]/;',
		replace: 'const CONTROL = /(?!)/;',
		test: 'test/reliability/csvFuzz.test.ts',
		only: 'survives',
		env: FUZZ,
	},
	{
		name: 'let a variant lose a barcode: a bad row no longer withholds its variant',
		file: 'nodes/core/fileset/records/variants.ts',
		find: "if (typeof code !== 'string' || code.trim() === '') return;",
		replace: 'return;',
		test: 'test/reliability/csvFuzz.test.ts',
		only: 'survives',
		env: FUZZ,
	},
	{
		name: 'let a variant lose a barcode: a row with the wrong column count does not withhold it',
		file: 'nodes/core/fileset/parseFile.ts',
		find: 'if (!row) grouper.reject(undefined, fields, header.ownerCodeIndex, line);',
		replace:
			'if (!row && fields.length === header.plan.length) grouper.reject(undefined, fields, header.ownerCodeIndex, line);',
		test: 'test/reliability/csvFuzz.test.ts',
		only: 'survives',
		env: FUZZ,
	},
	{
		name: 'read a misplaced quote as text: the well-formed reader no longer hands the record to csv-parse',
		file: 'nodes/core/fileset/csv/wellFormedCsv.ts',
		find: 'if (stop < length && buf[stop] === QUOTE) return HAND_OVER;',
		replace: 'if (stop < length && buf[stop] === QUOTE) stop++;',
		test: 'test/nodes/core/fileset/csv/wellFormedCsv.test.ts',
		only: 'any file',
	},
	{
		name: 'send a record again after its answer arrived',
		file: 'dist/nodes/spaaza/upsert/send.js',
		find: '(0, pool_1.mapWithConcurrency)(records, options.concurrency, async (ready) => {',
		replace:
			'(0, pool_1.mapWithConcurrency)([...records, ...records.slice(0, 1)], options.concurrency, async (ready) => {',
		test: 'test/workflows/import/faults.test.ts',
		only: '5% 429 and 503',
	},
	{
		name: 're-send after a lost answer as a create (update_if_exists dropped)',
		file: 'dist/nodes/spaaza/upsert/send.js',
		find: 'body: { chain_id: ready.chainId, ...ready.record },',
		replace: 'body: { chain_id: ready.chainId, ...ready.record, update_if_exists: false },',
		test: 'test/workflows/import/faults.test.ts',
		only: 'answers are lost',
	},
	{
		name: "follow Spaaza's redirects: the session headers go wherever a 307 points",
		file: 'dist/nodes/spaaza/transport/authenticated.js',
		find: 'disableFollowRedirect: true,',
		replace: 'disableFollowRedirect: false,',
		test: 'test/reliability/hostileApi.test.ts',
		only: 'redirect-307',
	},
	{
		name: "read Spaaza's answer without the size bound: a 20 MB body is read whole",
		file: 'nodes/spaaza/transport/answer.ts',
		find: 'if (size > limit) {',
		replace: 'if (size > limit * 1e6) {',
		test: 'test/nodes/spaaza/transport/answer.test.ts',
	},
	{
		name: 'scrub server text only after it was cut: a secret cut at the snippet edge escapes',
		file: 'dist/nodes/spaaza/transport/scrub.js',
		find: 'function scrubbedCut(text, max, secrets) {\n    if (secrets.length === 0)',
		replace:
			'function scrubbedCut(text, max, secrets) {\n    secrets = [];\n    if (secrets.length === 0)',
		test: 'test/reliability/secrets.test.ts',
		only: 'every position',
	},
	{
		name: 'look for a lost export task only once: a task listed 3 s late is created twice',
		file: 'dist/nodes/spaaza/export/createExportTask.js',
		find: 'lookupMs: exports.UNCERTAIN_CREATE_LOOKUP_MS,',
		replace: 'lookupMs: 0,',
		test: 'test/nodes/SpaazaCreateExportTask/SpaazaCreateExportTask.test.ts',
		only: '504 at once',
	},
	{
		name: 'show the download URL as the server sent it: an echoed token secret reaches json.url',
		file: 'dist/nodes/spaaza/export/getDownloadUrl.js',
		find: 'const shownUrl = (0, scrub_1.scrubSecrets)(url, secrets);',
		replace: 'const shownUrl = url;',
		test: 'test/reliability/exportPath.test.ts',
		only: 'json.url',
	},
	{
		name: 'read every task log entry the server sends: 5,000 lines reach the error',
		file: 'dist/nodes/spaaza/export/tasks.js',
		find: 'exports.MAX_TASK_LOG_LINES = 100;',
		replace: 'exports.MAX_TASK_LOG_LINES = 1e9;',
		test: 'test/reliability/exportPath.test.ts',
		only: '5,000 log entries',
	},
	{
		name: 'skip the products-first order: Upsert Variants above Upsert Products on the canvas',
		file: 'examples/import-from-sftp.json',
		// Create or Update Variants (1180, 500) dragged above Create or Update Products (1180, 300).
		find: '"position": [\n\t\t\t\t1180,\n\t\t\t\t500\n\t\t\t],',
		replace: '"position": [\n\t\t\t\t1180,\n\t\t\t\t220\n\t\t\t],',
		test: 'test/workflows/import/examplesOrder.test.ts',
		only: 'sftp',
	},
];

function run(mutation) {
	const file = path.join(ROOT, mutation.file);
	if (!fs.existsSync(file))
		return { ok: false, why: `${mutation.file} does not exist (run npm run build first)` };
	const original = fs.readFileSync(file, 'utf8');
	const count = original.split(mutation.find).length - 1;
	if (count !== 1)
		return {
			ok: false,
			why: `the text to mutate occurs ${count} times in ${mutation.file}; update scripts/mutations.js`,
		};
	const restore = () => fs.writeFileSync(file, original);
	process.once('SIGINT', restore);
	fs.writeFileSync(file, original.replace(mutation.find, mutation.replace));
	const started = Date.now();
	try {
		const args = ['jest', mutation.test, '--ci', '--silent'];
		if (mutation.only) args.push('-t', mutation.only);
		const result = spawnSync('npx', args, {
			cwd: ROOT,
			env: { ...process.env, ...mutation.env },
			encoding: 'utf8',
			maxBuffer: 64 * 1024 * 1024,
		});
		const output = `${result.stdout}\n${result.stderr}`;
		const failed = /Tests:\s+\d+ failed/.test(output);
		const seconds = ((Date.now() - started) / 1000).toFixed(0);
		if (failed)
			return {
				ok: true,
				why: `caught by ${mutation.test}${mutation.only ? ` (-t "${mutation.only}")` : ''} in ${seconds} s`,
			};
		return {
			ok: false,
			why: `NOT caught: ${mutation.test} stayed green (${seconds} s)\n${output.slice(-1500)}`,
		};
	} finally {
		restore();
		process.removeListener('SIGINT', restore);
	}
}

const check = process.argv.includes('--check');
const filter = process.argv.slice(2).find((arg) => arg !== '--check');
const chosen = MUTATIONS.filter((m) => !filter || m.name.includes(filter));
if (check) {
	let stale = 0;
	for (const m of chosen) {
		const file = path.join(ROOT, m.file);
		const count = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split(m.find).length - 1 : 0;
		if (count !== 1) stale++;
		process.stdout.write(`${count === 1 ? 'applies' : `STALE (${count} matches)`}  ${m.name}\n`);
	}
	process.exit(stale === 0 ? 0 : 1);
}
const started = Date.now();
let missed = 0;
for (const mutation of chosen) {
	const { ok, why } = run(mutation);
	if (!ok) missed++;
	process.stdout.write(`${ok ? 'caught' : 'MISSED'}  ${mutation.name}: ${why}\n`);
}
process.stdout.write(
	`${chosen.length - missed}/${chosen.length} mutations caught in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
);
process.exitCode = missed === 0 ? 0 : 1;
