import { formatValue } from './history';
import { createLiveRegistry } from './exporter';
import { FAMILIES } from './model';
import { testHistory, testModel, TEST_T0 } from './testUtils';

jest.setTimeout(120_000);

/** Parses Prometheus text exposition into selector → value. */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

function selector(name: string, labels: Record<string, string>) {
  return `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;
}

describe('live exporter', () => {
  const model = testModel();

  it('continues the history: same series and values at T0, increasing after', async () => {
    const history = testHistory();
    let now = TEST_T0;
    const { registry, live } = createLiveRegistry(model, () => now);
    const atT0 = parse(await registry.metrics());
    expect(atT0.size).toBe(model.size);
    for (const s of model.series) {
      const last = history.values[s.index][history.values[s.index].length - 1];
      expect(atT0.get(selector(s.name, s.labels))).toBe(
        Number(formatValue(last, s)),
      );
    }
    now = TEST_T0 + 95.5;
    const later = parse(await registry.metrics());
    let grew = 0;
    for (const [key, v] of later) {
      expect(v).toBeGreaterThanOrEqual(atT0.get(key)!);
      if (v > atT0.get(key)!) grew++;
    }
    expect(grew).toBeGreaterThan(model.size / 2);
    // Time never goes backwards for a counter.
    now = TEST_T0 + 10;
    const back = parse(await registry.metrics());
    for (const [key, v] of back)
      expect(v).toBeGreaterThanOrEqual(later.get(key)!);

    // The running minute is added pro rata, in whole numbers.
    const i = model.series.find(
      s =>
        s.labels.service === 'customer-api' &&
        s.labels.caller === 'gateway' &&
        s.labels.code === '200',
    )!.index;
    const a = live.update(TEST_T0 + 120)[i];
    const b = live.update(TEST_T0 + 150)[i];
    const c = live.update(TEST_T0 + 180)[i];
    expect(Number.isInteger(b)).toBe(true);
    expect(b - a).toBeGreaterThan(0);
    expect(Math.abs(b - a - (c - a) / 2)).toBeLessThanOrEqual(1);
  });

  it('exposes every family of every convention once, with its type', async () => {
    const { registry } = createLiveRegistry(model, () => TEST_T0 + 30);
    const text = await registry.metrics();
    const types = text
      .split('\n')
      .filter(l => l.startsWith('# TYPE '))
      .map(l => l.slice('# TYPE '.length));
    expect(types).toEqual(
      FAMILIES.map(
        f =>
          `${f.type === 'counter' ? `${f.family}_total` : f.family} ${f.type}`,
      ),
    );
    const parsed = parse(text);
    // The suite's histogram family also carries OpenTelemetry's series.
    expect(
      [...parsed.keys()].filter(k =>
        k.startsWith(
          'http_server_request_duration_seconds_count{service_name="search-service"',
        ),
      ),
    ).toHaveLength(4);
    expect(
      [...parsed.keys()].filter(k => k.startsWith('istio_requests_total{')),
    ).toHaveLength(20);
    expect([...parsed.keys()].some(k => /[{,](job|instance)=/.test(k))).toBe(
      false,
    );
  });
});
