import { InputError } from '@backstage/errors';

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

/**
 * Placeholder for the range of custom PromQL (Sloth style), filled by {@link renderWindow}.
 *
 * @public
 */
export const WINDOW_PLACEHOLDER = '{{window}}';

// `{{window}}`, `{{ window }}`, and Sloth's `{{.window}}`.
const WINDOW_PLACEHOLDER_PATTERN = /\{\{\s*\.?window\s*\}\}/g;
const ANY_PLACEHOLDER_PATTERN = /\{\{([^{}]*)\}\}/g;

/**
 * True when `template` holds the `{{window}}` placeholder (spaces inside the braces and
 * Sloth's `{{.window}}` are accepted).
 *
 * @public
 */
export function hasWindowPlaceholder(template: string): boolean {
  return new RegExp(WINDOW_PLACEHOLDER_PATTERN.source).test(template);
}

const PROMQL_DURATION = /^(?:\d+(?:ms|[smhdwy]))+$/;

/**
 * True when `window` is a Prometheus duration such as `5m`, `28d` or `1h30m` and not zero.
 *
 * @public
 */
export function isPromqlDuration(window: unknown): window is string {
  return (
    typeof window === 'string' &&
    PROMQL_DURATION.test(window) &&
    /[1-9]/.test(window)
  );
}

/**
 * Replaces every `{{window}}` (also `{{ window }}` and `{{.window}}`) in a PromQL template by
 * `window`.
 *
 * @throws InputError when `window` is not a Prometheus duration (it is never user text).
 * @public
 */
export function renderWindow(template: string, window: string): string {
  if (!isPromqlDuration(window)) {
    throw new InputError(
      `"${String(window)}" is not a Prometheus duration such as 5m or 28d`,
    );
  }
  return template.replace(WINDOW_PLACEHOLDER_PATTERN, window);
}

/** Longest custom PromQL accepted from a definition. */
const MAX_TEMPLATE_LENGTH = 10_000;

const CLOSING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

// Finds unbalanced brackets outside string literals and comments; a cheap check that catches
// most YAML slips (a cut line, a missing brace) before Prometheus answers `bad_data`.
function bracketProblem(query: string): string | undefined {
  const stack: string[] = [];
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < query.length && query[j] !== c) {
        if (c !== '`' && query[j] === '\\') j++;
        j++;
      }
      if (j >= query.length) return `has an unterminated string (${c})`;
      i = j;
    } else if (c === '#') {
      while (i < query.length && query[i] !== '\n') i++;
    } else if (c in CLOSING) {
      stack.push(CLOSING[c]);
    } else if (c === ')' || c === ']' || c === '}') {
      const expected = stack.pop();
      if (expected !== c) {
        return expected
          ? `has "${c}" where "${expected}" was expected`
          : `has an unmatched "${c}"`;
      }
    }
  }
  if (stack.length > 0)
    return `is missing a closing "${stack[stack.length - 1]}"`;
  return undefined;
}

/**
 * Checks custom PromQL from a definition: not empty, holds `{{window}}`, no other placeholder,
 * balanced brackets. Returns a message for the author, or undefined when it looks right.
 * Prometheus remains the judge of the rest of the syntax.
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
  const problem = bracketProblem(renderWindow(template, '5m'));
  return problem;
}
