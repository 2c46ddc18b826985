/*
 * The ground truth against PromQL over a real Prometheus.
 *
 * - DEMO_PROMETHEUS_URL set: use that stack (truth from DEMO_TRUTH_FILE, or
 *   the truth.json of the state folder, DEMO_STATE_DIR or <repo>/.demo).
 * - otherwise: `demo-world up` on free ports in a temporary state folder,
 *   and `demo-world down` afterwards.
 * - DEMO_WORLD_SKIP_PROMETHEUS=1: skipped (the only way to skip; a missing
 *   Prometheus makes this test fail).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LiveValues } from '../exporter';
import { createModel } from '../model';
import { BIN_PATH, loadConfig, statePaths } from '../stack/config';
import { freePort, promQuery } from '../stack/proc';
import { close } from '../testUtils';
import type { GroundTruth } from '../truth';
import { WINDOW_NAMES } from '../world';

const SKIP = process.env.DEMO_WORLD_SKIP_PROMETHEUS === '1';
if (SKIP) {
  // eslint-disable-next-line no-console
  console.warn(
    'demo-world: skipping the Prometheus integration test because DEMO_WORLD_SKIP_PROMETHEUS=1',
  );
}
const describeOrSkip = SKIP ? describe.skip : describe;

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN_PATH, ...args],
      { env, timeout: 170_000 },
      (err, stdout, stderr) => {
        if (err) {
          reject(
            new Error(
              `demo-world ${args.join(' ')} failed (${
                err.message
              }):\n${stdout}\n${stderr}`,
            ),
          );
        } else resolve(stdout);
      },
    );
  });
}

describeOrSkip('demo world in Prometheus', () => {
  let baseUrl = process.env.DEMO_PROMETHEUS_URL?.replace(/\/$/, '') ?? '';
  let truth: GroundTruth;
  let env: NodeJS.ProcessEnv | undefined;
  let stateDir: string | undefined;

  beforeAll(async () => {
    let truthFile = process.env.DEMO_TRUTH_FILE;
    if (!baseUrl) {
      stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-world-it-'));
      const prometheusPort = await freePort();
      let exporterPort = await freePort();
      while (exporterPort === prometheusPort) exporterPort = await freePort();
      env = {
        ...process.env,
        DEMO_STATE_DIR: stateDir,
        DEMO_PROMETHEUS_PORT: String(prometheusPort),
        DEMO_EXPORTER_PORT: String(exporterPort),
        NODE_OPTIONS: '',
      };
      await cli(['up'], env);
      baseUrl = `http://127.0.0.1:${prometheusPort}`;
      truthFile = statePaths(stateDir).truth;
    }
    truthFile ??= statePaths(loadConfig().stateDir).truth;
    truth = JSON.parse(fs.readFileSync(truthFile, 'utf8'));
  }, 180_000);

  afterAll(async () => {
    if (env) await cli(['down'], env);
    if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
  }, 60_000);

  /** Largest relative difference seen between PromQL and the truth (logged at the end). */
  let maxRelative = 0;
  const mismatches: string[] = [];
  /** Records a mismatch unless |promql - truth| is within the truth's tolerance. */
  const check = (
    what: string,
    promql: number | null | undefined,
    expected: number | null | undefined,
  ) => {
    if (
      typeof promql === 'number' &&
      typeof expected === 'number' &&
      Math.max(Math.abs(promql), Math.abs(expected)) > 0
    ) {
      maxRelative = Math.max(
        maxRelative,
        Math.abs(promql - expected) /
          Math.max(Math.abs(promql), Math.abs(expected)),
      );
    }
    if (
      !close(
        promql,
        expected,
        truth.tolerance.relative,
        truth.tolerance.absolute,
      )
    ) {
      mismatches.push(`${what}: PromQL ${promql}, truth ${expected}`);
    }
  };

  afterAll(() => {
    // eslint-disable-next-line no-console
    console.log(
      `demo-world: largest relative difference PromQL vs truth at time=T0: ${maxRelative.toExponential(
        2,
      )} ` + `(tolerance ${truth?.tolerance.relative})`,
    );
  });

  /** sum by (labels) of increase(...) at time=T0, as a map "l1|l2" → value. */
  async function increaseBy(
    selector: string,
    window: string,
    by: string[],
  ): Promise<Map<string, number>> {
    const result = await promQuery(
      baseUrl,
      `sum by (${by.join(', ')}) (increase(${selector}[${window}]))`,
      truth.tolerance.queryTime,
    );
    return new Map(
      result.map(r => [
        by.map(l => r.metric[l] ?? '').join('|'),
        Number(r.value[1]),
      ]),
    );
  }

  it('returns the requests, availability, budgets and burn rates of every service with traffic, for every window', async () => {
    mismatches.length = 0;
    const checked: string[] = [];
    const withoutSeries: string[] = [];
    for (const w of WINDOW_NAMES) {
      const all = await increaseBy('http_server_requests_total', w, [
        'service',
      ]);
      const bad = await increaseBy(
        'http_server_requests_total{code=~"5.."}',
        w,
        ['service'],
      );
      for (const svc of Object.values(truth.services)) {
        const t = svc.windows[w];
        if (!svc.hasSeries) {
          if (all.has(svc.service))
            mismatches.push(`${svc.service} has series`);
          withoutSeries.push(svc.service);
          continue;
        }
        const requests = all.get(svc.service) ?? NaN;
        const errors = bad.get(svc.service) ?? NaN;
        const at = `${svc.service} ${w}`;
        check(`${at} requests`, requests, t.requests);
        check(`${at} 5xx`, errors, t.bad);
        if (t.requests > 0) {
          check(
            `${at} availability`,
            (requests - errors) / requests,
            t.availability,
          );
          for (const slo of Object.values(t.slo)) {
            const burn = errors / requests / (1 - slo.target / 100);
            check(`${at} burn rate ${slo.target}`, burn, slo.burnRate);
            check(
              `${at} budget remaining ${slo.target}`,
              1 - burn,
              slo.errorBudgetRemaining,
            );
          }
        }
        checked.push(`${svc.service}/${w}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked.length).toBe(12 * WINDOW_NAMES.length);
    expect([...new Set(withoutSeries)]).toEqual(['experiments-service']);
  }, 60_000);

  it('returns the callers (share, error ratio, p95) of a few services', async () => {
    mismatches.length = 0;
    let checked = 0;
    for (const service of [
      'customer-api',
      'notification-service',
      'payment-gateway',
      'invoice-service',
    ]) {
      for (const w of WINDOW_NAMES) {
        const t = truth.services[service].windows[w];
        const all = await increaseBy(
          `http_server_requests_total{service="${service}"}`,
          w,
          ['caller'],
        );
        const bad = await increaseBy(
          `http_server_requests_total{service="${service}",code=~"5.."}`,
          w,
          ['caller'],
        );
        const p95 = await promQuery(
          baseUrl,
          `histogram_quantile(0.95, sum by (caller, le) (increase(http_server_request_duration_seconds_bucket{service="${service}"}[${w}])))`,
          truth.tolerance.queryTime,
        );
        const total = [...all.values()].reduce((a, b) => a + b, 0);
        if (all.size !== t.callers.length)
          mismatches.push(`${service} ${w}: ${all.size} callers`);
        for (const c of t.callers) {
          const requests = all.get(c.caller) ?? NaN;
          const at = `${service} ${w} ${c.caller}`;
          check(`${at} requests`, requests, c.requests);
          if (total > 0) check(`${at} share`, requests / total, c.share);
          if (requests > 0) {
            check(
              `${at} error ratio`,
              (bad.get(c.caller) ?? 0) / requests,
              c.errorRatio,
            );
            const q = p95.find(r => r.metric.caller === c.caller);
            check(`${at} p95`, Number(q?.value[1]), c.p95Seconds);
          }
          checked++;
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  }, 60_000);

  it('returns the integrations (success rate, error classes, unknown share) of every service', async () => {
    mismatches.length = 0;
    let checked = 0;
    for (const w of WINDOW_NAMES) {
      const result = await increaseBy('integration_requests_total', w, [
        'service',
        'integration',
        'outcome',
        'error_class',
      ]);
      for (const svc of Object.values(truth.services)) {
        for (const [name, t] of Object.entries(svc.windows[w].integrations)) {
          let successes = 0;
          const failures: Record<string, number> = {};
          for (const [key, v] of result) {
            const [service, integration, outcome, cls] = key.split('|');
            if (service !== svc.service || integration !== name) continue;
            if (outcome === 'success') successes += v;
            else {
              const k = cls === '' || cls === 'unknown' ? 'unknown' : cls;
              failures[k] = (failures[k] ?? 0) + v;
            }
          }
          const failed = Object.values(failures).reduce((a, b) => a + b, 0);
          const at = `${svc.service} ${name} ${w}`;
          check(`${at} requests`, successes + failed, t.requests);
          check(
            `${at} success rate`,
            successes / (successes + failed),
            t.successRate,
          );
          if (failed > 0) {
            for (const [cls, share] of Object.entries(t.errorClasses)) {
              check(`${at} class ${cls}`, (failures[cls] ?? 0) / failed, share);
            }
            check(
              `${at} unknown share`,
              (failures.unknown ?? 0) / failed,
              t.unknownShare,
            );
          }
          checked++;
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(8 * WINDOW_NAMES.length);
  }, 60_000);

  it('scrapes live samples newer than T0 that continue the same series without a reset', async () => {
    const latest = await promQuery(
      baseUrl,
      'min by (service) (timestamp(http_server_requests_total))',
    );
    expect(latest.length).toBe(12);
    expect(latest.filter(r => Number(r.value[1]) <= truth.t0)).toEqual([]);

    const now = Date.now() / 1000;
    const minutes = Math.ceil((now - truth.t0) / 60) + 30;
    const resets = await promQuery(
      baseUrl,
      `sum(resets(http_server_requests_total[${minutes}m])) + sum(resets(integration_requests_total[${minutes}m]))`,
    );
    expect(Number(resets[0].value[1])).toBe(0);

    // The newest scraped value is the model's cumulative value at the scrape time.
    const selector =
      'http_server_requests_total{service="customer-api",caller="gateway",code="200"}';
    const [value] = await promQuery(baseUrl, selector);
    const [ts] = await promQuery(baseUrl, `timestamp(${selector})`);
    const live = new LiveValues(
      createModel({ seed: truth.seed, t0: truth.t0 }),
    );
    const model = live.model;
    const index = model.series.find(
      s =>
        s.name === 'http_server_requests_total' &&
        s.labels.service === 'customer-api' &&
        s.labels.caller === 'gateway' &&
        s.labels.code === '200',
    )!.index;
    const expected = live.update(Number(ts.value[1]))[index];
    expect(close(Number(value.value[1]), expected, 1e-5, 0)).toBe(true);
  }, 60_000);
});
