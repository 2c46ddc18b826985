export * from './types';
export * from './name';
export * from './export';
