import { InputError } from '@backstage/errors';

// The `{{window}}` placeholder of catalog PromQL: its spellings and how it is filled. Shared by
// promql.ts and promqlTree.ts (which would otherwise import each other).

/**
 * Placeholder for the range of custom PromQL (Sloth style), filled by {@link renderWindow}.
 *
 * @public
 */
export const WINDOW_PLACEHOLDER = '{{window}}';

/** `{{window}}`, `{{ window }}`, and Sloth's `{{.window}}`; not re-exported by promql.ts. */
export const WINDOW_PLACEHOLDER_PATTERN = /\{\{\s*\.?window\s*\}\}/g;

/** Any `{{…}}`, to name unknown placeholders; not re-exported by promql.ts. */
export const ANY_PLACEHOLDER_PATTERN = /\{\{([^{}]*)\}\}/g;

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
