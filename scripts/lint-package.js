#!/usr/bin/env node
'use strict';
// `npm run lint:package`: n8n's verification rules, applied the way n8n's community-package
// scanner (@n8n/scan-community-package, a devDependency) applies them before a package can be
// verified, which is what lets n8n Cloud and every nodes panel install it. The scanner itself needs
// the package on npm with provenance and its source on GitHub, so this runs its rule set (its own
// exported `buildScanConfig`, its file patterns, inline eslint-disable comments ignored) on:
//   1. the source: package.json, nodes/ and credentials/;
//   2. the packed tarball (`npm pack` of the built dist/): every .js file and package.json, so a
//      bundled library that breaks a rule fails here too;
//   3. eslint.config.mjs itself: no rule of @n8n/node-cli's Cloud config (`config`) may be switched
//      off or weakened for a shipped file (what `"strict": true` asks of `n8n-node lint`).
// Prints the errors per file and rule and exits 1 when there is any. Needs `npm run build` first.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { ESLint } = require('eslint');
const glob = require('fast-glob');
const { packPackage } = require('../tools/n8n/instance');

const ROOT = path.join(__dirname, '..');
const SCANNER = '@n8n/scan-community-package';
const IGNORE = ['node_modules/**', '**/package-lock.json'];
/** What the scanner lints in the published tarball. */
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

/** @typedef {{ file: string, rule: string, lines: number[] }} Finding */

/**
 * Lints the files of `dir` matching `patterns` with the scanner's configuration, as its
 * `analyzePackage` does, and returns its errors grouped by file and rule.
 * @param {string} dir
 * @param {string[]} patterns
 * @param {unknown} scanConfig
 * @returns {Promise<{ files: number, findings: Finding[] }>}
 */
async function scan(dir, patterns, scanConfig) {
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: /** @type {any} */ (scanConfig),
	});
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: IGNORE });
	const results = await eslint.lintFiles(files);
	/** @type {Map<string, Finding>} */
	const findings = new Map();
	for (const result of results) {
		for (const message of result.messages) {
			if (message.severity !== 2) continue;
			const file = path.relative(dir, result.filePath);
			const rule = message.ruleId ?? '(parse error)';
			const key = `${file}\0${rule}`;
			const finding = findings.get(key) ?? { file, rule, lines: [] };
			finding.lines.push(message.line);
			findings.set(key, finding);
		}
	}
	return { files: files.length, findings: [...findings.values()] };
}

/** @param {unknown} setting @returns {[number, string]} severity and options */
function normalise(setting) {
	const [level, ...options] = Array.isArray(setting) ? setting : [setting];
	const severity = typeof level === 'number' ? level : ({ off: 0, warn: 1, error: 2 }[level] ?? 0);
	return [severity, JSON.stringify(options)];
}

/**
 * Every rule that @n8n/node-cli's Cloud config turns on for a shipped file and eslint.config.mjs
 * switches off, lowers or configures differently.
 * @returns {Promise<{ files: number, findings: Finding[] }>}
 */
async function weakenedCloudRules() {
	const { config: cloudConfig } = require('@n8n/node-cli/eslint');
	const cloud = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: cloudConfig });
	const project = new ESLint({ cwd: ROOT });
	const files = glob.sync(['package.json', '{nodes,credentials}/**/*.ts'], {
		cwd: ROOT,
		absolute: true,
		ignore: IGNORE,
	});
	/** @type {Finding[]} */
	const findings = [];
	for (const file of files) {
		const expected = (await cloud.calculateConfigForFile(file))?.rules ?? {};
		const actual = (await project.calculateConfigForFile(file))?.rules ?? {};
		for (const [rule, setting] of Object.entries(expected)) {
			const [severity, options] = normalise(setting);
			if (severity === 0) continue;
			const [ownSeverity, ownOptions] = normalise(actual[rule]);
			if (ownSeverity < severity || ownOptions !== options)
				findings.push({ file: path.relative(ROOT, file), rule, lines: [] });
		}
	}
	return { files: files.length, findings };
}

/** `npm pack` of the project, unpacked the way the scanner unpacks a downloaded package. */
function packAndUnpack(workDir) {
	if (!fs.existsSync(path.join(ROOT, 'dist', 'nodes')))
		throw new Error('dist/ is missing: run `npm run build` first.');
	const { tarball } = packPackage(workDir);
	const packageDir = path.join(workDir, 'package');
	fs.mkdirSync(packageDir);
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], {
		cwd: workDir,
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	return { packageDir, tarball: path.basename(tarball) };
}

/** @param {string} title @param {{ files: number, findings: Finding[] }} leg */
function report(title, leg) {
	const errors = leg.findings.reduce((sum, finding) => sum + Math.max(1, finding.lines.length), 0);
	console.log(`${title}: ${leg.files} files, ${errors} error${errors === 1 ? '' : 's'}`);
	const sorted = [...leg.findings].sort(
		(a, b) => a.file.localeCompare(b.file) || a.rule.localeCompare(b.rule),
	);
	for (const { file, rule, lines } of sorted) {
		const where = lines.length > 0 ? `:${lines.join(',')}` : '';
		console.log(`  ${String(Math.max(1, lines.length)).padStart(3)}  ${file}${where}  ${rule}`);
	}
	return errors;
}

/** The scanner module (its rule set and file patterns) and its version. */
async function loadScanner() {
	const scannerPath = require.resolve(`${SCANNER}/scanner/scanner.mjs`);
	const { version } = require(`${SCANNER}/package.json`);
	// The scanner makes a temporary folder when loaded; have its own `tmp` remove it at exit.
	require(require.resolve('tmp', { paths: [path.dirname(scannerPath)] })).setGracefulCleanup();
	const scanner = await import(pathToFileURL(scannerPath).href);
	return { scanner, version, scanConfig: await scanner.buildScanConfig() };
}

/**
 * The tarball leg on an unpacked package folder: its .js files and package.json.
 * @param {string} packageDir
 */
async function scanPackageDir(packageDir) {
	const { scanConfig } = await loadScanner();
	return await scan(packageDir, TARBALL_PATTERNS, scanConfig);
}

async function main() {
	const { scanner, version, scanConfig } = await loadScanner();

	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spaaza-lint-package-'));
	try {
		console.log(`n8n's verification rules (${SCANNER} ${version}, inline eslint-disable ignored)`);
		let errors = report(
			'source (package.json, nodes/, credentials/)',
			await scan(ROOT, scanner.SOURCE_FILE_PATTERNS, scanConfig),
		);
		const { packageDir, tarball } = packAndUnpack(workDir);
		errors += report(
			`packed tarball ${tarball} (**/*.js, package.json)`,
			await scan(packageDir, TARBALL_PATTERNS, scanConfig),
		);
		errors += report(
			"eslint.config.mjs: @n8n/node-cli's Cloud rules switched off or weakened for shipped files",
			await weakenedCloudRules(),
		);
		console.log(errors === 0 ? 'lint:package passed' : `lint:package failed: ${errors} errors`);
		return errors === 0 ? 0 : 1;
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

module.exports = { scanPackageDir };

if (require.main === module) {
	main().then(
		(code) => process.exit(code),
		(error) => {
			console.error(error);
			process.exit(2);
		},
	);
}
