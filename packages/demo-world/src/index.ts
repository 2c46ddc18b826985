/**
 * The demo and test world of the metrics suite: a deterministic traffic
 * model of the example services, its Prometheus history and live exporter,
 * ground truth, and analytics events.
 *
 * @packageDocumentation
 */
export * from './world';
export {
  createModel,
  currentT0,
  modelFingerprint,
  seasonality,
  latencyCdf,
  CumulativeTracker,
  TrafficModel,
  BUCKET_LAYOUTS,
  DEFAULT_SEED,
  FAMILIES,
  HISTORY_SECONDS,
  MODEL_VERSION,
  OTEL_LAYOUT,
} from './model';
export type {
  BucketLayout,
  Family,
  ModelOptions,
  SeriesInfo,
  SeriesKind,
} from './model';
export {
  BLOCK_SECONDS,
  COUNTER_SCHEDULE,
  HISTOGRAM_SCHEDULE,
  computeHistory,
  openMetricsString,
  renderOpenMetrics,
  sampleTimes,
  seriesSelector,
  writeOpenMetricsFiles,
} from './history';
export type { HistorySamples, OpenMetricsFile, Schedule } from './history';
export {
  computeGroundTruth,
  conventionReading,
  defaultTolerance,
  histogramQuantile,
} from './truth';
export type {
  BadSelection,
  CallerTruth,
  ConventionReading,
  ConventionTruth,
  Selector,
  GroundTruth,
  IntegrationTruth,
  ServiceTruth,
  SloTruth,
  Tolerance,
  WindowTruth,
} from './truth';
export { createLiveRegistry, startExporter, LiveValues } from './exporter';
export type { ExporterHandle, LiveRegistry } from './exporter';
export {
  ANALYTICS_STREAMS,
  ANALYTICS_TABLE,
  ANALYTICS_VERSION,
  analyticsSource,
  computeAnalyticsTruth,
  ensureAnalyticsTable,
  generateAnalyticsEvents,
  seedAnalyticsEvents,
} from './analytics';
export type {
  AnalyticsEvent,
  AnalyticsEventType,
  AnalyticsOptions,
  AnalyticsTruth,
  AnalyticsWindowTruth,
  SeedResult,
} from './analytics';
export {
  exampleRuleFile,
  exampleSloEntries,
  metricsTabUrl,
  readExampleCatalog,
} from './rules';
export type { ExampleCatalog, ExampleSloProblem } from './rules';
export { loadConfig, statePaths } from './stack/config';
export type { StackConfig } from './stack/config';
export {
  up,
  down,
  status,
  generateWorld,
  worldRules,
  INSTALL_HINT,
} from './stack/stack';
export type {
  BackfillStats,
  StatusResult,
  UpResult,
  WorldRules,
  WorldState,
} from './stack/stack';
export { promQuery, freePort } from './stack/proc';
