import { mockCredentials } from '@backstage/backend-test-utils';
import { nowMs } from './timing';

/** One requester of the bench (the view cache and rate limit key on the principal). */
export const benchUser = (n = 0) =>
  mockCredentials.user.header(`user:default/bench-${n}`);

export interface Answer {
  status: number;
  ms: number;
  body: any;
}

/** GETs `url` as `user`, timing the whole answer. */
export async function getAnswer(
  url: string,
  user = benchUser(),
): Promise<Answer> {
  const start = nowMs();
  const res = await fetch(url, { headers: { Authorization: user } });
  const text = await res.text();
  const ms = nowMs() - start;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, ms, body };
}

export const entityViewUrl = (
  api: string,
  name: string,
  query: Record<string, string | number>,
) =>
  `${api}/metrics/v1/entities/component/default/${name}?${new URLSearchParams(
    Object.entries(query).map(([k, v]) => [k, String(v)]),
  )}`;

export const groupViewUrl = (
  api: string,
  name: string,
  query: Record<string, string | number>,
) =>
  `${api}/metrics/v1/groups/default/${name}?${new URLSearchParams(
    Object.entries(query).map(([k, v]) => [k, String(v)]),
  )}`;

/**
 * Ends of views nobody asked for yet: whole minutes back from an hour ago (the view snaps a
 * given end to the minute), so each is computed rather than read from the view cache.
 */
export function freshEnds(start: number) {
  let n = 0;
  return () => start - 3600 - 60 * n++;
}
