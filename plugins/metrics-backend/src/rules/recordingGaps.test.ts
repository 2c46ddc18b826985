import {
  SloDefinition,
  sloRecordSelector,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { gapParts, missingHourRuns } from './recordingGaps';

const H = 3_600;
const T = 1_735_689_600; // a whole hour

const slo = {
  name: 'availability',
  entityRef: 'component:default/checkout',
  queries: {
    good: 'sum(increase(ok_total[{{window}}]))',
    total: 'sum(increase(all_total[{{window}}]))',
  },
} as SloDefinition;

describe('missingHourRuns', () => {
  it('groups the missing hours into runs, oldest first', () => {
    const present = new Set([T, T + 3 * H, T + 5 * H]);
    expect(missingHourRuns(present, T, T + 6 * H)).toEqual([
      { first: T + H, last: T + 2 * H },
      { first: T + 4 * H, last: T + 4 * H },
      { first: T + 6 * H, last: T + 6 * H },
    ]);
  });

  it('finds nothing when every hour is recorded', () => {
    expect(missingHourRuns(new Set([T, T + H]), T, T + H)).toEqual([]);
  });
});

describe('gapParts', () => {
  it('reads a run raw up to the end of the next recorded hour, and takes that recording off', () => {
    const at = T + 10 * H + 1_800;
    const { parts, reads } = gapParts(
      slo,
      'valid',
      at,
      [{ first: T + 2 * H, last: T + 3 * H }],
      '28d',
    );
    // From the start of the first missing hour (T + H) to the end of the recorded one after
    // the run (T + 4 H): three hours, read at T + 4 H.
    expect(parts).toEqual([
      [
        '28d:gap0',
        `last_over_time((sum(sum(increase(all_total[${
          3 * H
        }s]))))[1s:1s] offset ${at - (T + 4 * H)}s)`,
      ],
      [
        '28d:gap0:next',
        `sum(${sloRecordSelector(slo, 'slo:sli_valid:increase1h')} offset ${
          at - (T + 4 * H)
        }s)`,
      ],
    ]);
    expect(reads).toEqual([
      { tag: '28d:gap0', replaces: '28d:gap0:next', replacesTail: false },
    ]);
  });

  it('reads a run reaching the last whole hour raw up to the end, in place of the tail', () => {
    const at = T + 10 * H + 1_800;
    const { parts, reads } = gapParts(
      slo,
      'good',
      at,
      [{ first: T + 9 * H, last: T + 10 * H }],
      'previous',
    );
    expect(parts).toEqual([
      ['previous:gap0', `sum(sum(increase(ok_total[${2 * H + 1_800}s])))`],
    ]);
    expect(reads).toEqual([{ tag: 'previous:gap0', replacesTail: true }]);
  });
});
