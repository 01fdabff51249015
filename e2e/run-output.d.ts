/** The parts of n8n's IRun that the e2e tests read. */
export interface N8nItem {
	json: Record<string, unknown>;
	binary?: Record<string, { fileName?: string; mimeType?: string; fileSize?: string; id?: string }>;
}
export interface N8nTaskData {
	startTime: number;
	executionIndex: number;
	executionTime: number;
	executionStatus?: string;
	data?: { main: Array<N8nItem[] | null> };
	error?: { message: string; description?: string };
}
export interface N8nRun {
	status: string;
	data: { resultData: { runData: Record<string, N8nTaskData[]>; error?: { message: string; description?: string; node?: { name: string } } } };
}
export function parseRunOutput(stdout: string): N8nRun | undefined;
export function nodeOutput(run: N8nRun, nodeName: string, outputIndex?: number): Array<Record<string, unknown>>;
export function nodeItems(run: N8nRun, nodeName: string, outputIndex?: number): N8nItem[];
export function executionOrder(run: N8nRun): string[];
