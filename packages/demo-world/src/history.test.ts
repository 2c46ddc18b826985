import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BLOCK_SECONDS,
  COUNTER_SCHEDULE,
  computeHistory,
  HISTOGRAM_SCHEDULE,
  HistorySamples,
  openMetricsString,
  renderOpenMetrics,
  sampleTimes,
  writeOpenMetricsFiles,
} from './history';
import {
  createModel,
  DAY,
  HISTORY_SECONDS,
  HOUR,
  SeriesInfo,
  TrafficModel,
} from './model';
import { testHistory, testModel, testTruth, TEST_T0 } from './testUtils';
import { WINDOWS, WINDOW_NAMES } from './world';

/** sha256 and length of the whole OpenMetrics text (too long for one string), chunk by chunk. */
function digest(model: TrafficModel, history: HistorySamples) {
  const hash = crypto.createHash('sha256');
  let length = 0;
  renderOpenMetrics(model, history, chunk => {
    hash.update(chunk);
    length += chunk.length;
  });
  return { sha: hash.digest('hex'), length };
}

jest.setTimeout(180_000);

describe('history', () => {
  const model = testModel();
  const history = testHistory();

  it('is byte-identical for the same seed and T0 (a fresh model and computation)', () => {
    const fresh = createModel({ seed: 42, t0: TEST_T0 });
    const a = digest(model, history);
    expect(digest(fresh, computeHistory(fresh))).toEqual(a);
    expect(a.length).toBeGreaterThan(5e8);
    // A block's text as one string: the same bytes as in the whole text.
    const range = { from: TEST_T0 - HOUR, to: TEST_T0 + 1 };
    expect(openMetricsString(model, history, range)).toMatch(/# EOF\n$/);
  });

  it('puts a sample on every window edge and the restart, for both schedules', () => {
    for (const schedule of [COUNTER_SCHEDULE, HISTOGRAM_SCHEDULE]) {
      const times = new Set(sampleTimes(TEST_T0, schedule));
      expect(Math.min(...times)).toBe(TEST_T0 - HISTORY_SECONDS);
      expect(Math.max(...times)).toBe(TEST_T0);
      for (const w of WINDOW_NAMES)
        expect(times.has(TEST_T0 - WINDOWS[w])).toBe(true);
      expect(times.has(TEST_T0 - 36 * HOUR)).toBe(true);
      expect(times.has(TEST_T0 - 36 * HOUR + 300)).toBe(true);
    }
    const counter = sampleTimes(TEST_T0, COUNTER_SCHEDULE);
    expect(counter.filter(t => t > TEST_T0 - 26 * HOUR).length).toBe(26 * 60); // one per minute, T0 included
  });

  it('is well-formed OpenMetrics', () => {
    // Checked by hand (one expect per line would take minutes for 3.8M lines).
    const problems: string[] = [];
    const problem = (p: string) => {
      if (problems.length < 10) problems.push(p);
    };
    const sample =
      /^([a-z_]+)\{((?:[a-z_]+="[^"\\]*",?)*)\} (\d+(?:\.\d+)?) (\d+)$/;
    const typeOf = new Map<string, string>();
    const seenFamilies: string[] = [];
    let family = '';
    let lastSeries = '';
    let lastTs = 0;
    let lastValue = 0;
    let eof = 0;
    let afterEof = 0;
    const seenSeries = new Set<string>();
    // One chunk per series (plus headers and EOF), each ending with a newline.
    const check = (line: string) => {
      if (eof > 0) afterEof++;
      if (line === '# EOF') {
        eof++;
        return;
      }
      if (line.startsWith('# TYPE ')) {
        const [, , name, type] = line.split(' ');
        if (type !== 'counter' && type !== 'histogram') problem(`type ${line}`);
        if (seenFamilies.includes(name)) problem(`family twice: ${name}`);
        seenFamilies.push(name);
        typeOf.set(name, type);
        family = name;
        return;
      }
      if (line.startsWith('# HELP ')) return;
      const m = sample.exec(line);
      if (!m) {
        problem(`bad line: ${line}`);
        return;
      }
      const [, name, labels, value, tsText] = m;
      const suffixes =
        typeOf.get(family) === 'counter'
          ? ['_total']
          : ['_bucket', '_count', '_sum'];
      if (
        !name.startsWith(family) ||
        !suffixes.includes(name.slice(family.length))
      ) {
        problem(`${name} outside its family ${family}`);
      }
      const key = `${name}{${labels}}`;
      if (key !== lastSeries) {
        if (seenSeries.has(key)) problem(`series not contiguous: ${key}`);
        seenSeries.add(key);
        lastSeries = key;
        lastTs = 0;
        lastValue = 0;
      }
      const ts = Number(tsText);
      const v = Number(value);
      if (ts <= lastTs) problem(`time order: ${line}`);
      // Only the payment-gateway restart may lower a counter (to 0, 5 minutes after the restart).
      if (
        v < lastValue &&
        !(
          labels.includes('service="payment-gateway"') &&
          ts === TEST_T0 - 36 * HOUR + 300 &&
          v === 0
        )
      ) {
        problem(`counter decreased: ${line}`);
      }
      if (name.endsWith('_bucket') && !/le="(\d+(\.\d+)?|\+Inf)"$/.test(labels))
        problem(`le: ${line}`);
      if (/(^|,)(job|instance)=/.test(labels)) problem(`job/instance: ${line}`);
      lastTs = ts;
      lastValue = v;
    };
    renderOpenMetrics(model, history, chunk => {
      if (!chunk.endsWith('\n')) problem('chunk without final newline');
      const lines = chunk.split('\n');
      lines.pop();
      for (const line of lines) check(line);
    });
    expect([eof, afterEof]).toEqual([1, 0]);
    expect(problems).toEqual([]);
    expect(seenFamilies).toEqual([
      'http_server_requests',
      'http_server_request_duration_seconds',
      'integration_requests',
      'traces_service_graph_request',
      'traces_service_graph_request_failed',
      'traces_service_graph_request_server_seconds',
      'istio_requests',
      'istio_request_duration_milliseconds',
      'response',
      'response_latency_ms',
    ]);
    expect(seenSeries.size).toBe(model.size);
  });

  it('splits into promtool block files without losing or duplicating samples', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-world-om-'));
    try {
      const files = writeOpenMetricsFiles(model, dir, { history });
      const total = history.values.reduce((a, v) => a + v.length, 0);
      expect(files.reduce((a, f) => a + f.samples, 0)).toBe(total);
      for (const f of files) {
        expect(f.from % BLOCK_SECONDS).toBe(0);
        const content = fs.readFileSync(f.file, 'utf8');
        expect(content.endsWith('# EOF\n')).toBe(true);
        let outside = 0;
        for (const l of content.split('\n')) {
          if (!l || l.startsWith('#')) continue;
          const t = Number(l.slice(l.lastIndexOf(' ') + 1));
          if (!(t >= f.from && t < f.to)) outside++;
        }
        expect(outside).toBe(0);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reproduces the ground truth with Prometheus's increase() (reset-aware, no extrapolation at aligned edges), for every convention", () => {
    const truth = testTruth();
    const at = (times: number[]) => new Map(times.map((t, i) => [t, i]));
    const counterAt = at(history.counterTimes);
    const histogramAt = at(history.histogramTimes);
    const increase = (s: SeriesInfo, window: number) => {
      const index = s.schedule === 'counter' ? counterAt : histogramAt;
      const first = index.get(TEST_T0 - window)!;
      const last = index.get(TEST_T0)!;
      const v = history.values[s.index];
      let inc = 0;
      for (let k = first + 1; k <= last; k++) {
        inc += v[k] >= v[k - 1] ? v[k] - v[k - 1] : v[k]; // counter reset
      }
      return inc;
    };
    // The request series each convention's PromQL counts, by service.
    const counted = (s: SeriesInfo): string | undefined => {
      const l = s.labels;
      switch (s.convention) {
        case 'metrics-suite':
          return s.kind === 'requests' ? l.service : undefined;
        case 'opentelemetry':
          return s.kind === 'count' ? l.service_name : undefined;
        case 'service-graph':
          return s.name === 'traces_service_graph_request_total'
            ? l.server
            : undefined;
        case 'istio':
          return s.name === 'istio_requests_total' &&
            l.reporter === 'destination'
            ? l.destination_canonical_service
            : undefined;
        case 'linkerd':
          return s.name === 'response_total' && l.direction === 'inbound'
            ? l.deployment
            : undefined;
        default:
          return undefined;
      }
    };
    for (const w of WINDOW_NAMES) {
      const perService = new Map<string, number>();
      for (const s of model.series) {
        const service = counted(s);
        if (!service) continue;
        const key = `${service} ${s.convention}`;
        perService.set(
          key,
          (perService.get(key) ?? 0) + increase(s, WINDOWS[w]),
        );
      }
      const expected = new Map(
        [...perService.keys()].map(key => {
          const [service, convention] = key.split(' ');
          const t = truth.services[service].windows[w];
          return [key, t.byConvention?.[convention]?.requests ?? t.requests];
        }),
      );
      expect([w, perService]).toEqual([w, expected]);
      expect(perService.size).toBe(
        Object.values(truth.services).filter(s => s.hasSeries).length + 1, // booking-service twice
      );
    }
    expect(
      truth.services['payment-gateway'].windows['7d'].requests,
    ).toBeGreaterThan(1e6);
    expect(DAY).toBe(86400);
  });
});
