import type { N8nRun } from '../run-output';
import type { QueueServices } from './services';

export interface QueueProcess {
	name: string;
	output: string;
	executions: Set<string>;
}
export interface QueueExecution {
	id: string;
	status: string;
	worker?: string;
	run: N8nRun;
}
export interface QueueCluster {
	workDir: string;
	filesDir: string;
	baseUrl: string;
	main: QueueProcess;
	workers: QueueProcess[];
	startedExecutions(): number;
	workerOf(executionId: string | number): string | undefined;
	trigger(webhookPath: string, body: object): Promise<{ status: number; body: string }>;
	waitForExecutions(workflowId: string, count: number, timeoutMs?: number): Promise<string[]>;
	executionIds(workflowId: string): string[];
	execution(executionId: string | number): QueueExecution;
	stop(): Promise<void>;
}
export function startQueueCluster(options: {
	services: QueueServices;
	tarball: string;
	workers?: number;
	concurrency?: number;
	credentials?: object[];
	workflows?: Array<{ id: string; active?: boolean }>;
	env?: Record<string, string>;
	log?: (line: string) => void;
}): Promise<QueueCluster>;
