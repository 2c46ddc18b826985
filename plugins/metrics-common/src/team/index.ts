export * from './types';
export * from './thresholds';
