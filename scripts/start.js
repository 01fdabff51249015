#!/usr/bin/env node
'use strict';
// `npm start`: the n8n editor on http://localhost:5678 with this package installed from its
// tarball, the Spaaza sandbox running, its credentials and the example workflows imported, and an
// owner account set up from the environment so no sign-up form stands in the way.
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { ROOT, RUNTIME_DIR, N8N_VERSION, spawnN8n } = require('./n8n-env');
const { provisionN8n } = require('./provision-n8n');
const { ensureBuilt, loadSandbox } = require('../e2e/prepare');
const { packPackage } = require('../e2e/n8n-instance');
const { startSession, stageFiles, emptyFolder } = require('../e2e/session');

const PORT = Number(process.env.N8N_PORT || 5678);
const SANDBOX_PORT = Number(process.env.SPAAZA_SANDBOX_PORT || 8989);
// The editor keeps its database here between starts (git-ignored with the rest of .cache/).
const EDITOR_DIR = path.join(ROOT, '.cache', 'n8n-editor');
const OWNER = { email: 'owner@example.com', password: 'Spaaza-demo-1', firstName: 'Spaaza', lastName: 'Demo' };
const SAMPLE_SET = ['productlist_20251024_100000.csv', 'variantlist_20251024_100000.csv'].map((name) => path.join(ROOT, 'samples', name));

const log = (line = '') => console.log(line);

/** n8n takes the owner's password only as a bcrypt hash; bcryptjs ships with n8n. */
function passwordHash(password) {
	const bcrypt = require(path.join(RUNTIME_DIR, 'node_modules', 'bcryptjs'));
	return bcrypt.hashSync(password, 10);
}

function waitUntilServing(url, child, timeoutMs = 180000) {
	const deadline = Date.now() + timeoutMs;
	return new Promise((resolve, reject) => {
		const poll = () => {
			if (child.exitCode !== null) return reject(new Error(`n8n exited with code ${child.exitCode}`));
			if (Date.now() > deadline) return reject(new Error(`n8n did not answer on ${url} within ${timeoutMs / 1000} s`));
			http
				.get(url, (response) => {
					response.resume();
					if (response.statusCode === 200) resolve();
					else setTimeout(poll, 1000);
				})
				.on('error', () => setTimeout(poll, 1000));
		};
		poll();
	});
}

async function main() {
	log(`Starting the n8n ${N8N_VERSION} editor with n8n-nodes-spaaza and the Spaaza sandbox`);
	ensureBuilt(log);
	await provisionN8n({ log });
	const { startSandbox } = loadSandbox();
	const sandbox = await startSandbox({ port: SANDBOX_PORT, quiet: true });

	fs.mkdirSync(EDITOR_DIR, { recursive: true });
	const { tarball } = packPackage(path.join(EDITOR_DIR, 'pack'));
	const session = await startSession({ sandbox, tarball, workDir: EDITOR_DIR, examples: true, keep: true });
	const inbox = stageFiles(session, 'inbox', SAMPLE_SET);
	const outbox = emptyFolder(session, 'outbox');

	const env = await session.env({
		N8N_PORT: String(PORT),
		N8N_HOST: 'localhost',
		N8N_SECURE_COOKIE: 'false',
		// The editor runs users' Code nodes, which need n8n's own JS task runner.
		N8N_RUNNERS_MODE: 'internal',
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: OWNER.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: OWNER.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: passwordHash(OWNER.password),
		SPAAZA_INBOX: inbox,
		SPAAZA_OUTBOX: outbox,
	});
	const logFile = path.join(EDITOR_DIR, 'n8n.log');
	const out = fs.openSync(logFile, 'w');
	const n8n = spawnN8n(['start'], env, { stdio: ['ignore', out, out] });
	let stopping = false;
	const stop = async (code) => {
		if (stopping) return;
		stopping = true;
		log('\nStopping n8n and the sandbox…');
		n8n.kill('SIGTERM');
		await sandbox.close();
		process.exit(code);
	};
	process.once('SIGINT', () => stop(0));
	process.once('SIGTERM', () => stop(0));
	n8n.once('exit', (code) => {
		if (!stopping) {
			console.error(`n8n stopped (exit ${code}); see ${logFile}`);
			void stop(1);
		}
	});

	// /healthz answers before the REST API is mounted; readiness waits for the whole server.
	await waitUntilServing(`http://localhost:${PORT}/healthz/readiness`, n8n);
	log(`
n8n editor:  http://localhost:${PORT}   (log in as ${OWNER.email} / ${OWNER.password})
Sandbox:     ${sandbox.baseUrl}  (chain ${sandbox.chainId}; credentials "Spaaza sandbox (admin login)" and "… (access token)")

Open "Spaaza: import a file set from disk (sandbox)" and click Execute workflow: it imports
  ${path.relative(ROOT, inbox)}/ (the sample file set; drop other sets there).
Then "Spaaza: export products and variants to disk (sandbox)" writes the exports to
  ${path.relative(ROOT, outbox)}/.
The "Spaaza: …" examples (Drive, email, SFTP, Sheets) need your own accounts and a real Spaaza credential.
The sandbox keeps its catalogue in memory: it starts empty each time. n8n log: ${path.relative(ROOT, logFile)}

Ctrl+C stops n8n and the sandbox.`);
}

main().catch((error) => {
	console.error(`\nCould not start: ${error.message}`);
	process.exit(1);
});
