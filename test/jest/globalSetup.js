'use strict';
// Provisions the pinned n8n once per run (minutes the first time, instant after) and packs the
// package once; every test file installs that same tarball into its own n8n user folder.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT } = require('../../tools/n8n/env');
const { provisionN8n } = require('../../tools/n8n/provision');
const { packPackage } = require('../../tools/n8n/instance');

module.exports = async () => {
	const log = (line) => process.stdout.write(`${line}\n`);
	log('');
	await provisionN8n({ log });
	if (!fs.existsSync(path.join(ROOT, 'dist', 'nodes'))) {
		throw new Error(
			'dist/ is missing: build the package first (`npm run build`; `npm run test:e2e` does).',
		);
	}
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spaaza-e2e-pack-'));
	const { tarball } = packPackage(packDir);
	process.env.SPAAZA_E2E_TARBALL = tarball;
	process.env.SPAAZA_E2E_PACK_DIR = packDir;
};
