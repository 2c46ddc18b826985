import { parseEntityRef } from '@backstage/catalog-model';
import { CsvCell, csvLine } from './csv';
import { dayOf } from './dates';
import type { TeamMaturity } from './types';

/**
 * What a CSV line needs of a team: everything but its history and checks.
 *
 * @public
 */
export type MaturityCsvTeam = Pick<
  TeamMaturity,
  | 'entityRef'
  | 'title'
  | 'parentRef'
  | 'stage'
  | 'stageName'
  | 'evidence'
  | 'nextStep'
  | 'assessedAt'
>;

// The scorecard export's columns: the one place they are decided (docs/maturity.md#scorecard).
const COLUMNS: ReadonlyArray<{
  header: string;
  value: (team: MaturityCsvTeam) => CsvCell;
}> = [
  { header: 'team', value: t => t.entityRef },
  { header: 'title', value: t => t.title },
  { header: 'parent', value: t => t.parentRef },
  { header: 'stage', value: t => t.stage },
  { header: 'stage name', value: t => t.stageName },
  {
    header: 'weeks looked',
    value: t => t.evidence.weeks.filter(w => w.looked).length,
  },
  { header: 'weeks considered', value: t => t.evidence.weeks.length },
  { header: 'goals', value: t => t.evidence.goals.count },
  { header: 'follow-ups', value: t => t.evidence.followUps.count },
  {
    header: 'definition changes',
    value: t => t.evidence.definitionChanges.count,
  },
  { header: 'acted reviews', value: t => t.evidence.decisions.actedWithMetric },
  { header: 'next step', value: t => t.nextStep },
  { header: 'assessed at', value: t => t.assessedAt },
];

/**
 * The header line of the maturity CSV export, CRLF-ended.
 *
 * @public
 */
export function maturityCsvHeader(): string {
  return csvLine(COLUMNS.map(c => c.header));
}

/**
 * One team as a line of the maturity CSV export, CRLF-ended.
 *
 * @public
 */
export function maturityCsvLine(team: MaturityCsvTeam): string {
  return csvLine(COLUMNS.map(c => c.value(team)));
}

/**
 * `metrics-maturity-2025-03-10.csv`, or `metrics-maturity-platform-tribe-2025-03-10.csv` when
 * filtered by a parent group (its namespace too when not `default`).
 *
 * @public
 */
export function maturityCsvFileName(now: Date, parentRef?: string): string {
  let label: string | undefined;
  if (parentRef) {
    try {
      const { namespace, name } = parseEntityRef(parentRef, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      });
      label = namespace === 'default' ? name : `${namespace}-${name}`;
    } catch {
      label = parentRef;
    }
  }
  const slug = label
    ?.toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const name = ['metrics-maturity', slug, dayOf(now)].filter(Boolean).join('-');
  return `${name}.csv`;
}
