'use strict';
const fs = require('node:fs');

module.exports = async () => {
	if (process.env.SPAAZA_E2E_PACK_DIR)
		fs.rmSync(process.env.SPAAZA_E2E_PACK_DIR, { recursive: true, force: true });
};
