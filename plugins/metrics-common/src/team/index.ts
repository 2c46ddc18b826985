export * from './types';
export * from './thresholds';
export * from './dates';
export * from './maturity';
export * from './stageTrend';
export * from './requestSchemas';
export * from './csv';
export * from './maturityCsv';
