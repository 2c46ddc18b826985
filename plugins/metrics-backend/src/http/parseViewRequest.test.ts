import { InputError } from '@backstage/errors';
import { parseViewRequest } from './parseViewRequest';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const nowSeconds = NOW / 1000;
const endWindow =
  "Query parameter 'end' must be within the last 400 days and not in the future (2025-10-18T12:00:00.000Z to 2026-11-22T12:01:00.000Z)";
const parse = (
  params: Record<string, string | undefined>,
  query: Record<string, unknown> = {},
  fixedKind?: string,
) => parseViewRequest(params, query, { now: () => NOW, fixedKind });

describe('parseViewRequest', () => {
  it('reads kind, namespace, name and defaults the range to 7d ending now', () => {
    expect(
      parse({ kind: 'Component', namespace: 'default', name: 'auth-service' }),
    ).toEqual({
      entityRef: {
        kind: 'component',
        namespace: 'default',
        name: 'auth-service',
      },
      range: '7d',
      end: nowSeconds,
      start: nowSeconds - 7 * 86400,
    });
  });

  it('reads compare=previous, and leaves it out when absent', () => {
    const params = { kind: 'component', namespace: 'default', name: 'a' };
    expect(parse(params, { compare: 'previous' }).compare).toBe('previous');
    expect(parse(params)).not.toHaveProperty('compare');
  });

  it.each([
    [
      { compare: 'bogus' },
      "Query parameter 'compare' must be previous or absent, got 'bogus'",
    ],
    [
      { compare: ['previous', 'previous'] },
      "Query parameter 'compare' must be given once",
    ],
  ])('rejects %j', (query, message) => {
    expect(() =>
      parse({ kind: 'component', namespace: 'default', name: 'a' }, query),
    ).toThrow(new InputError(message));
  });

  it('rejects compare on the group view, which has no deltas', () => {
    expect(() =>
      parse(
        { namespace: 'default', name: 't' },
        { compare: 'previous' },
        'group',
      ),
    ).toThrow(InputError);
  });

  it.each(['1h', '1d', '7d', '28d'])('accepts range=%s', range => {
    const request = parse(
      { kind: 'component', namespace: 'default', name: 'a' },
      { range },
    );
    expect(request.range).toBe(range);
    expect(request.end - request.start).toBeGreaterThan(0);
  });

  it.each([
    [
      { range: '2d' },
      "Query parameter 'range' must be one of 1h, 1d, 7d, 28d, got '2d'",
    ],
    [{ range: ['1h', '1d'] }, "Query parameter 'range' must be given once"],
    [
      { end: 'yesterday' },
      "Query parameter 'end' must be an ISO 8601 time or Unix seconds, got 'yesterday'",
    ],
    [
      { end: String(nowSeconds + 3600) },
      `${endWindow}, got '${nowSeconds + 3600}'`,
    ],
    [
      { end: '2025-10-18T11:59:59Z' },
      `${endWindow}, got '2025-10-18T11:59:59Z'`,
    ],
    [
      { range: 'x'.repeat(5000) },
      `Query parameter 'range' must be one of 1h, 1d, 7d, 28d, got '${'x'.repeat(
        79,
      )}…'`,
    ],
  ])('rejects %j', (query, message) => {
    const call = () =>
      parse({ kind: 'component', namespace: 'default', name: 'a' }, query);
    expect(call).toThrow(InputError);
    expect(call).toThrow(message);
  });

  it('accepts an end at either edge of its window', () => {
    const at = (end: string) =>
      parse({ kind: 'component', namespace: 'default', name: 'a' }, { end })
        .end;
    // A given end snaps down to the minute.
    const snap = (t: number) => t - (t % 60);
    expect(at('2025-10-18T12:00:00Z')).toBe(snap(nowSeconds - 400 * 86400));
    expect(at(String(nowSeconds + 60))).toBe(snap(nowSeconds + 60));
    expect(() => at(String(nowSeconds + 61))).toThrow(endWindow);
  });

  it('accepts an end time as ISO 8601 or Unix seconds', () => {
    const iso = parse(
      { kind: 'component', namespace: 'default', name: 'a' },
      { end: '2026-11-21T12:00:00Z', range: '1d' },
    );
    // 12:00 is a whole number of the 1d range's 720 s steps.
    expect(iso.end).toBe(nowSeconds - 86400);
    expect(iso.start).toBe(nowSeconds - 2 * 86400);
    const unix = parse(
      { kind: 'component', namespace: 'default', name: 'a' },
      { end: String(nowSeconds - 86400), range: '1d' },
    );
    expect(unix.end).toBe(nowSeconds - 86400);
  });

  it('rounds "now" down to the alignment it is given, so requests within one slot share an end', () => {
    const at = (millis: number, nowAlignmentSeconds?: number) =>
      parseViewRequest(
        { kind: 'component', namespace: 'default', name: 'a' },
        {},
        { now: () => millis, nowAlignmentSeconds },
      ).end;
    // NOW is a whole minute: every request in the 30 s after it ends at NOW, the next at NOW + 30
    const slot = new Set(
      Array.from({ length: 30 }, (_, i) => at(NOW + i * 1000 + 999, 30)),
    );
    expect([...slot]).toEqual([nowSeconds]);
    expect(at(NOW + 30_000, 30)).toBe(nowSeconds + 30);
    expect(at(NOW - 1, 30)).toBe(nowSeconds - 30);
    // without one, 15 s
    expect(at(NOW + 29_000)).toBe(nowSeconds + 15);
    // a given end still snaps to the minute, whatever the alignment of "now"
    expect(
      parseViewRequest(
        { kind: 'component', namespace: 'default', name: 'a' },
        { end: String(nowSeconds - 3479) },
        { now: () => NOW, nowAlignmentSeconds: 300 },
      ).end,
    ).toBe(nowSeconds - 3480);
  });

  it('snaps a given end down to the minute, so ends within one minute share one view', () => {
    const end = (value: number, range: string) =>
      parse(
        { kind: 'component', namespace: 'default', name: 'a' },
        { end: String(value), range },
      ).end;
    const base = nowSeconds - 86400; // 12:00
    for (const range of ['1h', '1d', '7d', '28d']) {
      const ends = new Set(
        Array.from({ length: 60 }, (_, i) => end(base + i, range)),
      );
      expect([...ends]).toEqual([base]);
    }
    expect(end(base - 1, '7d')).toBe(base - 60);
  });

  it.each([
    [
      { kind: 'comp onent', namespace: 'default', name: 'a' },
      "Invalid entity kind 'comp onent'",
    ],
    [
      { kind: 'component', namespace: 'de/fault', name: 'a' },
      "Invalid entity namespace 'de/fault'",
    ],
    [
      { kind: 'component', namespace: 'default', name: '' },
      "Invalid entity name ''",
    ],
    [
      { kind: 'component', namespace: 'default', name: '-a' },
      "Invalid entity name '-a'",
    ],
  ])('rejects bad path %j', (params, message) => {
    expect(() => parse(params)).toThrow(message);
  });

  it('uses a fixed kind for group routes', () => {
    expect(
      parse({ namespace: 'default', name: 'squad' }, {}, 'group').entityRef,
    ).toEqual({
      kind: 'group',
      namespace: 'default',
      name: 'squad',
    });
  });
});
