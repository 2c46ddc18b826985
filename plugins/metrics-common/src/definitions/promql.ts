import { InputError } from '@backstage/errors';
import { parsePromqlTemplate } from './promqlTree';
import {
  ANY_PLACEHOLDER_PATTERN,
  WINDOW_PLACEHOLDER,
  hasWindowPlaceholder,
} from './windowPlaceholder';

export {
  WINDOW_PLACEHOLDER,
  hasWindowPlaceholder,
  isPromqlDuration,
  renderWindow,
} from './windowPlaceholder';

/*
 * PromQL text building. Every value that comes from the catalog (service names, integration
 * labels) reaches a query only through `escapeLabelValue` / `escapeRegex` here; metric and label
 * *names* come from configuration and are checked against Prometheus' name syntax; request
 * parameters never become PromQL (docs/catalog-conventions.md#escaping).
 */

/**
 * Renames of a convention's metric names, configurable per Prometheus instance
 * (docs/conventions.md#renaming).
 *
 * @public
 */
export interface MetricNames {
  /** The request counter (or the histogram whose `_count` counts requests). */
  requests: string;
  /** The latency histogram, without `_bucket`/`_count`. */
  requestDuration: string;
  /** The integration call counter. */
  integrationRequests: string;
}

/**
 * Renames of a convention's label names, configurable per Prometheus instance.
 *
 * @public
 */
export interface LabelNames {
  /** Matched against the `metrics-suite/prometheus-service` annotation. */
  service: string;
  /** Who called; matched against `metrics-suite/caller-id`. */
  caller: string;
  /** The status code (or failure class) label. */
  code: string;
  /** Third party called. */
  integration: string;
  /** `success` or `failure`. */
  outcome: string;
  /** Failure class. */
  errorClass: string;
  /** Histogram bucket bound. */
  le: string;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * True when `name` is a valid Prometheus label name (`[a-zA-Z_][a-zA-Z0-9_]*`).
 *
 * @public
 */
export function isValidLabelName(name: unknown): name is string {
  return typeof name === 'string' && LABEL_NAME.test(name);
}

/**
 * True when `name` is a valid Prometheus metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`).
 *
 * @public
 */
export function isValidMetricName(name: unknown): name is string {
  return typeof name === 'string' && METRIC_NAME.test(name);
}

/**
 * Escapes a value for a double-quoted PromQL string literal: backslash, double quote and
 * line breaks. Whatever the value holds, the result stays inside the literal.
 *
 * @public
 */
export function escapeLabelValue(value: string): string {
  return String(value)
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

/**
 * Escapes RE2 metacharacters so that `value` matches only itself inside a regex matcher
 * (`a.b` must not match `axb`). Same set as Go's `regexp.QuoteMeta`.
 *
 * @public
 */
export function escapeRegex(value: string): string {
  return String(value).replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

function checkLabelName(label: string): void {
  if (!isValidLabelName(label)) {
    throw new InputError(
      `"${String(label)}" is not a valid Prometheus label name`,
    );
  }
}

/**
 * An equality matcher `label="value"` with the value escaped.
 *
 * @throws InputError when `label` is not a valid label name.
 * @public
 */
export function matcher(label: string, value: string): string {
  checkLabelName(label);
  return `${label}="${escapeLabelValue(value)}"`;
}

/**
 * A regex matcher `label=~"a|b|c"` that matches exactly the given values: each value is
 * regex-escaped, then string-escaped; values are de-duplicated and sorted so that the same set
 * always gives the same query (caching, coalescing).
 *
 * @throws InputError when `label` is not a valid label name, or when `values` is empty or
 *   holds an empty string (either would match series without the label).
 * @public
 */
export function regexMatcher(label: string, values: Iterable<string>): string {
  checkLabelName(label);
  const unique = [...new Set(values)].sort();
  if (unique.length === 0) {
    throw new InputError(`A matcher on "${label}" needs at least one value`);
  }
  if (unique.some(v => typeof v !== 'string' || v === '')) {
    throw new InputError(`A matcher on "${label}" cannot match an empty value`);
  }
  return `${label}=~"${escapeLabelValue(unique.map(escapeRegex).join('|'))}"`;
}

/** Longest custom PromQL accepted from a definition. */
const MAX_TEMPLATE_LENGTH = 10_000;

/**
 * Checks custom PromQL from a definition: not empty, not too long, holds `{{window}}`, no other
 * placeholder, and parses (see {@link parsePromqlTemplate}). Returns a message for the author,
 * or undefined when it looks right. Prometheus remains the judge of what the parser lets
 * through (function arguments, types).
 *
 * @public
 */
export function checkPromqlTemplate(template: string): string | undefined {
  if (template.trim() === '') return 'must not be empty';
  if (template.length > MAX_TEMPLATE_LENGTH) {
    return `is too long (${template.length} characters, at most ${MAX_TEMPLATE_LENGTH})`;
  }
  for (const match of template.matchAll(ANY_PLACEHOLDER_PATTERN)) {
    if (!/^\s*\.?window\s*$/.test(match[1])) {
      return `has an unknown placeholder "${match[0]}"; only ${WINDOW_PLACEHOLDER} is supported`;
    }
  }
  if (!hasWindowPlaceholder(template)) {
    return `must contain ${WINDOW_PLACEHOLDER} where the range goes, e.g. sum(increase(my_metric_total[${WINDOW_PLACEHOLDER}])); for a gauge use avg_over_time(my_gauge[${WINDOW_PLACEHOLDER}])`;
  }
  return parsePromqlTemplate(template).syntaxErrors[0]?.message;
}
