export * from './types';
export * from './thresholds';
export * from './dates';
