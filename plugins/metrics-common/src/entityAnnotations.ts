import type { Entity } from '@backstage/catalog-model';
import { METRICS_ANNOTATIONS } from './annotations';
import type { DefinitionProblem } from './types';

/**
 * The metrics annotations of one entity, read and checked.
 *
 * @public
 */
export interface EntityMetricsAnnotations {
  prometheusService?: string;
  prometheusInstance?: string;
  /** Explicit caller id, or the prometheus-service value when not set. */
  callerId?: string;
  amplitudeProject?: string;
  /** Annotations that are present but unusable, with the path of the bad field. */
  problems: DefinitionProblem[];
}

// Label values may hold anything, but a value with whitespace at either end or control
// characters is almost always a YAML slip; names of instances/projects are config keys.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function readAnnotation(
  entity: Entity,
  key: string,
  kind: 'label' | 'name',
  problems: DefinitionProblem[],
): string | undefined {
  const raw = entity.metadata.annotations?.[key];
  if (raw === undefined) return undefined;
  const path = `metadata.annotations.${key}`;
  if (typeof raw !== 'string' || raw.trim() === '') {
    problems.push({ path, message: 'must be a non-empty string' });
    return undefined;
  }
  if (raw !== raw.trim() || CONTROL_CHARS.test(raw)) {
    problems.push({
      path,
      message: `"${raw}" has leading/trailing whitespace or control characters`,
    });
    return undefined;
  }
  if (kind === 'name' && !NAME_PATTERN.test(raw)) {
    problems.push({
      path,
      message: `"${raw}" is not a valid name (letters, digits, ".", "_" and "-")`,
    });
    return undefined;
  }
  return raw;
}

/**
 * Reads the metrics annotations of an entity; never throws.
 *
 * @public
 */
export function readEntityMetricsAnnotations(
  entity: Entity,
): EntityMetricsAnnotations {
  const problems: DefinitionProblem[] = [];
  const prometheusService = readAnnotation(
    entity,
    METRICS_ANNOTATIONS.prometheusService,
    'label',
    problems,
  );
  const prometheusInstance = readAnnotation(
    entity,
    METRICS_ANNOTATIONS.prometheusInstance,
    'name',
    problems,
  );
  const explicitCallerId = readAnnotation(
    entity,
    METRICS_ANNOTATIONS.callerId,
    'label',
    problems,
  );
  const amplitudeProject = readAnnotation(
    entity,
    METRICS_ANNOTATIONS.amplitudeProject,
    'name',
    problems,
  );
  if (prometheusInstance && !prometheusService) {
    problems.push({
      path: `metadata.annotations.${METRICS_ANNOTATIONS.prometheusInstance}`,
      message: `has no effect without ${METRICS_ANNOTATIONS.prometheusService}`,
    });
  }
  return {
    prometheusService,
    prometheusInstance,
    callerId: explicitCallerId ?? prometheusService,
    amplitudeProject,
    problems,
  };
}

/**
 * True when the entity declares metrics of its own: a prometheus-service or amplitude-project
 * annotation, or a `metadata.metrics` block. A malformed value still counts, so the Metrics
 * tab is there to show its problem.
 *
 * @public
 */
export function declaresMetrics(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return (
    Boolean(annotations[METRICS_ANNOTATIONS.prometheusService]) ||
    Boolean(annotations[METRICS_ANNOTATIONS.amplitudeProject]) ||
    entity.metadata.metrics !== undefined
  );
}

/**
 * True when the entity declares any metrics (see `declaresMetrics`), so the Metrics tab has
 * something to show. Groups always qualify: their tab rolls up what they own.
 *
 * @public
 */
export function isMetricsAvailable(entity: Entity): boolean {
  if (entity.kind.toLocaleLowerCase('en-US') === 'group') return true;
  return declaresMetrics(entity);
}
