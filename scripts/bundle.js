'use strict';
// Part of `npm run build`, after tsc: the package has no runtime dependencies (n8n's verified
// community nodes may have none), so the libraries the shipped code uses are bundled into dist.
// Each file of nodes/core/bundled/ re-exports what the code takes from one library; tsc compiled
// it to a file that requires the library, and esbuild replaces that file with one holding the
// library's code. Only entries free of Node streams, timers and `process` are used (csv-stringify's
// synchronous entry, zod); `npm run lint` and the packed-tarball check read the result.
const fs = require('node:fs');
const path = require('node:path');
const { buildSync } = require('esbuild');

const ROOT = path.resolve(__dirname, '..');
const SOURCE = path.join(ROOT, 'nodes/core/bundled');
const OUT = path.join(ROOT, 'dist/nodes/core/bundled');

for (const name of fs.readdirSync(SOURCE).filter((file) => file.endsWith('.ts'))) {
	const outfile = path.join(OUT, name.replace(/\.ts$/, '.js'));
	if (!fs.existsSync(outfile)) throw new Error(`${outfile} is missing: run tsc first`);
	buildSync({
		entryPoints: [path.join(SOURCE, name)],
		outfile,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		// Names kept so a stack trace from inside a library stays readable.
		minify: false,
		legalComments: 'inline',
		logLevel: 'warning',
	});
	// The source map tsc wrote belongs to the file that was replaced.
	fs.rmSync(`${outfile}.map`, { force: true });
}
