// Types for the parts of n8n-env.js that the TypeScript tests use.
export interface N8nRunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}
export const ROOT: string;
export const N8N_VERSION: string;
export function runN8n(args: string[], env: NodeJS.ProcessEnv, options?: { timeoutMs?: number }): Promise<N8nRunResult>;
export const NODE24_DIR: string;
export function withoutNpmRunEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
