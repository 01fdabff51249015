import { parseArgs } from 'node:util';
import { describeSandbox } from './banner';
import { SANDBOX_DEFAULT_PORT, startSandbox } from './index';

const USAGE = `Usage: npm run sandbox -- [--port 8989] [--chain-id 1764] [--task-run-ms 2000]
       [--url-ttl-seconds 3600] [--faults '{"rates":{"429":0.05}}'] [--seed 1] [--legacy-errors] [--sample-catalogue] [--quiet]
The port defaults to $SPAAZA_SANDBOX_PORT or ${SANDBOX_DEFAULT_PORT}.`;

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			'chain-id': { type: 'string' },
			'task-run-ms': { type: 'string' },
			'url-ttl-seconds': { type: 'string' },
			faults: { type: 'string' },
			seed: { type: 'string' },
			'legacy-errors': { type: 'boolean' },
			'sample-catalogue': { type: 'boolean' },
			quiet: { type: 'boolean' },
			help: { type: 'boolean' },
		},
	});
	if (values.help) {
		console.log(USAGE);
		return;
	}
	const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
	const sandbox = await startSandbox({
		port: number(values.port ?? process.env.SPAAZA_SANDBOX_PORT ?? String(SANDBOX_DEFAULT_PORT)),
		chainId: number(values['chain-id']),
		taskRunMs: number(values['task-run-ms']),
		downloadUrlTtlSeconds: number(values['url-ttl-seconds']),
		faults: values.faults ? JSON.parse(values.faults) : undefined,
		seed: number(values.seed),
		legacyErrors: values['legacy-errors'],
		sampleCatalogue: values['sample-catalogue'],
		quiet: values.quiet ?? false,
	});
	console.log(describeSandbox(sandbox));
	const stop = () => {
		void sandbox.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error) => {
	console.error(`Could not start the Spaaza sandbox: ${error.message}`);
	console.error(USAGE);
	process.exit(1);
});
