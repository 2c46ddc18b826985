import { maturityCsv, maturityCsvFileName } from './maturityCsv';
import { history, teamMaturity } from './maturityTestData';
import { toRows } from './rows';

describe('maturityCsv', () => {
  it('writes one line per team with the agreed columns, quoting where needed', () => {
    const rows = toRows([
      teamMaturity({
        entityRef: 'group:default/identity-squad',
        title: 'Identity squad, "IAM"',
        stage: 2,
        nextStep:
          'Follow up a goal after its due date,\nwith the measured outcome.',
      }),
      teamMaturity({
        entityRef: 'group:default/lone-team',
        title: undefined,
        parentRef: undefined,
        stage: 6,
        nextStep: undefined,
        history: history(6),
      }),
    ]);
    const lines = maturityCsv(rows).split('\r\n');
    expect(lines[0]).toBe(
      'team,title,parent,stage,stage name,weeks looked,weeks considered,goals,follow-ups,definition changes,acted reviews,next step,assessed at',
    );
    expect(lines[1]).toBe(
      'group:default/identity-squad,"Identity squad, ""IAM""",group:default/platform-tribe,2,project preplanning,3,4,2,1,0,0,"Follow up a goal after its due date,\nwith the measured outcome.",2025-03-10T05:00:00.000Z',
    );
    expect(lines[2]).toBe(
      'group:default/lone-team,,,6,regularly acting,3,4,2,1,0,0,,2025-03-10T05:00:00.000Z',
    );
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);
  });
});

describe('maturityCsvFileName', () => {
  const now = new Date('2025-03-10T12:00:00Z');

  it('names the day and, when filtered, the parent group', () => {
    expect(maturityCsvFileName(now)).toBe('metrics-maturity-2025-03-10.csv');
    expect(maturityCsvFileName(now, 'platform-tribe')).toBe(
      'metrics-maturity-platform-tribe-2025-03-10.csv',
    );
    expect(maturityCsvFileName(now, 'Other NS/Ops tribe')).toBe(
      'metrics-maturity-other-ns-ops-tribe-2025-03-10.csv',
    );
  });
});
