import type { Entity } from '@backstage/catalog-model';
import {
  DEPRECATED_METRICS_ANNOTATIONS,
  METRICS_ANNOTATIONS,
} from '../annotations';
import type { DefinitionProblem } from '../types';
import { resolveEntityMetrics } from './resolve';

// The prefixes of the suite's annotation keys: today's, and the deprecated ones, so an entity
// that still uses old keys is checked (and told) rather than skipped.
const ANNOTATION_PREFIXES = [
  ...new Set(
    [
      ...Object.values(METRICS_ANNOTATIONS),
      ...Object.keys(DEPRECATED_METRICS_ANNOTATIONS),
    ].map(key => key.slice(0, key.lastIndexOf('/') + 1)),
  ),
];

/**
 * True when the entity carries anything the suite reads: a `metadata.metrics` block (even a
 * malformed one) or an annotation under the suite's key prefix. Cheap: key look-ups only.
 *
 * @public
 */
export function carriesMetricsFields(entity: Entity): boolean {
  if ((entity.metadata as Record<string, unknown>).metrics !== undefined) {
    return true;
  }
  const annotations = entity.metadata.annotations;
  if (!annotations) return false;
  return Object.keys(annotations).some(key =>
    ANNOTATION_PREFIXES.some(prefix => key.startsWith(prefix)),
  );
}

/**
 * The problems the views would report for the entity's metrics annotations and
 * `metadata.metrics` block, each with the path of the field at fault; empty when they are valid
 * or the entity carries none (see {@link carriesMetricsFields}).
 *
 * Runs {@link resolveEntityMetrics} with neutral options: no default SLOs (they come from the
 * backend's configuration, not from the entity) and the default Prometheus names (names only
 * change the generated PromQL, not what is valid). Never throws.
 *
 * @public
 */
export function validateEntityMetrics(entity: Entity): DefinitionProblem[] {
  if (!carriesMetricsFields(entity)) return [];
  return resolveEntityMetrics(entity).problems;
}
