export * from './types';
export * from './builtin';
export * from './resolve';
export * from './queries';
export * from './series';
