import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { Parser } from 'csv-parse';

import { createCsvCore, csvParseInternals } from '../../../../nodes/core/fileset/csvParseCore';

// csvParseCore.ts drives csv-parse through its private parts because the bench says it pays
// (about 1.45× the rows per second of the public options). This is the tripwire: a csv-parse
// upgrade fails here first, naming what csvParseCore.ts relies on, before any parsing test
// fails in a way that is hard to read.
function installedVersion(): string {
	// csv-parse's exports do not include its package.json: read it next to the entry point.
	let dir = dirname(require.resolve('csv-parse'));
	for (let up = 0; up < 5; up++, dir = dirname(dir)) {
		try {
			const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
				name?: string;
				version: string;
			};
			if (pkg.name === 'csv-parse') return pkg.version;
		} catch {
			// Not here: one folder up.
		}
	}
	return 'unknown';
}

describe("csv-parse's private parts that csvParseCore.ts relies on", () => {
	test('are there, in the version package.json pins exactly', () => {
		const pinned = (
			JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8')) as {
				dependencies: Record<string, string>;
			}
		).dependencies['csv-parse'];
		expect(installedVersion()).toBe(pinned);
		expect(csvParseInternals(new Parser({ record_delimiter: ['\n'] }))).toEqual([]);
	});

	test('a csv-parse without them is named, not silently misread', () => {
		const parser = new Parser({ record_delimiter: ['\n'] });
		delete (parser as unknown as { api?: unknown }).api;
		(parser as unknown as { state: { record?: unknown } }).state.record = undefined;
		expect(csvParseInternals(parser)).toEqual(['Parser#api.parse', 'Parser#state.record']);
	});

	test('the core gives the same fields, lines and pending record as csv-parse itself', () => {
		const core = createCsvCore({ relax_column_count: true });
		const records: Array<[string[], number]> = [];
		const push = (record: string[]) => void records.push([record, core.info.lines]);
		core.parse(Buffer.from('a,"b\nc"\nd,é'), false, push);
		expect(core.leadingFields()).toEqual(['d']);
		// 'd' and what csv-parse has taken of 'é' so far (it may hold the chunk's last bytes back).
		expect(core.pendingRecordSize()).toBeGreaterThanOrEqual(1);
		core.acceptCrlf();
		core.parse(Buffer.from('\r\nx,y\r\n'), false, push);
		core.parse(undefined, true, push);
		expect(records).toEqual([
			[['a', 'b\nc'], 2],
			[['d', 'é'], 3],
			[['x', 'y'], 4],
		]);
	});
});
