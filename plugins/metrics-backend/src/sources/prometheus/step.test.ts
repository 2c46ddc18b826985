import { InputError } from '@backstage/errors';
import { clampStep, MAX_POINTS_PER_SERIES } from './step';

const DAY = 86_400;
// 2025-01-01T00:00:00Z, itself a multiple of every step used below.
const T0 = 1_735_689_600;

function points(r: { start: number; end: number; step: number }) {
  return (r.end - r.start) / r.step;
}

describe('clampStep', () => {
  it('keeps a step that is already fine and aligned', () => {
    expect(clampStep({ start: T0 - DAY, end: T0, step: 60 })).toEqual({
      start: T0 - DAY,
      end: T0,
      step: 60,
      clamped: false,
    });
  });

  it('raises the step of 28 days at 60 s (40,320 points) to stay under 11,000', () => {
    const start = T0 - 28 * DAY;
    expect((T0 - start) / 60).toBe(40_320);

    const r = clampStep({ start, end: T0, step: 60 });

    // ceil(2,419,200 / 11,000) = ceil(219.93) = 220, the minimum from the reference.
    expect(r).toEqual({
      start: Math.floor(start / 220) * 220,
      end: Math.ceil(T0 / 220) * 220,
      step: 220,
      clamped: true,
    });
    expect(r.start).toBe(1_733_270_220);
    expect(r.end).toBe(1_735_689_780);
    expect(points(r)).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
  });

  it.each([
    ['30d', 30, 236],
    ['90d', 90, 707],
  ])('raises the step of %s to at least %ss', (_, days, minimum) => {
    const r = clampStep({ start: T0 - days * DAY, end: T0, step: 15 });
    expect(r.step).toBeGreaterThanOrEqual(minimum);
    expect(r.step).toBeLessThanOrEqual(minimum + 1);
    expect(points(r)).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
  });

  it('aligns start down and end up to a multiple of the step', () => {
    const r = clampStep({
      start: T0 + 17.25,
      end: T0 + 3600 + 42.5,
      step: 300,
    });
    expect(r).toEqual({ start: T0, end: T0 + 3900, step: 300, clamped: false });
    expect(r.start % r.step).toBe(0);
    expect(r.end % r.step).toBe(0);
  });

  it('gives the same range for requests within the same step (cache friendly)', () => {
    const a = clampStep({ start: T0 - 7 * DAY + 5, end: T0 + 5, step: 3600 });
    const b = clampStep({
      start: T0 - 7 * DAY + 2000,
      end: T0 + 2000,
      step: 3600,
    });
    expect(a).toEqual(b);
  });

  it('raises the step again when alignment would cross the limit', () => {
    // Exactly 11,000 steps of 60 s, but misaligned: aligning adds a step.
    const start = T0 + 30;
    const end = start + MAX_POINTS_PER_SERIES * 60;
    const r = clampStep({ start, end, step: 60 });
    expect(r.step).toBe(61);
    expect(points(r)).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
    expect(r.start).toBeLessThanOrEqual(start);
    expect(r.end).toBeGreaterThanOrEqual(end);
  });

  it('never exceeds the limit and always covers the range', () => {
    for (const [span, step] of [
      [DAY, 1],
      [7 * DAY, 60],
      [365 * DAY, 3600],
      [365 * DAY, 1],
      [12_345.678, 0.5],
    ]) {
      for (const offset of [0, 1, 59.999, 1234.5]) {
        const start = T0 + offset;
        const end = start + span;
        const r = clampStep({ start, end, step });
        expect(points(r)).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
        expect(Number.isInteger(r.step)).toBe(true);
        expect(r.step).toBeGreaterThanOrEqual(step);
        expect(r.start).toBeLessThanOrEqual(start);
        expect(r.end).toBeGreaterThanOrEqual(end);
        expect(r.start % r.step).toBe(0);
        expect(r.end % r.step).toBe(0);
      }
    }
  });

  it('rounds a fractional step up to a whole second', () => {
    expect(clampStep({ start: T0, end: T0 + 60, step: 0.5 })).toMatchObject({
      step: 1,
      clamped: true,
    });
    expect(clampStep({ start: T0, end: T0 + 600, step: 90.2 }).step).toBe(91);
  });

  it('accepts an empty range', () => {
    expect(clampStep({ start: T0, end: T0, step: 60 })).toEqual({
      start: T0,
      end: T0,
      step: 60,
      clamped: false,
    });
  });

  it('honours a smaller point budget', () => {
    const r = clampStep({ start: T0 - DAY, end: T0, step: 60 }, 100);
    expect(r.step).toBe(864);
    expect(points(r)).toBeLessThanOrEqual(100);
  });

  it.each([
    [{ start: T0, end: T0 + 60, step: 0 }, /positive number of seconds/],
    [{ start: T0, end: T0 + 60, step: -5 }, /positive number of seconds/],
    [{ start: T0, end: T0 + 60, step: NaN }, /positive number of seconds/],
    [{ start: T0 + 60, end: T0, step: 60 }, /must not be before its start/],
    [{ start: NaN, end: T0, step: 60 }, /finite/],
  ])('rejects %j with an InputError', (range, message) => {
    expect(() => clampStep(range)).toThrow(InputError);
    expect(() => clampStep(range)).toThrow(message);
  });
});
