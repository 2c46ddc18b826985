import { InputError } from '@backstage/errors';
import { parseViewRequest } from './parseViewRequest';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const nowSeconds = NOW / 1000;
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
      "Query parameter 'end' must not be in the future",
    ],
    [
      { end: '2020-01-01T00:00:00Z' },
      "Query parameter 'end' must be within the last 400 days",
    ],
  ])('rejects %j', (query, message) => {
    const call = () =>
      parse({ kind: 'component', namespace: 'default', name: 'a' }, query);
    expect(call).toThrow(InputError);
    expect(call).toThrow(message);
  });

  it('accepts an end time as ISO 8601 or Unix seconds', () => {
    const iso = parse(
      { kind: 'component', namespace: 'default', name: 'a' },
      { end: '2026-11-21T12:00:00Z', range: '1d' },
    );
    expect(iso.end).toBe(nowSeconds - 86400);
    expect(iso.start).toBe(nowSeconds - 2 * 86400);
    const unix = parse(
      { kind: 'component', namespace: 'default', name: 'a' },
      { end: String(nowSeconds - 60) },
    );
    expect(unix.end).toBe(nowSeconds - 60);
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
