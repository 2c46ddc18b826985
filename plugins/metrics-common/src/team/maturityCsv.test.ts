import { MATURITY_STAGE_NAMES } from './thresholds';
import {
  MaturityCsvTeam,
  maturityCsvFileName,
  maturityCsvHeader,
  maturityCsvLine,
} from './maturityCsv';

function team(overrides: Partial<MaturityCsvTeam> = {}): MaturityCsvTeam {
  return {
    entityRef: 'group:default/identity-squad',
    title: 'Identity squad',
    parentRef: 'group:default/platform-tribe',
    stage: 2,
    stageName: MATURITY_STAGE_NAMES[2],
    nextStep: 'Reach stage 3.',
    evidence: {
      views: { count: 14 },
      goals: { count: 2, open: 1, due: 1 },
      followUps: { count: 1, met: 1, missed: 0 },
      weeks: ['2025-03-10', '2025-03-03', '2025-02-24', '2025-02-17'].map(
        (week, i) => ({ week, reviewed: false, viewDays: 3, looked: i !== 3 }),
      ),
      definitionChanges: { count: 0 },
      decisions: { reviews: 1, actedWithMetric: 0 },
    },
    assessedAt: '2025-03-10T05:00:00.000Z',
    ...overrides,
  };
}

describe('maturity CSV', () => {
  it('writes the agreed columns, quoting where needed', () => {
    expect(maturityCsvHeader()).toBe(
      'team,title,parent,stage,stage name,weeks looked,weeks considered,goals,follow-ups,definition changes,acted reviews,next step,assessed at\r\n',
    );
    expect(
      maturityCsvLine(
        team({
          title: 'Identity squad, "IAM"',
          nextStep:
            'Follow up a goal after its due date,\nwith the measured outcome.',
        }),
      ),
    ).toBe(
      'group:default/identity-squad,"Identity squad, ""IAM""",group:default/platform-tribe,2,project preplanning,3,4,2,1,0,0,"Follow up a goal after its due date,\nwith the measured outcome.",2025-03-10T05:00:00.000Z\r\n',
    );
    expect(
      maturityCsvLine(
        team({
          title: undefined,
          parentRef: undefined,
          nextStep: undefined,
          stage: 6,
          stageName: MATURITY_STAGE_NAMES[6],
        }),
      ),
    ).toBe(
      'group:default/identity-squad,,,6,regularly acting,3,4,2,1,0,0,,2025-03-10T05:00:00.000Z\r\n',
    );
  });

  it('names the day and, when filtered, the parent group', () => {
    const now = new Date('2025-03-10T12:00:00Z');
    expect(maturityCsvFileName(now)).toBe('metrics-maturity-2025-03-10.csv');
    expect(maturityCsvFileName(now, 'group:default/platform-tribe')).toBe(
      'metrics-maturity-platform-tribe-2025-03-10.csv',
    );
    expect(maturityCsvFileName(now, 'group:other-ns/Ops_tribe')).toBe(
      'metrics-maturity-other-ns-ops-tribe-2025-03-10.csv',
    );
  });
});
