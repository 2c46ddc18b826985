export * from './names';
export * from './types';
export * from './generate';
export * from './render';
