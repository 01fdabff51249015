// `npm run test:queue`: n8n in queue mode (PostgreSQL, Redis, a main and two workers) and the
// install paths of the README, against the pinned real n8n. Needs the Debian packages
// `postgresql` and `redis-server` (scripts/ci-queue.sh installs them). Same setup as the e2e
// layer (provisions n8n, packs the package); only the tests and their time limit differ.
const e2e = require('./e2e.config.js');

/** @type {import('jest').Config} */
module.exports = {
	...e2e,
	roots: ['<rootDir>/test/queue'],
	// A cluster start and a 20k-variant import take minutes on a busy 2-core machine.
	testTimeout: 30 * 60 * 1000,
};
