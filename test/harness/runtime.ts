import { mkdirSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { BinaryDataConfig, BinaryDataService, ErrorReporter, InstanceSettings } from 'n8n-core';

/**
 * The n8n-core process environment for in-process workflow runs: user folder, instance settings,
 * logging and the binary data service, wired the way n8n's own start-up wires them.
 */

export type BinaryMode = 'filesystem' | 'default';

interface DiContainer {
	get<T>(type: abstract new (...args: never[]) => T): T;
	set<T>(type: abstract new (...args: never[]) => T, instance: T): void;
}

const coreEntry = require.resolve('n8n-core');

/**
 * n8n-core ships its own copies of @n8n/di and @n8n/backend-common (newer than the hoisted ones),
 * so they must be resolved from n8n-core's folder: a different copy is a different DI container.
 */
function requireFromCore<T>(id: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at run time on purpose
	return require(require.resolve(id, { paths: [path.dirname(coreEntry)] })) as T;
}

/**
 * The temp folder that stands in for ~/.n8n for this test process. n8n reads these variables when
 * its services are first built (not when loaded), so they are set as soon as the harness is
 * imported, before any service exists. The harness never points n8n at a real ~/.n8n.
 */
const root = mkdtempSync(path.join(tmpdir(), 'n8n-harness-'));
process.env.N8N_USER_FOLDER = root;
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';

const runsDir = path.join(root, 'runs');
let runCounter = 0;

export function container(): DiContainer {
	return requireFromCore<{ Container: DiContainer }>('@n8n/di').Container;
}

/** Builds InstanceSettings (writes <root>/.n8n/config) so that everything depending on it works. */
export function ensureInstance(): void {
	container().get(InstanceSettings);
}

export interface RunStorage {
	dir: string;
	binaryDataService: BinaryDataService;
	dispose(): Promise<void>;
}

/**
 * A fresh BinaryDataService for one run, registered in the container so that the node helpers
 * (prepareBinaryData, getBinaryStream, getBinaryDataBuffer, getBinaryMetadata) use it. In
 * `filesystem` mode data goes to disk under the run's folder and items carry `binary.x.id`;
 * in `default` mode no manager is selected and data stays base64 in the item, as in n8n.
 */
export async function createRunStorage(mode: BinaryMode): Promise<RunStorage> {
	const { Logger } = requireFromCore<{ Logger: abstract new (...args: never[]) => unknown }>(
		'@n8n/backend-common',
	);
	ensureInstance();
	const di = container();
	const dir = path.join(runsDir, `run-${++runCounter}`);
	mkdirSync(dir, { recursive: true });

	const config = di.get(BinaryDataConfig);
	config.mode = mode;
	config.localStoragePath = path.join(dir, 'storage');
	const service = new BinaryDataService(
		config,
		di.get(ErrorReporter),
		di.get(Logger) as ConstructorParameters<typeof BinaryDataService>[2],
	);
	await service.init();
	di.set(BinaryDataService, service);

	return {
		dir,
		binaryDataService: service,
		dispose: async () => await rm(dir, { recursive: true, force: true }),
	};
}

/** Deletes every file the harness wrote in this test file: run data and the stand-in ~/.n8n. */
export async function cleanupHarness(): Promise<void> {
	await rm(root, { recursive: true, force: true });
}

// Jest gives no reliable process exit hook in its workers, so the harness cleans up after the
// test file that imported it. Importing it inside a test (where hooks are refused) skips this.
if (typeof afterAll === 'function') {
	try {
		afterAll(cleanupHarness);
	} catch {
		// Not in jest's collection phase: call cleanupHarness() yourself.
	}
}
