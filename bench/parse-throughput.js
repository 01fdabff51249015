'use strict';
// Parse throughput (README "Performance"): the Parse core (parseFileSet) against bare csv-parse at its
// fastest on the same API path Parse uses (nodes/core/fileset/csv/csvReader.ts): the `Parser` core's
// `api.parse(buffer, end, push, close)` fed the file's chunks, arrays of fields, no column mapping,
// no stream or async iteration. Same process, alternating order, gc between runs.
// Child of bench/run.js: node --expose-gc bench/parse-throughput.js '{"file":…,"rows":…,"runs":5}' out.json
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { Parser } = require('csv-parse');
const { childMain, compiled, median, log } = require('./lib/common');

const { parseFileSet } = compiled('nodes/core/fileset');

/** A damaged file (generate.js `ensureDamagedFile`) has a quote problem in its first data row. */
let damaged = false;

async function parseCore(file) {
	const result = await parseFileSet(
		[{ name: path.basename(file), stream: async () => fs.createReadStream(file) }],
		{
			requireCompleteSets: false,
		},
	);
	const set = result.sets[0];
	const records = set.products.length + set.variants.length;
	const errors = result.issues.filter((issue) => issue.severity === 'error');
	if (errors.length > (damaged ? 3 : 0))
		throw new Error(`the generated file has errors: ${JSON.stringify(errors.slice(0, 3))}`);
	return records;
}

/** Every data row as an array of strings, counted; the header row is not a record. */
async function parseReference(file) {
	let records = -1;
	const parser = new Parser({
		record_delimiter: ['\n'],
		// The damaged file's bad row is skipped, as Parse skips it.
		...(damaged ? { skip_records_with_error: true } : {}),
	});
	const push = () => void records++;
	const close = () => undefined;
	for await (const chunk of fs.createReadStream(file)) {
		const error = parser.api.parse(chunk, false, push, close);
		if (error) throw error;
	}
	const error = parser.api.parse(undefined, true, push, close);
	if (error) throw error;
	return records;
}

async function timed(fn, file) {
	global.gc();
	const start = performance.now();
	const records = await fn(file);
	return { seconds: (performance.now() - start) / 1000, records };
}

childMain(async ({ file, rows, runs, warmup, damage }) => {
	damaged = damage === true;
	const core = [];
	const reference = [];
	let outputRecords = 0;
	if (warmup) {
		await timed(parseCore, file);
		await timed(parseReference, file);
	}
	for (let run = 0; run < runs; run++) {
		// Alternate which goes first, so neither always runs on a freshly collected heap.
		const order = run % 2 === 0 ? ['core', 'reference'] : ['reference', 'core'];
		for (const which of order) {
			const { seconds, records } = await timed(which === 'core' ? parseCore : parseReference, file);
			if (which === 'core') {
				core.push(rows / seconds);
				outputRecords = records;
			} else reference.push(rows / seconds);
			log(
				`    run ${run + 1}/${runs} ${which.padEnd(9)} ${(rows / seconds).toFixed(0).padStart(8)} rows/s`,
			);
		}
	}
	return {
		rows,
		outputRecords,
		runs,
		coreRowsPerSecond: median(core),
		referenceRowsPerSecond: median(reference),
		ratio: median(core.map((value, i) => value / reference[i])),
		samples: { core, reference },
	};
});
