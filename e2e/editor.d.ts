import type { ChildProcess } from 'node:child_process';
import type { N8nInstance } from './n8n-instance';
import type { SandboxDescription } from './session';

export const OWNER: { email: string; password: string; firstName: string; lastName: string };
export interface Editor {
	url: string;
	port: number;
	child: ChildProcess;
	session: N8nInstance;
	logFile: string;
	owner: typeof OWNER;
	stop(): Promise<void>;
}
export function startEditor(options: {
	sandbox: SandboxDescription;
	tarball: string;
	workDir: string;
	port?: number;
	keep?: boolean;
	env?: (session: N8nInstance) => Record<string, string>;
	startTimeoutMs?: number;
}): Promise<Editor>;
