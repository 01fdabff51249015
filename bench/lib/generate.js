'use strict';
// The benchmarks' file sets, made by the one seeded generator (sandbox/fileSets/largeLists.ts,
// compiled for the benchmarks) and cached under .cache/bench/data: remade only when the generator
// or the requested size changes.
const fs = require('node:fs');
const path = require('node:path');
const { compiled } = require('./common');

const GENERATOR_VERSION = 4;
const FILE_SET = '20250101_000000';

/**
 * Makes (or reuses) `<type>_<FILE_SET>.csv` with `rows` data rows in `dir/<label>/`.
 * Returns { file, bytes, rows }.
 */
function ensureFile(dataDir, type, rows, seed = 1) {
	const label = `${type}-${rows}-s${seed}`;
	const dir = path.join(dataDir, label);
	const file = path.join(dir, `${type}_${FILE_SET}.csv`);
	const metaFile = path.join(dir, 'meta.json');
	const meta = { generator: GENERATOR_VERSION, type, rows, seed };
	if (fs.existsSync(file) && fs.existsSync(metaFile)) {
		const found = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
		if (JSON.stringify(found) === JSON.stringify(meta))
			return { file, rows, bytes: fs.statSync(file).size, generated: false };
	}
	fs.mkdirSync(dir, { recursive: true });
	const { writeProductList, writeVariantList } = compiled('sandbox/fileSets');
	if (type === 'productlist') writeProductList(file, rows, seed);
	else writeVariantList(file, rows, seed);
	fs.writeFileSync(metaFile, JSON.stringify(meta));
	return { file, rows, bytes: fs.statSync(file).size, generated: true };
}

/**
 * The file of `ensureFile` with a quote problem in its first data row (`"` inside a value), so
 * Parse's well-formed reader hands every row to its general reader (nodes/core/fileset/csv/csvCore.ts).
 */
function ensureDamagedFile(dataDir, type, rows, seed = 1) {
	const source = ensureFile(dataDir, type, rows, seed);
	const dir = path.join(dataDir, `${type}-${rows}-s${seed}-damaged`);
	const file = path.join(dir, path.basename(source.file));
	if (!source.generated && fs.existsSync(file))
		return { file, rows, bytes: fs.statSync(file).size, generated: false };
	fs.mkdirSync(dir, { recursive: true });
	const bytes = fs.readFileSync(source.file);
	const at = bytes.indexOf(0x0a) + 3;
	fs.writeFileSync(
		file,
		Buffer.concat([bytes.subarray(0, at), Buffer.from('"'), bytes.subarray(at)]),
	);
	return { file, rows, bytes: fs.statSync(file).size, generated: true };
}

module.exports = { ensureFile, ensureDamagedFile, FILE_SET };
