// `npx jest` (through the root jest.config.js): the unit and in-process workflow tests under test/.
// The real-n8n layers (test/e2e, test/ui, test/queue) are collected too but skip unless run through
// their own configs beside this one.
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
	rootDir: path.join(__dirname, '..', '..'),
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	testTimeout: 30000,
};
