/**
 * README.md is the user guide for retail operations people, not the developers' manual: at most
 * 250 lines (what it does, install, connect Spaaza, the guides, troubleshooting). Everything longer
 * belongs in docs/, which the README links to.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

it('README.md stays a user guide of at most 250 lines', () => {
	const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
	const lines = readme.replace(/\n$/, '').split('\n').length;
	expect(lines).toBeLessThanOrEqual(250);
});
