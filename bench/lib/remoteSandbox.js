'use strict';
// The sandbox in its own process, as a remote Spaaza would be: the client under test gets the
// benchmark process's core to itself. Controlled over its /_sandbox endpoints.
const fs = require('node:fs');
const https = require('node:https');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { ROOT } = require('./common');

const SERVER = path.join(ROOT, 'bench', 'lib', 'sandboxServer.js');

async function startRemoteSandbox(options = {}) {
	const child = spawn(process.execPath, [SERVER, JSON.stringify(options)], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const description = await new Promise((resolve, reject) => {
		let text = '';
		child.stdout.on('data', (chunk) => {
			text += chunk;
			const end = text.indexOf('\n');
			if (end !== -1) resolve(JSON.parse(text.slice(0, end)));
		});
		child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}`)));
	});
	return attachRemoteSandbox(description, child);
}

/**
 * Control of a sandbox another process started (`description` as sandboxServer.js prints it);
 * `child` is that process when this one owns it. An HTTPS sandbox needs its CA trusted here
 * (NODE_EXTRA_CA_CERTS), as any client of it does.
 */
function attachRemoteSandbox(description, child) {
	const control = async (method, route, body) => {
		if (description.ca) return await controlOverHttps(description, method, route, body);
		const response = await fetch(`${description.baseUrl}/_sandbox${route}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!response.ok) throw new Error(`sandbox ${method} ${route}: HTTP ${response.status}`);
		return await response.json();
	};
	/** CPU time the sandbox process has used so far, in ms (Linux /proc; undefined elsewhere). */
	const cpuMs = () => {
		if (!child) return undefined;
		try {
			const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
			return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
		} catch {
			return undefined;
		}
	};
	return {
		...description,
		cpuMs,
		reset: () => control('POST', '/reset', {}),
		setFaults: (faults) => control('POST', '/faults', faults),
		stats: () => control('GET', '/stats'),
		writeLog: () => control('GET', '/write-log'),
		catalogue: () => control('GET', `/catalogue?chain_id=${description.chainId}`),
		close: () =>
			new Promise((resolve) => {
				if (!child || child.exitCode !== null) return resolve();
				child.once('exit', resolve);
				child.kill('SIGTERM');
			}),
	};
}

/** A control call to an HTTPS sandbox, trusting its own certificate for this one request. */
function controlOverHttps(description, method, route, body) {
	const text = body === undefined ? undefined : JSON.stringify(body);
	const headers =
		text === undefined
			? {}
			: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
	return new Promise((resolve, reject) => {
		const request = https.request(
			`${description.baseUrl}/_sandbox${route}`,
			{ method, headers, ca: description.ca },
			(response) => {
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () => {
					if (response.statusCode !== 200)
						return reject(new Error(`sandbox ${method} ${route}: HTTP ${response.statusCode}`));
					resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
				});
			},
		);
		request.on('error', reject);
		request.end(text);
	});
}

module.exports = { startRemoteSandbox, attachRemoteSandbox };
