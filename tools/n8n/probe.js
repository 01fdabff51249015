'use strict';
// Preloaded into the real n8n process (NODE_OPTIONS=--require) by bench/n8n-compare.js. Samples
// heap and RSS every 20 ms; after each node has run, collects garbage and records the heap still in
// use (the node's output is alive then, as n8n keeps it for the rest of the execution); and takes
// the run JSON that `n8n execute --rawOutput` prints (100 MB for 100k items) off stdout, keeping
// only each node's timing and item counts. Writes it all to $SPAAZA_BENCH_PROBE.<pid>.json at exit.
const fs = require('node:fs');
const Module = require('node:module');
const v8 = require('node:v8');
const vm = require('node:vm');

const target = process.env.SPAAZA_BENCH_PROBE;
if (target) {
	const samples = [];
	const sample = () => {
		const { rss, heapUsed } = process.memoryUsage();
		samples.push([Date.now(), rss, heapUsed]);
	};
	sample();
	setInterval(sample, 20).unref();

	v8.setFlagsFromString('--expose-gc');
	const gc = vm.runInNewContext('gc');
	const retainedAfter = {};
	let patched = false;
	const patch = (WorkflowExecute) => {
		patched = true;
		const runNode = WorkflowExecute.prototype.runNode;
		WorkflowExecute.prototype.runNode = async function (...args) {
			const started = Date.now();
			const result = await runNode.apply(this, args);
			// Timed here: n8n's own executionTime would include the collections below.
			const ms = Date.now() - started;
			gc();
			gc();
			const outputs = (result && Array.isArray(result.data) ? result.data : []).map((items) =>
				items ? items.length : 0,
			);
			retainedAfter[args[1].node.name] = {
				heapUsed: process.memoryUsage().heapUsed,
				ms,
				items: outputs,
				startTime: started,
			};
			return result;
		};
	};
	const load = Module._load;
	Module._load = function (...args) {
		const exports = load.apply(this, args);
		if (!patched && args[0] === 'n8n-core') {
			try {
				if (exports.WorkflowExecute && exports.WorkflowExecute.prototype.runNode)
					patch(exports.WorkflowExecute);
			} catch {
				// Another n8n-core layout: only the samples are recorded.
			}
		}
		return exports;
	};

	let nodes;
	const write = process.stdout.write.bind(process.stdout);
	process.stdout.write = (chunk, ...rest) => {
		if (typeof chunk === 'string' && chunk.trimStart().startsWith('{')) {
			if (process.env.SPAAZA_BENCH_PROBE_KEEP_HEAP && chunk.length > 10_000) {
				// Parsing the printed run would double the heap at the end of a memory measurement:
				// the per-node record (retainedAfter) stands in for it.
				nodes = {};
				for (const [name, task] of Object.entries(retainedAfter))
					nodes[name] = { startTime: task.startTime, executionTime: task.ms, items: task.items };
				return write(`{"benchProbe":"run output dropped unread"}\n`, ...rest);
			}
			try {
				const run = JSON.parse(chunk);
				nodes = {};
				for (const [name, tasks] of Object.entries(run.data.resultData.runData)) {
					const task = tasks[0];
					const outputs = (task.data && task.data.main) || [];
					nodes[name] = {
						startTime: task.startTime,
						executionTime: task.executionTime,
						items: outputs.map((items) => (items ? items.length : 0)),
						error: task.error ? task.error.message : undefined,
					};
				}
				return write(`{"benchProbe":"run output taken off stdout"}\n`, ...rest);
			} catch {
				// Not the run: pass it through.
			}
		}
		return write(chunk, ...rest);
	};

	process.on('exit', () => {
		sample();
		fs.writeFileSync(
			`${target}.${process.pid}.json`,
			JSON.stringify({
				pid: process.pid,
				maxRssKb: process.resourceUsage().maxRSS,
				heapLimitBytes: require('node:v8').getHeapStatistics().heap_size_limit,
				nodes,
				retainedAfter,
				samples,
			}),
		);
	});
}
