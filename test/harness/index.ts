export { cleanupHarness, type BinaryMode } from './runtime';
export {
	loadPackageNodeTypes,
	PACKAGE_DIR,
	type PackageTypes,
	type UnloadedFile,
} from './nodeTypes';
export { HarnessCredentialsHelper } from './credentialsHelper';
export { WorkflowRunResult, type RunError } from './result';
export {
	runWorkflow,
	startWorkflow,
	type RunHandle,
	type RunOptions,
	type WorkflowJson,
} from './runWorkflow';
export { workflowFromNodes, type NodeSpec } from './workflowFromNodes';
export { workflowNode } from './workflowNode';
