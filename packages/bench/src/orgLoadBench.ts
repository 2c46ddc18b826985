import type { BenchmarkResult } from './report';
import { benchUser, entityViewUrl, getAnswer, groupViewUrl } from './orgHttp';
import { percentile } from './percentile';
import { nowMs } from './timing';

export const RSS_GROWTH_BOUND = 1.2;

/**
 * Bar f: `users` requesters, each asking one view after another for `seconds`, alternating
 * service views and squad views over the whole org (range 1d, end "now", so repeats may be
 * answered from the view cache as in a portal), after a warm-up of a quarter as long under
 * the same load. Reports requests/s, p50/p99, errors (any answer but 200) and the backend
 * process's RSS after the warm-up and at the end.
 */
export async function benchOrgLoad(options: {
  api: string;
  components: string[];
  teams: string[];
  users: number;
  seconds: number;
}): Promise<BenchmarkResult> {
  const { api, components, teams, users, seconds } = options;
  const times: number[] = [];
  const statuses = new Map<number, number>();
  let n = 0;
  const ask = async (user: number) => {
    const i = n++;
    // A prime stride spreads requesters over the org instead of all on the same few.
    const url =
      i % 2 === 0
        ? entityViewUrl(api, components[(i * 7919) % components.length], {
            range: '1d',
          })
        : groupViewUrl(api, teams[(i * 7919) % teams.length], { range: '1d' });
    let status: number;
    try {
      const answer = await getAnswer(url, benchUser(user));
      status = answer.status;
      times.push(answer.ms);
    } catch {
      status = 0;
    }
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  };
  const runFor = (ms: number) => {
    const until = Date.now() + ms;
    return Promise.all(
      Array.from({ length: users }, async (_, u) => {
        while (Date.now() < until) await ask(u);
      }),
    );
  };
  // Warm-up under the same load: code paths compiled and the working set of 50 views in
  // flight (and the view cache) filled before the baseline, so growth after it is what the
  // load keeps, not what it needs.
  await runFor(Math.max(10, seconds / 4) * 1000);
  times.length = 0;
  statuses.clear();
  const rssBefore = process.memoryUsage().rss / 1024 / 1024;
  const start = nowMs();
  await runFor(seconds * 1000);
  const elapsed = (nowMs() - start) / 1000;
  const rssAfter = process.memoryUsage().rss / 1024 / 1024;
  const requests = times.length;
  const errors = [...statuses]
    .filter(([s]) => s !== 200)
    .reduce((a, [, c]) => a + c, 0);
  const rps = requests / elapsed;
  const p50 = requests ? percentile(times, 50) : NaN;
  const p99 = requests ? percentile(times, 99) : NaN;
  const figures = `${rps.toFixed(1)} requests/s, p50 ${p50.toFixed(
    0,
  )} ms, p99 ${p99.toFixed(0)} ms`;
  return {
    id: 'org-load',
    title: `Load: ${users} users for ${seconds} s over service and squad views (${components.length} Components, ${teams.length} teams)`,
    ratios: [
      {
        id: 'load-errors',
        label: `errors / requests (${figures})`,
        numerator: { label: 'errors', value: errors, unit: 'requests' },
        denominator: { label: 'requests', value: requests, unit: 'requests' },
        bound: 0,
      },
      {
        id: 'load-rss-growth',
        label: `backend RSS at end / at start (${figures})`,
        numerator: { label: 'end', value: round(rssAfter), unit: 'MB' },
        denominator: { label: 'start', value: round(rssBefore), unit: 'MB' },
        bound: RSS_GROWTH_BOUND,
      },
    ],
    details: [
      {
        requests,
        'requests/s': rps,
        'p50 ms': p50,
        'p99 ms': p99,
        statuses: [...statuses]
          .sort((a, b) => a[0] - b[0])
          .map(([s, c]) => `${s}×${c}`)
          .join(' '),
        'RSS start MB': round(rssBefore),
        'RSS end MB': round(rssAfter),
      },
    ],
    problems: requests === 0 ? ['no request was answered'] : [],
  };
}

function round(mb: number): number {
  return Math.round(mb * 10) / 10;
}
