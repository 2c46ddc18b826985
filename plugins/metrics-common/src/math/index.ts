export * from './windows';
export * from './counters';
export * from './slo';
export * from './callers';
export * from './integrations';
export * from './policy';
export * from './kpiTarget';
