export * from './fields';
export * from './required';
export * from './types';
export * from './validate';
export * from './values';
