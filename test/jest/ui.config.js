// `npm run test:ui`: the editor in headless Chromium against a real n8n (test/ui/). Kept out of the
// unit and e2e runs: it needs Chromium and starts `n8n start`. The tests skip unless run through here.
process.env.SPAAZA_UI = '1';

const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
	rootDir: path.join(__dirname, '..', '..'),
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/ui'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/ui/tsconfig.json' }] },
	// Provisions n8n and packs the package once, as the e2e layer does.
	globalSetup: '<rootDir>/test/jest/globalSetup.js',
	globalTeardown: '<rootDir>/test/jest/globalTeardown.js',
	maxWorkers: 1,
	// Generous: the editor's pages load slowly on a busy 2-core machine.
	testTimeout: 10 * 60 * 1000,
};
