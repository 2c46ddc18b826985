/**
 * Shared types, catalog annotations and SLO math for the Backstage metrics suite.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './entityAnnotations';
export * from './types';
export * from './math';
export * from './definitions';
export * from './conventions';
export * from './api';
export * from './client';
export * from './team';
export * from './permissions';
export * from './clipInput';
export * from './rules';
export * from './openslo';
export * from './links';
