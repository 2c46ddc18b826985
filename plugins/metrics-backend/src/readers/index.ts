// The reading layer: how each source's definitions are read over a period. Views, the
// collector, metric values and nudges read through it; no other module switches on a
// definition's source.
export * from './DefinitionSources';
export * from './conventional';
export * from './failures';
export * from './period';
export * from './readings';
export {
  classifiesFailures,
  countsDistinctUsers,
  isConventional,
  missingSource,
  readCounts,
  readIntegration,
  readKpi,
  sourceIdOf,
} from './readDefinition';
export { samplesOf, sumOfResult } from './prometheus';
export type { DayRange } from './wholeDays';
export { dayRange } from './wholeDays';
export type { CustomSources } from './custom';
export { countWithCustomSource, customSourcesById } from './custom';
export * from './sloBatches';
export {
  WINDOW_LABEL,
  sumByLabel,
  multiWindowQuery,
  taggedQuery,
  valuesByLabelAndWindow,
  valuesByWindow,
} from './windowedQuery';
export type { SourceReader } from './SourceReader';
