import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BLOCK_SECONDS,
  COUNTER_SCHEDULE,
  computeHistory,
  HISTOGRAM_SCHEDULE,
  openMetricsString,
  sampleTimes,
  writeOpenMetricsFiles,
} from './history';
import { createModel, DAY, HISTORY_SECONDS, HOUR } from './model';
import { testHistory, testModel, testTruth, TEST_T0 } from './testUtils';
import { WINDOWS, WINDOW_NAMES } from './world';

const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

jest.setTimeout(180_000);

describe('history', () => {
  const model = testModel();
  const history = testHistory();
  const text = openMetricsString(model, history);

  it('is byte-identical for the same seed and T0 (a fresh model and computation)', () => {
    const fresh = createModel({ seed: 42, t0: TEST_T0 });
    expect(sha(openMetricsString(fresh, computeHistory(fresh)))).toBe(
      sha(text),
    );
    expect(text.length).toBeGreaterThan(1e8);
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
    // Checked by hand (one expect per line would take minutes for 1.8M lines).
    const problems: string[] = [];
    const problem = (p: string) => {
      if (problems.length < 10) problems.push(p);
    };
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines[lines.length - 1]).toBe('# EOF');
    const sample =
      /^([a-z_]+)\{((?:[a-z_]+="[^"\\]*",?)*)\} (\d+(?:\.\d+)?) (\d+)$/;
    const typeOf = new Map<string, string>();
    const seenFamilies: string[] = [];
    let family = '';
    let lastSeries = '';
    let lastTs = 0;
    let lastValue = 0;
    const seenSeries = new Set<string>();
    for (const line of lines.slice(0, -1)) {
      if (line.startsWith('# TYPE ')) {
        const [, , name, type] = line.split(' ');
        if (type !== 'counter' && type !== 'histogram') problem(`type ${line}`);
        if (seenFamilies.includes(name)) problem(`family twice: ${name}`);
        seenFamilies.push(name);
        typeOf.set(name, type);
        family = name;
        continue;
      }
      if (line.startsWith('# HELP ')) continue;
      const m = sample.exec(line);
      if (!m) {
        problem(`bad line: ${line}`);
        continue;
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
      lastTs = ts;
      lastValue = v;
    }
    expect(problems).toEqual([]);
    expect(seenFamilies).toEqual([
      'http_server_requests',
      'http_server_request_duration_seconds',
      'integration_requests',
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

  it("reproduces the ground truth with Prometheus's increase() (reset-aware, no extrapolation at aligned edges)", () => {
    const truth = testTruth();
    const times = history.counterTimes;
    const index = new Map(times.map((t, i) => [t, i]));
    for (const w of WINDOW_NAMES) {
      const first = index.get(TEST_T0 - WINDOWS[w])!;
      const last = index.get(TEST_T0)!;
      const perService = new Map<string, number>();
      for (const s of model.series) {
        if (s.kind !== 'requests') continue;
        const v = history.values[s.index];
        let inc = 0;
        for (let k = first + 1; k <= last; k++) {
          inc += v[k] >= v[k - 1] ? v[k] - v[k - 1] : v[k]; // counter reset
        }
        perService.set(s.service, (perService.get(s.service) ?? 0) + inc);
      }
      const expected = new Map(
        [...perService.keys()].map(k => [
          k,
          truth.services[k].windows[w].requests,
        ]),
      );
      expect([w, perService]).toEqual([w, expected]);
    }
    expect(
      truth.services['payment-gateway'].windows['7d'].requests,
    ).toBeGreaterThan(1e6);
    expect(DAY).toBe(86400);
  });
});
