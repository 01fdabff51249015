// @ts-check
'use strict';
// Reads the run JSON out of `n8n execute --rawOutput`. On success n8n prints the run with
// JSON.stringify(run, null, 2); on failure it logs it at info level between other log lines, and
// task-runner or license messages may come before either. Both forms start with a line ending in
// `{` and end with a line that is exactly `}`, because every nested brace is indented.

/**
 * The parts of n8n's IRun that the e2e tests read.
 * @typedef {{ json: Record<string, unknown>; binary?: Record<string, { fileName?: string; mimeType?: string; fileSize?: string; id?: string }> }} N8nItem
 * @typedef {{ message: string; description?: string }} N8nError
 * @typedef {{ startTime: number; executionIndex: number; executionTime: number; executionStatus?: string; data?: { main: Array<N8nItem[] | null> }; error?: N8nError }} N8nTaskData
 * @typedef {{ status: string; data: { resultData: { runData: Record<string, N8nTaskData[]>; error?: N8nError & { node?: { name: string } } } } }} N8nRun
 */

/**
 * @param {string} text
 * @returns {N8nRun[]}
 */
function candidateRuns(text) {
	const lines = text.split(/\r?\n/);
	/** @type {N8nRun[]} */
	const found = [];
	for (let start = 0; start < lines.length; start++) {
		const braceAt = lines[start].indexOf('{');
		if (braceAt === -1 || lines[start].trimEnd().length !== braceAt + 1) continue;
		const end = lines.indexOf('}', start + 1);
		if (end === -1) break;
		try {
			const value = JSON.parse(['{', ...lines.slice(start + 1, end), '}'].join('\n'));
			if (value && typeof value === 'object' && value.data && value.data.resultData) {
				found.push(value);
				start = end;
			}
		} catch {
			// A brace that opens a log line rather than the run; keep looking.
		}
	}
	return found;
}

/**
 * The last run printed in `stdout`, or undefined when n8n printed none.
 * @param {string} stdout
 * @returns {N8nRun | undefined}
 */
function parseRunOutput(stdout) {
	const runs = candidateRuns(stdout);
	return runs[runs.length - 1];
}

/**
 * The items one node produced on one output (first run of the node), as plain json objects.
 * @param {N8nRun} run
 * @param {string} nodeName
 * @returns {Array<Record<string, unknown>>}
 */
function nodeOutput(run, nodeName, outputIndex = 0) {
	const task = run.data.resultData.runData[nodeName];
	if (!task) return [];
	const output = task[0].data && task[0].data.main ? task[0].data.main[outputIndex] : undefined;
	return (output || []).map((item) => item.json);
}

/**
 * Full items (json + binary metadata) of one node output.
 * @param {N8nRun} run
 * @param {string} nodeName
 * @returns {N8nItem[]}
 */
function nodeItems(run, nodeName, outputIndex = 0) {
	const task = run.data.resultData.runData[nodeName];
	if (!task || !task[0].data || !task[0].data.main) return [];
	return task[0].data.main[outputIndex] || [];
}

/**
 * The nodes that ran, in the order n8n started them.
 * @param {N8nRun} run
 * @returns {string[]}
 */
function executionOrder(run) {
	return Object.entries(run.data.resultData.runData)
		.flatMap(([name, tasks]) =>
			tasks.map((task) => ({ name, index: task.executionIndex, startTime: task.startTime })),
		)
		.sort((a, b) => a.index - b.index || a.startTime - b.startTime)
		.map((entry) => entry.name);
}

module.exports = { parseRunOutput, nodeOutput, nodeItems, executionOrder };
