import type { Entity } from '@backstage/catalog-model';
import {
  DEPRECATED_METRICS_ANNOTATIONS,
  METRICS_ANNOTATIONS,
  MetricsAnnotationKey,
} from './annotations';
import { parseConventionList } from './conventions/resolve';
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
  /** The conventions the annotation names, in order; absent when not set or invalid. */
  convention?: string[];
  /**
   * The annotation each set value was read from: its `METRICS_ANNOTATIONS` key, or the
   * deprecated key it replaces when only that one is set. Problems about a value go there.
   */
  keys: Partial<Record<MetricsAnnotationKey, string>>;
  /**
   * Annotations that are present but unusable or deprecated, with the path of the field.
   */
  problems: DefinitionProblem[];
}

// Label values may hold anything, but a value with whitespace at either end or control
// characters is almost always a YAML slip; names of instances/projects are config keys.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const OLD_KEY_OF = Object.fromEntries(
  Object.entries(DEPRECATED_METRICS_ANNOTATIONS).map(([old, key]) => [
    key,
    old,
  ]),
) as Partial<Record<string, string>>;

/** The key a value is read from: the current one when set, else its deprecated one. */
function sourceKey(
  annotations: Record<string, string>,
  key: MetricsAnnotationKey,
): string | undefined {
  const current = METRICS_ANNOTATIONS[key];
  if (annotations[current] !== undefined) return current;
  const old = OLD_KEY_OF[current];
  return old !== undefined && annotations[old] !== undefined ? old : undefined;
}

/**
 * One problem for each deprecated metrics annotation the entity sets
 * (`DEPRECATED_METRICS_ANNOTATIONS`): still read when its replacement is not set, ignored
 * when it is. Part of `readEntityMetricsAnnotations` and so of `resolveEntityMetrics`.
 *
 * @public
 */
export function deprecatedMetricsAnnotationProblems(
  entity: Entity,
): DefinitionProblem[] {
  const annotations = entity.metadata.annotations ?? {};
  return Object.entries(DEPRECATED_METRICS_ANNOTATIONS).flatMap(
    ([old, current]) => {
      if (annotations[old] === undefined) return [];
      const path = `metadata.annotations.${old}`;
      return annotations[current] === undefined
        ? [
            {
              path,
              message: `deprecated: write ${current} instead (${old} is still read for now and will be removed in a later release)`,
            },
          ]
        : [
            {
              path,
              message: `deprecated and ignored: ${current} is also set and is the one read; remove ${old}`,
            },
          ];
    },
  );
}

function readAnnotation(
  entity: Entity,
  name: MetricsAnnotationKey,
  kind: 'label' | 'name',
  keys: EntityMetricsAnnotations['keys'],
  problems: DefinitionProblem[],
): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const key = sourceKey(annotations, name);
  if (key === undefined) return undefined;
  keys[name] = key;
  const raw: unknown = annotations[key];
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
  const problems = deprecatedMetricsAnnotationProblems(entity);
  const keys: EntityMetricsAnnotations['keys'] = {};
  const read = (name: MetricsAnnotationKey, kind: 'label' | 'name') =>
    readAnnotation(entity, name, kind, keys, problems);
  const prometheusService = read('prometheusService', 'label');
  const prometheusInstance = read('prometheusInstance', 'name');
  const explicitCallerId = read('callerId', 'label');
  const amplitudeProject = read('amplitudeProject', 'name');
  const convention = readConvention(
    read('convention', 'label'),
    `metadata.annotations.${METRICS_ANNOTATIONS.convention}`,
    problems,
  );
  if (prometheusInstance && !prometheusService) {
    problems.push({
      path: `metadata.annotations.${keys.prometheusInstance}`,
      message: `has no effect without ${METRICS_ANNOTATIONS.prometheusService}`,
    });
  }
  return {
    prometheusService,
    prometheusInstance,
    callerId: explicitCallerId ?? prometheusService,
    amplitudeProject,
    ...(convention ? { convention } : {}),
    keys,
    problems,
  };
}

function readConvention(
  raw: string | undefined,
  path: string,
  problems: DefinitionProblem[],
): string[] | undefined {
  if (raw === undefined) return undefined;
  const parsed = parseConventionList(raw);
  if ('problem' in parsed) {
    problems.push({
      path,
      message: `${parsed.problem}; the instance's convention is used`,
    });
    return undefined;
  }
  return parsed.names;
}

/**
 * True when the entity declares metrics of its own: a prometheus-service or amplitude-project
 * annotation (current or deprecated key), or a `metadata.metrics` block. A malformed value
 * still counts, so the Metrics tab is there to show its problem.
 *
 * @public
 */
export function declaresMetrics(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  const set = (name: MetricsAnnotationKey) => {
    const current = METRICS_ANNOTATIONS[name];
    const old = OLD_KEY_OF[current];
    return (
      Boolean(annotations[current]) ||
      (old !== undefined && Boolean(annotations[old]))
    );
  };
  return (
    set('prometheusService') ||
    set('amplitudeProject') ||
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
