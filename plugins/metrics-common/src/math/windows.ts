import { InputError } from '@backstage/errors';

/**
 * Windows over which burn rates are computed: the long and short windows of the
 * SRE workbook's multi-window, multi-burn-rate alerts (docs/slo-math.md#multi-window-alerts).
 *
 * @public
 */
export const BURN_RATE_WINDOWS = [
  '5m',
  '30m',
  '1h',
  '2h',
  '6h',
  '1d',
  '3d',
] as const;

/**
 * One of {@link BURN_RATE_WINDOWS}.
 *
 * @public
 */
export type BurnRateWindow = (typeof BURN_RATE_WINDOWS)[number];

/**
 * Values of the API's `range` parameter: "the last `range` up to now" (docs/api.md#conventions).
 *
 * @public
 */
export const RANGE_WINDOWS = ['1h', '1d', '7d', '28d'] as const;

/**
 * One of {@link RANGE_WINDOWS}.
 *
 * @public
 */
export type RangeWindow = (typeof RANGE_WINDOWS)[number];

/**
 * Length in seconds of each burn-rate window.
 *
 * @public
 */
export const BURN_RATE_WINDOW_SECONDS: Readonly<
  Record<BurnRateWindow, number>
> = {
  '5m': 300,
  '30m': 1_800,
  '1h': 3_600,
  '2h': 7_200,
  '6h': 21_600,
  '1d': 86_400,
  '3d': 259_200,
};

/**
 * Length in seconds of each range window.
 *
 * @public
 */
export const RANGE_WINDOW_SECONDS: Readonly<Record<RangeWindow, number>> = {
  '1h': 3_600,
  '1d': 86_400,
  '7d': 604_800,
  '28d': 2_419_200,
};

/**
 * True when `value` is one of {@link BURN_RATE_WINDOWS}.
 *
 * @public
 */
export function isBurnRateWindow(value: unknown): value is BurnRateWindow {
  return (BURN_RATE_WINDOWS as readonly unknown[]).includes(value);
}

/**
 * True when `value` is one of {@link RANGE_WINDOWS}.
 *
 * @public
 */
export function isRangeWindow(value: unknown): value is RangeWindow {
  return (RANGE_WINDOWS as readonly unknown[]).includes(value);
}

const UNIT_SECONDS = {
  w: 604_800,
  d: 86_400,
  h: 3_600,
  m: 60,
  s: 1,
} as const;

// Prometheus' own syntax: integer + unit, units may be combined largest first ("1h30m").
const DURATION_PATTERN =
  /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
// A window (of an SLO, in config or the catalog): one term, minutes to weeks ("28d").
const WINDOW_PATTERN = /^\d+[mhdw]$/;

/**
 * How {@link parseDuration} reads its text.
 *
 * @public
 */
export interface ParseDurationOptions {
  /** Only a window: one whole number and one unit of `m`, `h`, `d` or `w`, e.g. `28d`. */
  window?: boolean;
}

/**
 * The one duration parser of the suite. Grammar: Prometheus durations, whole numbers with
 * units `w`, `d`, `h`, `m`, `s` combined largest first (`28d`, `5m`, `1h30m`); with
 * `window`, the subset SLO windows use, one term of `m`, `h`, `d` or `w` (`28d`, `12h`).
 * Returns seconds.
 *
 * @throws InputError when the text is not a positive duration of that grammar.
 * @public
 */
export function parseDuration(
  text: string,
  options: ParseDurationOptions = {},
): number {
  const match =
    typeof text === 'string' &&
    text !== '' &&
    (!options.window || WINDOW_PATTERN.test(text))
      ? DURATION_PATTERN.exec(text)
      : null;
  if (!match) {
    throw new InputError(
      options.window
        ? `Invalid window "${String(
            text,
          )}": expected a whole number with one unit m, h, d or w, e.g. "28d"`
        : `Invalid duration "${String(
            text,
          )}": expected a whole number with a unit w, d, h, m or s, e.g. "28d" or "1h30m"`,
    );
  }
  const [, w, d, h, m, s] = match;
  const seconds =
    Number(w ?? 0) * UNIT_SECONDS.w +
    Number(d ?? 0) * UNIT_SECONDS.d +
    Number(h ?? 0) * UNIT_SECONDS.h +
    Number(m ?? 0) * UNIT_SECONDS.m +
    Number(s ?? 0) * UNIT_SECONDS.s;
  // A zero window has no events and a zero step never advances: never meaningful here.
  if (!Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new InputError(
      `Invalid duration "${text}": must be greater than zero`,
    );
  }
  return seconds;
}

/**
 * Whether text is a window {@link parseDuration} reads with `window: true`.
 *
 * @public
 */
export function isWindow(text: unknown): text is string {
  try {
    return (
      typeof text === 'string' && parseDuration(text, { window: true }) > 0
    );
  } catch {
    return false;
  }
}

/**
 * Formats seconds as a duration: `2419200` → `28d`, `5400` → `1h30m`.
 * Weeks are never used, so windows read the way the API names them (`7d`, `28d`, not `1w`, `4w`).
 *
 * @throws InputError when `seconds` is not a non-negative whole number.
 * @public
 */
export function formatDuration(seconds: number): string {
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw new InputError(
      `Cannot format ${seconds} as a duration: expected a whole, non-negative number of seconds`,
    );
  }
  if (seconds === 0) return '0s';
  let rest = seconds;
  let out = '';
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_SECONDS[unit];
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}
