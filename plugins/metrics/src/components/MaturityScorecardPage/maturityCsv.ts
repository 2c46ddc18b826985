import { dayOf } from '@metrics-suite/backstage-plugin-metrics-common';
import { CsvCell, toCsv } from './csv';
import type { ScorecardRow } from './rows';

const COLUMNS: ReadonlyArray<{
  header: string;
  value: (row: ScorecardRow) => CsvCell;
}> = [
  { header: 'team', value: r => r.team.entityRef },
  { header: 'title', value: r => r.team.title },
  { header: 'parent', value: r => r.team.parentRef },
  { header: 'stage', value: r => r.team.stage },
  { header: 'stage name', value: r => r.team.stageName },
  { header: 'weeks looked', value: r => r.weeksLooked },
  { header: 'weeks considered', value: r => r.team.evidence.weeks.length },
  { header: 'goals', value: r => r.team.evidence.goals.count },
  { header: 'follow-ups', value: r => r.team.evidence.followUps.count },
  {
    header: 'definition changes',
    value: r => r.team.evidence.definitionChanges.count,
  },
  {
    header: 'acted reviews',
    value: r => r.team.evidence.decisions.actedWithMetric,
  },
  { header: 'next step', value: r => r.team.nextStep },
  { header: 'assessed at', value: r => r.team.assessedAt },
];

/** The scorecard rows as CSV, one line per team in the order given. */
export function maturityCsv(rows: ScorecardRow[]): string {
  return toCsv(
    COLUMNS.map(c => c.header),
    rows.map(row => COLUMNS.map(c => c.value(row))),
  );
}

/** `metrics-maturity-2025-03-10.csv`, or `metrics-maturity-platform-tribe-2025-03-10.csv` when filtered. */
export function maturityCsvFileName(now: Date, parentLabel?: string): string {
  const slug = parentLabel
    ?.toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const name = ['metrics-maturity', slug, dayOf(now)].filter(Boolean).join('-');
  return `${name}.csv`;
}
