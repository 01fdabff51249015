import type { N8nInstance } from './n8n-instance';

export interface SandboxDescription {
	apiUrl: string;
	servicesUrl: string;
	chainId: number;
	logins: { admin: { username: string; password: string }; token: { id: string; secret: string } };
}
export const WORKFLOWS_DIR: string;
export const EXAMPLES_DIR: string;
export function readWorkflows(dir: string): Array<{ file: string; workflow: { id: string; name: string; nodes: Array<{ name: string; type: string; typeVersion: number }> } }>;
export function stageFiles(instance: N8nInstance, folderName: string, files: string[]): string;
export function emptyFolder(instance: N8nInstance, folderName: string): string;
export function startSession(options: {
	sandbox: SandboxDescription;
	/** Without it, the user folder (`workDir`/user) must already hold the package. */
	tarball?: string;
	workDir?: string;
	examples?: boolean;
	editor?: boolean;
	env?: Record<string, string>;
	keep?: boolean;
}): Promise<N8nInstance>;
