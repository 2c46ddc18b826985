import { InputError } from '@backstage/errors';
import {
  BURN_RATE_WINDOWS,
  BURN_RATE_WINDOW_SECONDS,
  RANGE_WINDOWS,
  RANGE_WINDOW_SECONDS,
  formatDuration,
  isBurnRateWindow,
  isRangeWindow,
  isWindow,
  parseDuration,
} from './windows';

describe('window constants', () => {
  it('lists the burn-rate and range windows in ascending order', () => {
    expect(BURN_RATE_WINDOWS).toEqual([
      '5m',
      '30m',
      '1h',
      '2h',
      '6h',
      '1d',
      '3d',
    ]);
    expect(RANGE_WINDOWS).toEqual(['1h', '1d', '7d', '28d']);
  });

  it('has lengths that agree with parseDuration', () => {
    for (const w of BURN_RATE_WINDOWS) {
      expect(BURN_RATE_WINDOW_SECONDS[w]).toBe(parseDuration(w));
    }
    for (const w of RANGE_WINDOWS) {
      expect(RANGE_WINDOW_SECONDS[w]).toBe(parseDuration(w));
    }
  });

  it('recognises its windows and nothing else', () => {
    expect(isBurnRateWindow('30m')).toBe(true);
    expect(isBurnRateWindow('28d')).toBe(false);
    expect(isBurnRateWindow(undefined)).toBe(false);
    expect(isRangeWindow('28d')).toBe(true);
    expect(isRangeWindow('30d')).toBe(false);
    expect(isRangeWindow('toString')).toBe(false);
  });
});

describe('parseDuration', () => {
  it.each([
    ['30s', 30],
    ['5m', 300],
    ['1h', 3600],
    ['1d', 86400],
    ['28d', 2419200],
    ['2w', 1209600],
    ['1h30m', 5400],
    ['1w2d3h4m5s', 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5],
  ])('parses %s as %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each([
    '',
    '28',
    'd',
    '28D',
    '1.5h',
    '-1h',
    ' 1h',
    '1h ',
    '30m1h',
    '1y',
    '1ms',
  ])('rejects %j with an InputError', text => {
    expect(() => parseDuration(text)).toThrow(InputError);
    expect(() => parseDuration(text)).toThrow(/Invalid duration/);
  });

  it('rejects zero', () => {
    expect(() => parseDuration('0m')).toThrow(/greater than zero/);
  });

  it('rejects non-strings without a TypeError', () => {
    expect(() => parseDuration(42 as unknown as string)).toThrow(InputError);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [300, '5m'],
    [5400, '1h30m'],
    [86400, '1d'],
    [604800, '7d'],
    [2419200, '28d'],
    [90061, '1d1h1m1s'],
  ])('formats %d as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('round-trips every known window', () => {
    for (const w of [...BURN_RATE_WINDOWS, ...RANGE_WINDOWS]) {
      expect(formatDuration(parseDuration(w))).toBe(w);
    }
  });

  it.each([-1, 1.5, NaN, Infinity])('rejects %d', seconds => {
    expect(() => formatDuration(seconds)).toThrow(InputError);
  });
});

// Was the backend's parseWindowSeconds (metrics.defaultSlos[].window) and the catalog's
// window regex: windows are parseDuration's one-term subset.
describe('parseDuration as a window', () => {
  it.each([
    ['30m', 1800],
    ['6h', 21600],
    ['1d', 86400],
    ['28d', 28 * 86400],
    ['2w', 2 * 604800],
  ])('parses %s', (window, seconds) => {
    expect(parseDuration(window, { window: true })).toBe(seconds);
    expect(isWindow(window)).toBe(true);
  });

  it.each([
    '',
    '28',
    'd',
    '0d',
    '00h',
    '-1d',
    '1.5d',
    '28D',
    '28s',
    '1y',
    ' 28d',
    '28d ',
    '1d2h',
  ])('rejects %j', window => {
    expect(() => parseDuration(window, { window: true })).toThrow(InputError);
    expect(isWindow(window)).toBe(false);
  });
});
