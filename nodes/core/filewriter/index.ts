export * from './collect';
export * from './duplicates';
export * from './issues';
export * from './otherFields';
export * from './timestamp';
export * from './write';
