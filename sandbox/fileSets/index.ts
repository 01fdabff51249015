/**
 * The one seeded file-set generator: the shipped samples (sampleSet.ts), the benchmarks' large
 * lists (largeLists.ts) and the reliability tests' sets with the model of what Spaaza must hold
 * after importing them (modelSet.ts). Same seed, same bytes.
 */
export * from './csv';
export * from './largeLists';
export * from './modelSet';
export * from './sampleSet';
