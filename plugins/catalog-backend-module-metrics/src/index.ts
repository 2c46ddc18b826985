/**
 * Catalog backend module of the metrics suite: validates the suite's annotations and
 * `metadata.metrics` blocks when entities are ingested.
 *
 * @packageDocumentation
 */
export { catalogModuleMetricsValidation as default } from './module';
export { MetricsValidationProcessor } from './MetricsValidationProcessor';
