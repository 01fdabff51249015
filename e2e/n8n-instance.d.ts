import type { N8nRun } from './run-output';

export interface ExecuteResult {
	run: N8nRun;
	error?: N8nRun['data']['resultData']['error'];
	exitCode: number | null;
	/** Set when n8n was ended by a signal rather than exiting. */
	exitSignal: string | null;
	seconds: number;
	output: { code: number | null; signal: string | null; stdout: string; stderr: string };
}
export interface N8nInstance {
	workDir: string;
	userFolder: string;
	filesDir: string;
	env(extra?: Record<string, string>): Promise<NodeJS.ProcessEnv>;
	importCredentials(credentials: object[]): Promise<unknown>;
	importWorkflows(workflows: object[]): Promise<unknown>;
	execute(workflowId: string, extraEnv?: Record<string, string>): Promise<ExecuteResult>;
	close(): void;
}
export function packPackage(outDir: string): { tarball: string; files: string[] };
export function installPackage(userFolder: string, tarball: string): string;
export function createN8nInstance(options: { workDir?: string; tarball?: string; env?: Record<string, string>; keep?: boolean }): Promise<N8nInstance>;
