/**
 * The fake Spaaza every test talks to is the project's sandbox (sandbox/). One way to start it for
 * a test file, and one way to build a "Spaaza API" credential that points at it.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
import { sandboxCredentialData } from '../../tools/n8n/credentials';
import { late } from './late';

/** Which of the sandbox's seeded logins a credential uses. */
export type SandboxLogin = 'admin' | 'token';

/**
 * A "Spaaza API" credential (custom environment) for the sandbox: `admin` is the Admin Login
 * method with the seeded admin user, `token` the Access Token method with the seeded token.
 * `overrides` replace or add fields (a wrong password, another chain, a stored session).
 */
export function sandboxCredentials(
	sandbox: Pick<Sandbox, 'apiUrl' | 'servicesUrl' | 'chainId' | 'logins'>,
	login: SandboxLogin = 'admin',
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return { ...sandboxCredentialData(sandbox, login), ...overrides };
}

/** Everything the sandbox's seeded credentials hold that must never be shown. */
export function sandboxSecrets(sandbox: Pick<Sandbox, 'logins'>): string[] {
	return [sandbox.logins.token.secret, sandbox.logins.admin.password];
}

export interface UseSandboxOptions extends SandboxOptions {
	/** Runs after the start and after every reset (e.g. to put a catalogue in). */
	prepare?: (sandbox: Sandbox) => Promise<void> | void;
}

/**
 * Starts a sandbox (on a free port) before the file's tests, resets it after each test (and
 * seeds it again) and closes it after the last. The returned object is that sandbox.
 */
export function useSandbox(options: UseSandboxOptions = {}): Sandbox {
	const { prepare, ...sandboxOptions } = options;
	const sandbox = late<Sandbox>('The sandbox');
	beforeAll(async () => {
		const started = await startSandbox({ port: 0, ...sandboxOptions });
		sandbox.set(started);
		await prepare?.(started);
	});
	afterEach(async () => {
		const started = sandbox.get();
		if (!started) return;
		started.reset();
		await prepare?.(started);
	});
	afterAll(async () => {
		await sandbox.get()?.close();
		sandbox.set(undefined);
	});
	return sandbox.value;
}
