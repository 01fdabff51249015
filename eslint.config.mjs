import js from '@eslint/js';
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';
import globals from 'globals';

// Everything that is not shipped in the npm package: developer tools and tests.
const notShipped = [
	'sandbox/**/*.ts',
	'scripts/**/*.ts',
	'test/**/*.ts',
	'e2e/**/*.ts',
	'bench/**/*.ts',
];

const communityRules = [
	...new Set(
		configWithoutCloudSupport
			.flatMap((entry) => Object.keys(entry.rules ?? {}))
			.filter(
				(rule) => rule.startsWith('@n8n/community-nodes/') || rule.startsWith('n8n-nodes-base/'),
			),
	),
];

export default [
	// Generated output, installed tools and the cached n8n runtime are not our source.
	{ ignores: ['dist/**', 'build/**', '.cache/**', 'coverage/**', 'node_modules/**'] },
	...configWithoutCloudSupport,
	{
		// The JavaScript tools (bench, e2e, scripts, configs): Node CommonJS, ESLint's recommended
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
		files: ['e2e/browser.js', 'e2e/editor.js'],
		languageOptions: { globals: { ...globals.node, ...globals.browser } },
	},
	{
		files: ['package.json'],
		rules: {
			// SPEC §2: this package is for self-hosted n8n and ships csv-parse, csv-stringify and zod
			// as runtime dependencies on purpose (streaming CSV, and zod for segment JSON).
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
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
		// One error type, one place that shows it (nodes/shell/nodeError.ts): code elsewhere throws
		// a SpaazaError or calls toNodeError, so every error carries its SPAAZA_* code the same way.
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		ignores: ['nodes/shell/nodeError.ts'],
		rules: {
			'no-restricted-syntax': [
				'error',
				{
					selector: 'NewExpression[callee.name=/^Node(Api|Operation)Error$/]',
					message:
						'Throw a SpaazaError (nodes/core/errors.ts) or use toNodeError (nodes/shell/nodeError.ts).',
				},
			],
		},
	},
	{
		// Every node's execute goes through the one item loop (nodes/shell/itemLoop.ts), which owns
		// pairedItem and continue-on-fail.
		files: ['nodes/**/*.node.ts'],
		rules: {
			'no-restricted-syntax': [
				'error',
				{
					selector: 'NewExpression[callee.name=/^Node(Api|Operation)Error$/]',
					message:
						'Throw a SpaazaError (nodes/core/errors.ts) or use toNodeError (nodes/shell/nodeError.ts).',
				},
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
