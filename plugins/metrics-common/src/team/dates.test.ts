import { addDays, dayBounds, dayOf, daysBetween, isDay, weekOf } from './dates';

describe('dates', () => {
  it('names UTC days', () => {
    expect(dayOf('2026-11-22T23:59:59Z')).toBe('2026-11-22');
    expect(dayOf(Date.parse('2026-11-23T00:00:00Z'))).toBe('2026-11-23');
  });

  it('checks calendar days', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-2-3')).toBe(false);
    expect(isDay(20261122)).toBe(false);
  });

  it('adds and counts days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-11-01', '2026-11-22')).toBe(21);
    expect(daysBetween('2026-11-22', '2026-11-01')).toBe(-21);
  });

  it('names weeks by their Monday', () => {
    expect(weekOf('2026-11-22')).toBe('2026-11-16'); // Sunday
    expect(weekOf('2026-11-23')).toBe('2026-11-23'); // Monday
    expect(weekOf('2026-11-18T12:00:00Z')).toBe('2026-11-16');
    expect(weekOf('2027-01-01')).toBe('2026-12-28');
  });

  it('bounds a day in Unix seconds', () => {
    expect(dayBounds('1970-01-02')).toEqual({ start: 86400, end: 172800 });
  });
});
