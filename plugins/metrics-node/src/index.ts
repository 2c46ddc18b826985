/**
 * Extension points and types for backend modules of the metrics suite.
 *
 * @packageDocumentation
 */
export * from './extensions';
export * from './types';
export * from './permissions';
