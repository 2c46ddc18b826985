export * from './promql';
export * from './promqlTree';
export * from './queryScope';
export * from './catalogPromql';
export * from './schema';
export * from './resolve';
export * from './validate';
