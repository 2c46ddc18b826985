/** How fast the TV screen turns its slides and reloads its data, in seconds. */
export interface TvSettings {
  slideSeconds: number;
  refreshSeconds: number;
}

/** The defaults of `metrics.tv.slideSeconds` and `metrics.tv.refreshSeconds`. */
export const TV_DEFAULTS: TvSettings = { slideSeconds: 20, refreshSeconds: 60 };

/**
 * What a screen may ask for: a slide must stay long enough to be read, a refresh must not
 * hammer the backend (each one is a squad view).
 */
export const TV_LIMITS: Record<keyof TvSettings, { min: number; max: number }> =
  {
    slideSeconds: { min: 2, max: 600 },
    refreshSeconds: { min: 10, max: 3600 },
  };

function clamp(value: number, key: keyof TvSettings): number {
  const { min, max } = TV_LIMITS[key];
  return Math.min(max, Math.max(min, Math.round(value)));
}

// An absent or non-numeric value means "not set" (falls back), never 0 or NaN.
function numberOf(value: string | number | null | undefined) {
  if (value === null || value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The screen's pace: the URL's `slide` and `refresh` parameters, else the app config, else
 * the defaults; each clamped to {@link TV_LIMITS}.
 */
export function tvSettings(
  config: Partial<TvSettings>,
  search: URLSearchParams,
): TvSettings {
  const pick = (key: keyof TvSettings, param: string) =>
    clamp(
      numberOf(search.get(param)) ?? numberOf(config[key]) ?? TV_DEFAULTS[key],
      key,
    );
  return {
    slideSeconds: pick('slideSeconds', 'slide'),
    refreshSeconds: pick('refreshSeconds', 'refresh'),
  };
}
