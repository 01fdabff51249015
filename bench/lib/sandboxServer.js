'use strict';
// Runs the compiled sandbox and prints its description as one JSON line (see remoteSandbox.js).
const { compiled } = require('./common');

const { startSandbox } = compiled('sandbox');

startSandbox({ quiet: true, ...JSON.parse(process.argv[2] ?? '{}') }).then((sandbox) => {
	const { baseUrl, apiUrl, servicesUrl, port, chainId, logins, ca } = sandbox;
	process.stdout.write(
		`${JSON.stringify({ baseUrl, apiUrl, servicesUrl, port, chainId, logins, ca })}\n`,
	);
	process.once('SIGTERM', () => void sandbox.close().then(() => process.exit(0)));
});
