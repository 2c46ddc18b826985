import { BURN_RATE_WINDOWS, parseDuration } from '../math/windows';
import { escapeLabelValue, renderWindow } from '../definitions/promql';
import type { SloDefinition } from '../definitions/resolve';

// The names and labels of the suite's SLO rules: what the rule generator writes and what the
// views read back. One place, so the two cannot drift (docs/slo-rules.md#names-and-labels).

/**
 * Labels that identify an SLO's rules: on every recording and alert of the suite.
 *
 * @public
 */
export const SLO_RULE_LABELS = {
  /** The SLO's name within its entity. */
  slo: 'slo',
  /** The declaring entity's ref, e.g. `component:default/checkout-service`. */
  entity: 'entity',
  /** The SLO's owner ref, when it has one (informative; not matched on when reading). */
  owner: 'owner',
  /** {@link sloRevision} of the SLO's queries: recordings of other queries are not read. */
  revision: 'slo_revision',
  /** `page` or `ticket`, on alerts only. */
  severity: 'severity',
} as const;

/**
 * Name of the suite's burn-rate alert (one per severity, the same name, as Sloth and Pyrra do).
 *
 * @public
 */
export const SLO_ALERT_NAME = 'ErrorBudgetBurn';

/** Recording of the objective as a ratio (`0.999`), Sloth's name. @public */
export const SLO_OBJECTIVE_RECORD = 'slo:objective:ratio';

/** Recording of the error budget as a ratio (`0.001`), Sloth's name. @public */
export const SLO_ERROR_BUDGET_RECORD = 'slo:error_budget:ratio';

/**
 * The recorded window an SLO window longer than the burn windows is summed from: hourly
 * increases, so reading the SLO window costs `window / 1h` points of one series, and its
 * history can be backfilled from the raw series (docs/slo-rules.md#backfill).
 *
 * @public
 */
export const SLO_BASE_WINDOW = '1h';

const BASE_SECONDS = 3_600;
const WEEK_SECONDS = 604_800;
const DAY_SECONDS = 86_400;

/**
 * A window as it appears in rule names: weeks when whole weeks (`28d` → `4w`, as Prometheus
 * prints durations and Sloth names its 28-day rules), else the largest whole unit of d, h, m, s
 * (`30d` stays `30d`, `90m` stays `90m`).
 *
 * @throws InputError when `window` is not a duration.
 * @public
 */
export function ruleWindowName(window: string): string {
  const seconds = parseDuration(window);
  for (const [unit, size] of [
    ['w', WEEK_SECONDS],
    ['d', DAY_SECONDS],
    ['h', 3_600],
    ['m', 60],
  ] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

/** Which count of an SLO a recording holds. @public */
export type SloCountKind = 'good' | 'valid';

/**
 * Name of the recording of an SLO's good or valid events over `window` (one of the burn
 * windows, or the SLO window when it is not summed, see {@link isSummedSloWindow}).
 *
 * @public
 */
export function sloCountRecord(kind: SloCountKind, window: string): string {
  return `slo:sli_${kind}:increase${ruleWindowName(window)}`;
}

/**
 * Name of the recording of an SLO's error ratio over `window` (Sloth's name).
 *
 * @public
 */
export function sloErrorRatioRecord(window: string): string {
  return `slo:sli_error:ratio_rate${ruleWindowName(window)}`;
}

/**
 * True when the SLO window is read as a sum of hourly recordings ({@link SLO_BASE_WINDOW}):
 * longer than every burn window and whole hours. Other SLO windows are recorded directly.
 *
 * @public
 */
export function isSummedSloWindow(window: string): boolean {
  const seconds = parseDuration(window);
  const longestBurn = parseDuration(
    BURN_RATE_WINDOWS[BURN_RATE_WINDOWS.length - 1],
  );
  return seconds > longestBurn && seconds % BASE_SECONDS === 0;
}

/**
 * The windows an SLO records counts for: the burn windows, plus the SLO window when it is
 * neither a burn window nor summed.
 *
 * @public
 */
export function sloRecordedWindows(
  slo: Pick<SloDefinition, 'window'>,
): string[] {
  const windows: string[] = [...BURN_RATE_WINDOWS];
  const burnNames = new Set(windows.map(ruleWindowName));
  if (
    !isSummedSloWindow(slo.window) &&
    !burnNames.has(ruleWindowName(slo.window))
  ) {
    windows.push(slo.window);
  }
  return windows;
}

/**
 * A short, stable digest of an SLO's good and total queries. Recordings carry it, and the views
 * read only recordings of the queries the catalog declares now, so rules deployed before a
 * query changed are not read as if they were current.
 *
 * cyrb53 (public domain): this package runs in browsers too, where Node's `crypto` is absent,
 * and the digest only tells revisions apart, it protects nothing.
 *
 * @public
 */
export function sloRevision(slo: Pick<SloDefinition, 'queries'>): string {
  const text = `${slo.queries.good}\u0000${slo.queries.total}`;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const value = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return value.toString(36).padStart(11, '0');
}

/**
 * The identity labels of an SLO's rules, without `owner` (which may change without changing
 * the counts): what a reader matches on.
 *
 * @public
 */
export function sloRuleIdentity(
  slo: Pick<SloDefinition, 'name' | 'entityRef' | 'queries'>,
): Record<string, string> {
  return {
    [SLO_RULE_LABELS.slo]: slo.name,
    [SLO_RULE_LABELS.entity]: slo.entityRef,
    [SLO_RULE_LABELS.revision]: sloRevision(slo),
  };
}

/** `{slo="…",entity="…",slo_revision="…"}`, values escaped. */
function identityMatchers(
  slo: Pick<SloDefinition, 'name' | 'entityRef' | 'queries'>,
): string {
  const labels = sloRuleIdentity(slo);
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
    .join(',')}}`;
}

/**
 * A selector of one of an SLO's recordings by its identity labels,
 * `record{slo="…",entity="…",slo_revision="…"}`, values escaped.
 *
 * @public
 */
export function sloRecordSelector(
  slo: Pick<SloDefinition, 'name' | 'entityRef' | 'queries'>,
  record: string,
): string {
  return `${record}${identityMatchers(slo)}`;
}

/**
 * The range of the subqueries summing a window from hourly points: one second short of the
 * window, so that both Prometheus 2 (both ends of the range included) and 3 (start excluded)
 * take exactly `window / 1h` points, also exactly on the hour (`[2419199s:1h]` for 28d).
 */
function summedRange(window: string): string {
  return `${parseDuration(window) - 1}s:${SLO_BASE_WINDOW}`;
}

/**
 * PromQL reading an SLO's good or valid events over `window` from its recordings: the
 * recording of that window, or for a summed SLO window the sum of the hourly recordings at
 * the whole hours of the window (`sum_over_time(slo:sli_good:increase1h{…}[2419199s:1h])`,
 * one point an hour, so a recorded series' density does not weigh in): the window up to the
 * last whole hour. The generator records the SLO window's error ratio from the same
 * expression.
 *
 * @public
 */
export function recordedSloCountQuery(
  slo: Pick<SloDefinition, 'name' | 'entityRef' | 'queries'>,
  kind: SloCountKind,
  window: string,
): string {
  if (isSummedSloWindow(window)) {
    return `sum_over_time(${sloRecordSelector(
      slo,
      sloCountRecord(kind, SLO_BASE_WINDOW),
    )}[${summedRange(window)}])`;
  }
  return sloRecordSelector(slo, sloCountRecord(kind, window));
}

/**
 * PromQL of the share (0–1) of a summed SLO window that the hourly recordings cover: below 1
 * while rules deployed less than a window ago have not been backfilled, when the views read
 * the raw series instead. Undefined for windows that are not summed (always covered once the
 * rules run).
 *
 * @public
 */
export function recordedSloCoverageQuery(
  slo: Pick<SloDefinition, 'name' | 'entityRef' | 'queries'>,
  window: string,
): string | undefined {
  if (!isSummedSloWindow(window)) return undefined;
  const hours = parseDuration(window) / BASE_SECONDS;
  // Clamped all the same: copies of one recording (two rule files) would count twice.
  return `clamp_max(count_over_time(${sloRecordSelector(
    slo,
    sloCountRecord('valid', SLO_BASE_WINDOW),
  )}[${summedRange(window)}]) / ${hours}, 1)`;
}

/**
 * Name of the recording of the share (0–1) of a summed SLO window its hourly recordings cover
 * ({@link recordedSloCoverageQuery}, recorded so a view reads one sample).
 *
 * @public
 */
export function sloCoverageRecord(window: string): string {
  return `slo:sli_coverage:ratio${ruleWindowName(window)}`;
}

/**
 * PromQL of an SLO's good or valid events over the last `seconds`, read from the raw series
 * (its `good` or `total` query over that window, summed).
 *
 * @public
 */
export function sloRawCountQuery(
  slo: Pick<SloDefinition, 'queries'>,
  kind: SloCountKind,
  seconds: number,
): string {
  const template = kind === 'good' ? slo.queries.good : slo.queries.total;
  return `sum(${renderWindow(template, `${seconds}s`)})`;
}

/**
 * The raw events that turn a summed SLO window read at `end` from whole hours into the window
 * itself: `tail`, the events since the last whole hour, to add; `head`, the events of the same
 * length at the window's start, to take off. Each reads at most an hour of raw samples. Both
 * undefined exactly on the hour.
 *
 * @public
 */
export function sloWindowCorrections(
  slo: Pick<SloDefinition, 'queries' | 'windowSeconds'>,
  kind: SloCountKind,
  end: number,
): { tail?: string; head?: string } {
  const since = end % BASE_SECONDS;
  if (since === 0) return {};
  const tail = sloRawCountQuery(slo, kind, since);
  // A one-point subquery moved back works for any template, where `offset` on it would not.
  return {
    tail,
    head: `last_over_time((${tail})[1s:1s] offset ${slo.windowSeconds}s)`,
  };
}
