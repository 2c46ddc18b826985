import { InputError } from '@backstage/errors';
import {
  LabelNames,
  MetricNames,
  isValidLabelName,
  isValidMetricName,
} from '../definitions/promql';
import { DEFAULT_CONVENTION, TELEMETRY_CONVENTIONS } from './builtin';
import type {
  ConventionErrorRule,
  ConventionRequests,
  TelemetryConvention,
} from './types';

/**
 * Per-instance renames applied on top of a convention: each key renames the convention's own
 * name for that part wherever it appears (docs/conventions.md#renaming).
 *
 * @public
 */
export interface ConventionNameOverrides {
  metricNames?: Partial<MetricNames>;
  labelNames?: Partial<LabelNames>;
}

/**
 * Names of the shipped conventions.
 *
 * @public
 */
export function conventionNames(): string[] {
  return Object.keys(TELEMETRY_CONVENTIONS);
}

/**
 * Reads a list of convention names as an annotation or config value writes it: separated by
 * `,` or `+`, e.g. `opentelemetry, service-graph`. Returns a message for people when a name
 * is unknown, repeated or the list is empty.
 *
 * @public
 */
export function parseConventionList(
  value: string | ReadonlyArray<string>,
): { names: string[] } | { problem: string } {
  const names = (typeof value === 'string' ? value.split(/[,+]/) : value)
    .map(name => String(name).trim())
    .filter(name => name !== '');
  if (names.length === 0) {
    return {
      problem: `names no convention; use one or more of ${conventionNames().join(
        ', ',
      )}`,
    };
  }
  const unknown = names.filter(name => !(name in TELEMETRY_CONVENTIONS));
  if (unknown.length > 0) {
    return {
      problem: `names unknown convention${
        unknown.length > 1 ? 's' : ''
      } ${unknown
        .map(n => `"${n}"`)
        .join(', ')}; known: ${conventionNames().join(', ')}`,
    };
  }
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) return { problem: `names "${repeated}" twice` };
  return { names };
}

/**
 * Combines conventions: the first one's request family, and callers and the integration
 * counter from the first one that has them (`opentelemetry, service-graph`: OpenTelemetry's
 * requests and latency, the service graph's callers).
 */
function combine(names: string[]): TelemetryConvention {
  const parts = names.map(name => TELEMETRY_CONVENTIONS[name]);
  const callers = parts.find(p => p.callers)?.callers;
  const integrations = parts.find(p => p.integrations)?.integrations;
  return {
    id: names.join('+'),
    server: parts[0].server,
    ...(callers ? { callers } : {}),
    ...(integrations ? { integrations } : {}),
  };
}

function errorLabel(rule: ConventionErrorRule): string | undefined {
  return rule.type === 'counter' ? undefined : rule.label;
}

/** Old → new name for each override that names a part the convention has. */
function renames(
  convention: TelemetryConvention,
  overrides: ConventionNameOverrides,
): { metrics: Map<string, string>; labels: Map<string, string> } {
  const { server, callers, integrations } = convention;
  const metricParts: Record<keyof MetricNames, string | undefined> = {
    requests: server.count.metric,
    requestDuration: server.latency?.histogram,
    integrationRequests: integrations?.metric,
  };
  const labelParts: Record<keyof LabelNames, string | undefined> = {
    service: server.service,
    caller: callers?.caller,
    code: errorLabel(server.errors),
    integration: integrations?.integration,
    outcome: integrations?.outcome,
    errorClass: integrations?.errorClass,
    le: server.latency?.le,
  };
  const metrics = new Map<string, string>();
  for (const [key, value] of Object.entries(overrides.metricNames ?? {})) {
    if (value === undefined) continue;
    if (!isValidMetricName(value)) {
      throw new InputError(
        `metricNames.${key} "${String(
          value,
        )}" is not a valid Prometheus metric name`,
      );
    }
    if (!(key in metricParts)) {
      throw new InputError(
        `metricNames.${key} is not a name that can be renamed (${Object.keys(
          metricParts,
        ).join(', ')})`,
      );
    }
    const from = metricParts[key as keyof MetricNames];
    if (from !== undefined) metrics.set(from, value);
  }
  const labels = new Map<string, string>();
  for (const [key, value] of Object.entries(overrides.labelNames ?? {})) {
    if (value === undefined) continue;
    if (!isValidLabelName(value)) {
      throw new InputError(
        `labelNames.${key} "${String(
          value,
        )}" is not a valid Prometheus label name`,
      );
    }
    if (!(key in labelParts)) {
      throw new InputError(
        `labelNames.${key} is not a label that can be renamed (${Object.keys(
          labelParts,
        ).join(', ')})`,
      );
    }
    const from = labelParts[key as keyof LabelNames];
    if (from !== undefined) labels.set(from, value);
  }
  return { metrics, labels };
}

function renamed(
  convention: TelemetryConvention,
  { metrics, labels }: ReturnType<typeof renames>,
): TelemetryConvention {
  const metric = (name: string) => metrics.get(name) ?? name;
  const label = (name: string) => labels.get(name) ?? name;
  const family = <F extends ConventionRequests>(f: F): F => ({
    ...f,
    count: { ...f.count, metric: metric(f.count.metric) },
    filter: Object.fromEntries(
      Object.entries(f.filter).map(([k, v]) => [label(k), v]),
    ),
    service: label(f.service),
    errors:
      f.errors.type === 'counter'
        ? { ...f.errors, metric: metric(f.errors.metric) }
        : { ...f.errors, label: label(f.errors.label) },
    ...(f.latency
      ? {
          latency: {
            ...f.latency,
            histogram: metric(f.latency.histogram),
            le: label(f.latency.le),
          },
        }
      : {}),
    ...('caller' in f
      ? { caller: label((f as { caller: string }).caller) }
      : {}),
  });
  const { integrations } = convention;
  return {
    id: convention.id,
    server: family(convention.server),
    ...(convention.callers ? { callers: family(convention.callers) } : {}),
    ...(integrations
      ? {
          integrations: {
            ...integrations,
            metric: metric(integrations.metric),
            service: label(integrations.service),
            integration: label(integrations.integration),
            outcome: label(integrations.outcome),
            errorClass: label(integrations.errorClass),
          },
        }
      : {}),
  };
}

/**
 * The convention an instance (or an entity's annotation) names, with the instance's renames
 * applied. Call it when the configuration is read, so a bad name fails at startup.
 *
 * @throws InputError when a convention is unknown or a renamed name is not valid Prometheus
 *   syntax.
 * @public
 */
export function resolveConvention(
  names: ReadonlyArray<string> = [DEFAULT_CONVENTION],
  overrides: ConventionNameOverrides = {},
): TelemetryConvention {
  const parsed = parseConventionList(names);
  if ('problem' in parsed) {
    throw new InputError(`The convention list ${parsed.problem}`);
  }
  const combined = combine(parsed.names);
  return renamed(combined, renames(combined, overrides));
}

/**
 * The suite's own convention, without renames.
 *
 * @public
 */
export const DEFAULT_TELEMETRY_CONVENTION: TelemetryConvention =
  resolveConvention();
