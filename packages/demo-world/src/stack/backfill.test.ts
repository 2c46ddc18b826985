import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HISTORY_SECONDS } from '../model';
import { TEST_T0 } from '../testUtils';
import {
  backfillRange,
  recordedSeries,
  recordingsOpenMetrics,
} from './backfill';
import { which } from './proc';
import { INSTALL_HINT } from './stack';

const HOUR = 3600;

describe('backfill of the hourly recordings', () => {
  it('evaluates at the whole hours whose hour lies inside the history', () => {
    const t0 = TEST_T0 + 47 * 60; // 12:47
    const start = t0 - HISTORY_SECONDS; // 11:47, 28 days earlier
    expect(backfillRange(start, t0)).toEqual({
      // 12:00 would count 11:00-12:00, of which the history holds the last 13 minutes.
      start: start - 47 * 60 + 2 * HOUR,
      end: t0 - 47 * 60,
      step: HOUR,
    });
    // A history starting and ending on the hour: its first hour ends an hour in.
    expect(backfillRange(TEST_T0 - HISTORY_SECONDS, TEST_T0)).toEqual({
      start: TEST_T0 - HISTORY_SECONDS + HOUR,
      end: TEST_T0,
      step: HOUR,
    });
    expect(backfillRange(TEST_T0 + 60, TEST_T0 + HOUR + 59)).toBeUndefined();
  });

  it('stores what a recording rule stores: the result labels under the rule name, rule labels winning', () => {
    const rule = {
      record: 'slo:sli_good:increase1h',
      expr: 'sum(increase(x[1h]))',
      labels: { slo: 'availability', entity: 'component:default/a' },
    };
    expect(
      recordedSeries(rule, [
        {
          metric: { __name__: 'x', slo: 'other', code: '200' },
          values: [[TEST_T0, '12']],
        },
      ]),
    ).toEqual([
      {
        name: 'slo:sli_good:increase1h',
        labels: {
          code: '200',
          slo: 'availability',
          entity: 'component:default/a',
        },
        samples: [[TEST_T0, '12']],
      },
    ]);
    expect(() =>
      recordedSeries({ alert: 'ErrorBudgetBurn', expr: 'vector(1)' }, []),
    ).toThrow(/only recording rules/);
  });

  const series = [
    {
      name: 'slo:sli_valid:increase1h',
      labels: { slo: 'availability', entity: 'component:default/a"b' },
      samples: [
        [TEST_T0 - HOUR, '10.5'],
        [TEST_T0, 'NaN'],
      ] as Array<[number, string]>,
    },
    {
      name: 'slo:sli_good:increase1h',
      labels: { slo: 'availability', entity: 'component:default/a"b' },
      samples: [[TEST_T0, '0.30000000000000004']] as Array<[number, string]>,
    },
  ];

  it('writes gauges in OpenMetrics, values exactly as Prometheus printed them', () => {
    expect(recordingsOpenMetrics(series)).toBe(
      [
        '# TYPE slo:sli_good:increase1h gauge',
        `slo:sli_good:increase1h{entity="component:default/a\\"b",slo="availability"} 0.30000000000000004 ${TEST_T0}`,
        '# TYPE slo:sli_valid:increase1h gauge',
        `slo:sli_valid:increase1h{entity="component:default/a\\"b",slo="availability"} 10.5 ${
          TEST_T0 - HOUR
        }`,
        `slo:sli_valid:increase1h{entity="component:default/a\\"b",slo="availability"} NaN ${TEST_T0}`,
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('is loaded by promtool with its samples at the whole hours', () => {
    const promtool = which(process.env.DEMO_PROMTOOL_BIN || 'promtool');
    if (!promtool) {
      throw new Error(
        `promtool is missing (DEMO_PROMTOOL_BIN or promtool on PATH); install it with: ${INSTALL_HINT}`,
      );
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-world-backfill-'));
    try {
      const file = path.join(dir, 'recordings.om');
      const data = path.join(dir, 'data');
      fs.writeFileSync(file, recordingsOpenMetrics(series));
      const created = spawnSync(
        promtool,
        ['tsdb', 'create-blocks-from', 'openmetrics', file, data],
        { encoding: 'utf8' },
      );
      expect(created.status).toBe(0);
      // `tsdb dump` reads a data folder, which has a WAL folder.
      fs.mkdirSync(path.join(data, 'wal'));
      const dumped = spawnSync(promtool, ['tsdb', 'dump', data], {
        encoding: 'utf8',
      });
      expect(dumped.status).toBe(0);
      const samples = dumped.stdout
        .trim()
        .split('\n')
        .map(line => line.split(' ').slice(-2))
        .sort((a, b) => Number(a[1]) - Number(b[1]));
      expect(samples).toEqual([
        ['10.5', String((TEST_T0 - HOUR) * 1000)],
        ['0.30000000000000004', String(TEST_T0 * 1000)],
        ['NaN', String(TEST_T0 * 1000)],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
