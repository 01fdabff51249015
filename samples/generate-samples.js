// Remakes the shipped sample file set (samples/*.csv) byte for byte: `npm run samples`.
// The CSV files are committed; the generator is sandbox/fileSets/sampleSet.ts (compiled to build/
// by `npm run build:tools`, which `npm run samples` runs first).
'use strict';
const { writeSampleSet } = require('../build/sandbox/fileSets');

const { products, variantRows } = writeSampleSet(__dirname);
process.stdout.write(`${products} products, ${variantRows} variant rows\n`);
