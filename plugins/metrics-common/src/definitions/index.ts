export * from './promql';
export * from './schema';
export * from './resolve';
export * from './validate';
