'use strict';
// The sandbox in its own process, as a remote Spaaza would be: the client under test gets the
// benchmark process's core to itself. Controlled over its /_sandbox endpoints.
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { ROOT } = require('./common');

const SERVER = path.join(ROOT, 'bench', 'lib', 'sandboxServer.js');

async function startRemoteSandbox(options = {}) {
	const child = spawn(process.execPath, [SERVER, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
	const description = await new Promise((resolve, reject) => {
		let text = '';
		child.stdout.on('data', (chunk) => {
			text += chunk;
			const end = text.indexOf('\n');
			if (end !== -1) resolve(JSON.parse(text.slice(0, end)));
		});
		child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}`)));
	});
	const control = async (method, route, body) => {
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
				child.once('exit', resolve);
				child.kill('SIGTERM');
			}),
	};
}

module.exports = { startRemoteSandbox };
