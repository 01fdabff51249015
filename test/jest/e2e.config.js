// `npm run test:e2e`: the real-n8n layer, kept out of the unit run because it provisions n8n
// (minutes the first time) and starts n8n processes. The tests skip unless run through this config.
process.env.SPAAZA_E2E = '1';

const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
	rootDir: path.join(__dirname, '..', '..'),
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', isolatedModules: true }],
	},
	globalSetup: '<rootDir>/test/jest/globalSetup.js',
	globalTeardown: '<rootDir>/test/jest/globalTeardown.js',
	// Each n8n CLI call boots n8n (seconds); one file at a time keeps a 2-core machine responsive.
	maxWorkers: 1,
	testTimeout: 5 * 60 * 1000,
};
