export interface WorkflowJson {
	id: string;
	name: string;
	active?: boolean;
	nodes: Array<{ name: string; type: string; parameters?: Record<string, unknown> }>;
	[key: string]: unknown;
}
export function webhookWorkflow(workflow: WorkflowJson, options: { id: string; name?: string; parameters?: Record<string, Record<string, unknown>>; credential?: { id: string; name: string } }): WorkflowJson;
