/*
 * The example catalog's SLO rules in the demo's Prometheus (which one: see ./demoWorld.ts):
 * loaded and evaluated, the burning checkout-service paging, and the 28-day counts read from
 * the backfilled hourly recordings equal to the raw ones.
 */
import {
  SLO_ALERT_NAME,
  SloDefinition,
  SloCountKind,
  recordedSloCountQuery,
  recordedSloCoverageQuery,
  renderWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { exampleSloEntries, readExampleCatalog } from '../rules';
import { repoRoot } from '../stack/config';
import { promApi, promQuery, sleep } from '../stack/proc';
import { worldRules } from '../stack/stack';
import { describeOrSkip, useDemoWorld } from './demoWorld';

const BURNING = 'component:default/checkout-service';
const WINDOW = '28d';
const HOUR = 3600;
/** prometheus.yml's `evaluation_interval`. */
const EVALUATION_SECONDS = 15;

interface ApiRuleGroup {
  name: string;
  file: string;
  lastEvaluation: string;
  rules: Array<{ name: string; health: string; lastError?: string }>;
}

interface ApiAlert {
  labels: Record<string, string>;
  state: string;
}

/**
 * How far a recorded 28-day count may be from the raw one, for a count of `n` events. Both
 * are Prometheus's estimates from the same samples: the raw `increase(…[28d])` extrapolates
 * once at the window's start, while each hourly recording extrapolates inside its hour, where
 * the history older than 26 h has a sample every 5 or 15 minutes off the hour (unless T0's
 * minute is a multiple of 15: then both are exact and equal); so the sum estimates the
 * quarter-hour around each hour boundary from the three quarters next to it. That is counting
 * noise, independent per quarter, growing with √n (Poisson counts would give σ ≈ 0.55·√n over
 * this history; measured over 12 worlds of other seeds and T0s: |Δ| ≤ 1.6·√n), allowed 4·√n;
 * plus a seasonal part proportional to the count (measured: at most 3·10⁻⁴ of it), allowed
 * 1·10⁻³.
 */
function recordedCountTolerance(n: number): number {
  return 1e-3 * n + 4 * Math.sqrt(n);
}

describeOrSkip('the SLO rules in the demo Prometheus', () => {
  const world = useDemoWorld();
  const rules = worldRules();
  const { entries } = exampleSloEntries(readExampleCatalog(repoRoot()));
  const slos: SloDefinition[] = entries.flatMap(e => e.slos);
  let groups: ApiRuleGroup[] = [];

  beforeAll(async () => {
    // Every group evaluated at least once: the alerts are then current.
    const deadline = Date.now() + 4 * EVALUATION_SECONDS * 1000;
    for (;;) {
      groups = (await promApi(world.baseUrl, '/api/v1/rules', {}, 'rules'))
        .groups;
      const evaluated = groups.filter(
        g => Date.parse(g.lastEvaluation) > 0,
      ).length;
      if (evaluated >= rules.file.groups.length || Date.now() > deadline) {
        break;
      }
      await sleep(1000);
    }
  }, 90_000);

  it('loads a healthy group for every example SLO', () => {
    expect(slos.length).toBeGreaterThan(10);
    expect(rules.file.groups).toHaveLength(slos.length);
    const loaded = new Map(groups.map(g => [g.name, g]));
    for (const expected of rules.file.groups) {
      const group = loaded.get(expected.name);
      expect({
        group: expected.name,
        rules: group?.rules.length,
        evaluated: Date.parse(group?.lastEvaluation ?? '') > 0,
        unhealthy: group?.rules
          .filter(r => r.health !== 'ok')
          .map(r => `${r.name}: ${r.health} ${r.lastError ?? ''}`),
      }).toEqual({
        group: expected.name,
        rules: expected.rules.length,
        evaluated: true,
        unhealthy: [],
      });
    }
  });

  it('pages for the burning checkout-service and for no other service', async () => {
    const { alerts } = (await promApi(
      world.baseUrl,
      '/api/v1/alerts',
      {},
      'alerts',
    )) as { alerts: ApiAlert[] };
    const firingPages = alerts
      .filter(
        a =>
          a.state === 'firing' &&
          a.labels.alertname === SLO_ALERT_NAME &&
          a.labels.severity === 'page',
      )
      .map(a => a.labels.entity);
    expect(firingPages).toEqual([BURNING]);
    // The other paging SLO of the catalog is evaluated and quiet.
    expect(slos.filter(s => s.alert === 'page').map(s => s.entityRef)).toEqual([
      'component:default/auth-service',
      BURNING,
    ]);
  });

  it('reads the same 28-day counts from the recordings as from the raw series', async () => {
    // The last whole hour before T0: every hour of its window is backfilled, and the hour
    // before the window is not (on the hour, Prometheus 2's subquery range takes both ends,
    // 673 hours, when there is one more to take: docs/slo-rules.md#the-slo-window).
    const time = Math.floor((world.truth.t0 - 1) / HOUR) * HOUR;
    const value = async (query: string) => {
      const [sample] = await promQuery(world.baseUrl, query, time);
      return sample ? Number(sample.value[1]) : undefined;
    };
    const mismatches: string[] = [];
    /** The largest |recorded − raw| / its tolerance seen (logged). */
    let used = 0;
    let compared = 0;
    const withoutTraffic: string[] = [];
    for (const slo of slos) {
      const at = `${slo.entityRef} ${slo.name}`;
      const counts: Record<string, Record<SloCountKind, number | undefined>> = {
        raw: {
          good: await value(renderWindow(slo.queries.good, WINDOW)),
          valid: await value(renderWindow(slo.queries.total, WINDOW)),
        },
        recorded: {
          good: await value(recordedSloCountQuery(slo, 'good', WINDOW)),
          valid: await value(recordedSloCountQuery(slo, 'valid', WINDOW)),
        },
      };
      const { raw, recorded } = counts;
      if (raw.valid === undefined || recorded.valid === undefined) {
        // No traffic: no recordings either.
        if (raw.valid !== recorded.valid) {
          mismatches.push(
            `${at}: raw ${raw.valid}, recorded ${recorded.valid}`,
          );
        }
        withoutTraffic.push(slo.entityRef);
        continue;
      }
      const coverage = await value(recordedSloCoverageQuery(slo, WINDOW)!);
      if (coverage !== 1) mismatches.push(`${at}: coverage ${coverage}`);
      // The same read counting its points: one hourly recording per hour of the window.
      const points = await value(
        recordedSloCountQuery(slo, 'valid', WINDOW).replace(
          /^sum_over_time\(/,
          'count_over_time(',
        ),
      );
      if (points !== 672) {
        mismatches.push(`${at}: the 28d read sums ${points} hourly recordings`);
      }
      const bad = (c: typeof raw) => c.valid! - (c.good ?? 0);
      for (const [what, r, c] of [
        ['good', raw.good ?? 0, recorded.good ?? 0],
        ['valid', raw.valid, recorded.valid],
        ['bad', bad(raw), bad(recorded)],
      ] as const) {
        const allowed = recordedCountTolerance(Math.max(r, c));
        if (allowed > 0) used = Math.max(used, Math.abs(c - r) / allowed);
        if (Math.abs(c - r) > allowed) {
          mismatches.push(`${at} ${what}: raw ${r}, recorded ${c}`);
        }
      }
      // The error ratio is bad / valid: its tolerance follows from the counts'.
      const errorRatio = (c: typeof raw) => bad(c) / c.valid!;
      const allowed =
        recordedCountTolerance(Math.max(bad(raw), bad(recorded))) / raw.valid +
        (errorRatio(raw) * recordedCountTolerance(raw.valid)) / raw.valid;
      const ratioDiff = Math.abs(errorRatio(recorded) - errorRatio(raw));
      if (allowed > 0) used = Math.max(used, ratioDiff / allowed);
      if (ratioDiff > allowed) {
        mismatches.push(
          `${at} error ratio: raw ${errorRatio(raw)}, recorded ${errorRatio(
            recorded,
          )}`,
        );
      }
      compared++;
    }
    // eslint-disable-next-line no-console
    console.log(
      `demo-world: 28d counts, recorded vs raw at ${new Date(
        time * 1000,
      ).toISOString()}: at most ${(used * 100).toFixed(
        0,
      )}% of the tolerance over ${compared} SLOs`,
    );
    expect(mismatches).toEqual([]);
    expect(withoutTraffic).toEqual(['component:default/experiments-service']);
    expect(compared).toBe(slos.length - 1);
  }, 60_000);
});
