import type { N8nInstance } from './n8n-instance';
import type { N8nRun } from './run-output';

export interface N8nServer {
	port: number;
	log(): string;
	stop(): Promise<void>;
}
export interface StoredExecution {
	id: string;
	status: string;
	mode: string;
	finished: number;
	startedAt: string | null;
	stoppedAt: string | null;
	run?: N8nRun;
}
export function publishWorkflows(instance: N8nInstance, workflowIds: string[]): Promise<void>;
export function startN8nServer(instance: N8nInstance, options?: { env?: Record<string, string>; readyTimeoutMs?: number }): Promise<N8nServer>;
export function readExecutions(
	instance: N8nInstance,
	workflowId: string,
	options?: { withData?: boolean },
): Promise<{ staticData: Record<string, unknown> | null; executions: StoredExecution[] }>;
