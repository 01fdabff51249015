// n8n loads node and credential icons and codex files from dist/, next to the compiled classes;
// tsc copies neither, so this step does.
const { src, dest } = require('gulp');

function buildStatic() {
	return src(['nodes/**/*.{svg,png,json}', 'credentials/**/*.{svg,png}', 'icons/*.svg'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:static'] = buildStatic;
