// `npm run test:ui`: the editor in headless Chromium against a real n8n (test/ui/). Kept out of the
// unit and e2e runs: it needs Chromium and starts `n8n start`. The tests skip unless run through here.
// Same setup as the e2e layer (provisions n8n, packs the package once); the tests, their DOM-typed
// tsconfig and their time limit differ.
process.env.SPAAZA_UI = '1';

const e2e = require('./e2e.config.js');

/** @type {import('jest').Config} */
module.exports = {
	...e2e,
	roots: ['<rootDir>/test/ui'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/ui/tsconfig.json' }] },
	// Generous: the editor's pages load slowly on a busy 2-core machine.
	testTimeout: 10 * 60 * 1000,
};
