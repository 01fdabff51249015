import js from '@eslint/js';
import { config as cloudConfig } from '@n8n/node-cli/eslint';
import globals from 'globals';

// How the n8n rules apply here (package.json has "n8n": { "strict": true }):
// - Shipped code (nodes/, credentials/, package.json) gets @n8n/node-cli's default `config`, the
//   one with n8n Cloud support, unchanged: this file only adds rules to it (the layering below).
//   `npm run lint:package` (scripts/lint-package.js) checks that no rule of that config is switched
//   off or weakened for a shipped file, and lints the source and the packed tarball the way n8n's
//   community-package scanner does, with inline eslint-disable comments ignored.
// - `n8n-node lint` is not used: in strict mode it requires this file to be the two-line template,
//   which would lint the tests and tools under the Cloud rules too (they use node:fs, process and
//   console on purpose, and are never loaded by n8n).

// Everything that is not shipped in the npm package: developer tools and tests.
const notShipped = [
	'sandbox/**/*.ts',
	'scripts/**/*.ts',
	'test/**/*.ts',
	'tools/**/*.ts',
	'bench/**/*.ts',
];

const communityRules = [
	...new Set(
		cloudConfig
			.flatMap((entry) => Object.keys(entry.rules ?? {}))
			.filter(
				(rule) => rule.startsWith('@n8n/community-nodes/') || rule.startsWith('n8n-nodes-base/'),
			),
	),
];

// One error type, shown in one place (nodes/shell/itemLoop.ts through nodes/shell/nodeError.ts).
// Listed in every block below that sets no-restricted-syntax: for a file two blocks match, the
// later block's list replaces the earlier.
const NO_NEW_N8N_ERROR = {
	selector: 'NewExpression[callee.name=/^Node(Api|Operation)Error$/]',
	message:
		'Throw a SpaazaError (nodes/core/errors.ts); the item loop shows it (nodes/shell/itemLoop.ts).',
};
const NO_EARLY_NODE_ERROR = {
	selector: 'CallExpression[callee.name="toNodeError"]',
	message:
		'Throw a SpaazaError (nodes/core/errors.ts); only the item loop (nodes/shell/itemLoop.ts) calls toNodeError.',
};

export default [
	// Generated output, installed tools and the cached n8n runtime are not our source.
	{ ignores: ['dist/**', 'build/**', '.cache/**', 'coverage/**', 'node_modules/**'] },
	...cloudConfig,
	{
		// The JavaScript tools (bench, tools, scripts, configs): Node CommonJS, ESLint's recommended
		// rules. Functions puppeteer runs in the editor's page see the browser's globals too.
		files: ['**/*.js', '**/*.cjs'],
		...js.configs.recommended,
		languageOptions: {
			ecmaVersion: 2024,
			sourceType: 'commonjs',
			globals: { ...globals.node },
		},
	},
	{
		files: ['**/*.mjs'],
		...js.configs.recommended,
		languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.node } },
	},
	{
		files: ['tools/n8n/browser.js', 'tools/n8n/editor.js'],
		languageOptions: { globals: { ...globals.node, ...globals.browser } },
	},
	{
		// The community-package rules guard what n8n loads; tools and tests are never loaded by n8n
		// (fixture nodes exist only to drive the test harness). They also print progress.
		files: notShipped,
		rules: {
			...Object.fromEntries(communityRules.map((rule) => [rule, 'off'])),
			'no-console': 'off',
		},
	},
	{
		// One error type, shown in one place: code below the item loop throws a SpaazaError, and
		// only the item loop (nodes/shell/itemLoop.ts) turns it into an n8n error, through
		// nodes/shell/nodeError.ts, so every error carries its SPAAZA_* code the same way.
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		ignores: ['nodes/shell/nodeError.ts', 'nodes/shell/itemLoop.ts'],
		rules: {
			'no-restricted-syntax': ['error', NO_NEW_N8N_ERROR, NO_EARLY_NODE_ERROR],
		},
	},
	{
		files: ['nodes/shell/itemLoop.ts'],
		rules: { 'no-restricted-syntax': ['error', NO_NEW_N8N_ERROR] },
	},
	{
		// Every node's execute goes through the one item loop (nodes/shell/itemLoop.ts), which owns
		// pairedItem and continue-on-fail.
		files: ['nodes/**/*.node.ts'],
		rules: {
			'no-restricted-syntax': [
				'error',
				NO_NEW_N8N_ERROR,
				NO_EARLY_NODE_ERROR,
				{
					selector:
						'MethodDefinition[key.name="execute"]:not(:has(CallExpression[callee.name=/^run(PerItem|Once)$/]))',
					message: "A node's execute goes through runPerItem or runOnce (nodes/shell/itemLoop.ts).",
				},
			],
		},
	},
	{
		// The layout (docs/ARCHITECTURE.md): core/ is pure (records, file sets read and written,
		// segments, polling) and imports no n8n package and nothing from the layers above it
		// (shell/, spaaza/, the nodes). shell/ (item loop, errors shown the n8n way) imports core/
		// only. No import runs back up.
		files: ['nodes/core/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['n8n-workflow', 'n8n-core', '@n8n/*'],
							message: 'core/ imports nothing from n8n.',
						},
						{
							group: ['**/shell', '**/shell/**', '**/spaaza', '**/spaaza/**', '**/Spaaza*/**'],
							message: 'core/ imports nothing from shell/, spaaza/ or the nodes.',
						},
					],
				},
			],
		},
	},
	{
		files: ['nodes/shell/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['**/spaaza', '**/spaaza/**', '**/Spaaza*/**'],
							message: 'shell/ imports nothing from spaaza/ or the nodes.',
						},
					],
				},
			],
		},
	},
	{
		files: ['nodes/spaaza/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['**/Spaaza*/**'], message: 'spaaza/ imports nothing from the nodes.' },
					],
				},
			],
		},
	},
];
