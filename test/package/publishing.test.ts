import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';

// What n8n's verification asks of the published package: published from GitHub Actions with npm
// provenance (whose statement must name this repository, so package.json's repository, homepage
// and bugs must all point at it), MIT licence, an author. The workflows cannot run here; this reads
// them the way GitHub does (YAML 1.2) and checks the steps that matter.
const ROOT = path.join(__dirname, '../..');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');

type Step = { name?: string; uses?: string; run?: string; 'continue-on-error'?: unknown };
type Job = { 'runs-on'?: string; permissions?: Record<string, string>; steps?: Step[] };
type Workflow = { name?: string; on?: Record<string, unknown>; jobs?: Record<string, Job> };

function readWorkflow(file: string): Workflow {
	const document = parseDocument(readFileSync(path.join(WORKFLOWS, file), 'utf8'), {
		prettyErrors: true,
		uniqueKeys: true,
	});
	expect({
		file,
		errors: document.errors.map(String),
		warnings: document.warnings.map(String),
	}).toEqual({
		file,
		errors: [],
		warnings: [],
	});
	return document.toJS() as Workflow;
}

const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	license: string;
	homepage: string;
	author: { name: string; email: string };
	repository: { type: string; url: string };
	bugs: { url: string };
	n8n: { strict: boolean };
	dependencies?: Record<string, string>;
};

describe('the GitHub Actions workflows', () => {
	const files = readdirSync(WORKFLOWS).filter((file) => /\.ya?ml$/.test(file));

	it('are valid YAML, each job with a runner and steps that run or use something', () => {
		expect(files).toEqual(expect.arrayContaining(['ci.yml', 'publish.yml']));
		for (const file of files) {
			const workflow = readWorkflow(file);
			expect({ file, on: typeof workflow.on }).toEqual({ file, on: 'object' });
			for (const [id, job] of Object.entries(workflow.jobs ?? {})) {
				expect({ file, id, runsOn: typeof job['runs-on'] }).toEqual({ file, id, runsOn: 'string' });
				for (const step of job.steps ?? [])
					expect({ file, id, step, runsSomething: Boolean(step.run ?? step.uses) }).toEqual({
						file,
						id,
						step,
						runsSomething: true,
					});
			}
		}
	});

	it('publish.yml publishes with npm provenance on a version tag, after the verification rules pass', () => {
		const workflow = readWorkflow('publish.yml');
		expect(Object.keys(workflow.on ?? {})).toEqual(['push']);
		expect(workflow.on?.push).toEqual({ tags: ['*.*.*'] });
		const jobs = Object.values(workflow.jobs ?? {});
		expect(jobs).toHaveLength(1);
		const [job] = jobs;
		expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' });

		const steps = job.steps ?? [];
		const index = (pattern: RegExp) => steps.findIndex((step) => pattern.test(step.run ?? ''));
		const publish = index(/^\s*npm publish --provenance --access public\s*$/m);
		const checks = [
			/npm ci/,
			/npm run build/,
			/npm run lint$/m,
			/node scripts\/lint-package\.js/,
		].map((pattern) => ({ pattern: String(pattern), index: index(pattern) }));
		expect(publish).toBeGreaterThan(0);
		for (const check of checks) {
			expect(check.index).toBeGreaterThanOrEqual(0);
			expect(check.index).toBeLessThan(publish);
		}
		// Nothing before the publish step may fail without stopping it.
		for (const step of steps.slice(0, publish + 1)) {
			expect(step['continue-on-error']).toBeUndefined();
			expect(step.run ?? '').not.toMatch(/\|\|\s*true/);
		}
		// The tag has to be the version that gets published.
		expect(index(/GITHUB_REF_NAME#v/)).toBeLessThan(publish);
	});
});

describe('package.json for a verified package', () => {
	const github = /^(?:git\+)?https:\/\/github\.com\/([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(
		packageJson.repository.url,
	);

	it('names one public GitHub repository in repository, homepage and bugs', () => {
		expect(packageJson.repository.type).toBe('git');
		expect(github).not.toBeNull();
		const [, owner, repo] = github!;
		expect(packageJson.homepage).toBe(`https://github.com/${owner}/${repo}#readme`);
		expect(packageJson.bugs.url).toBe(`https://github.com/${owner}/${repo}/issues`);
	});

	it('is MIT licensed, and the LICENSE names the author', () => {
		const license = readFileSync(path.join(ROOT, 'LICENSE'), 'utf8');
		expect(packageJson.license).toBe('MIT');
		expect(license.split('\n')[0]).toBe('MIT License');
		expect(license).toMatch(/Permission is hereby granted, free of charge/);
		expect(packageJson.author.name).not.toBe('');
		expect(packageJson.author.email).toMatch(/^[^@\s]+@[^@\s]+$/);
		expect(license).toContain(`Copyright (c) `);
		expect(license).toContain(packageJson.author.name);
	});

	it('asks n8n to hold its lint config to the Cloud rules (strict)', () => {
		expect(packageJson.n8n.strict).toBe(true);
	});
});
