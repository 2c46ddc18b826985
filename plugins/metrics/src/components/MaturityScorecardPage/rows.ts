import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import {
  MATURITY_STAGE_NAMES,
  TeamMaturity,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { weeksLooked } from './evidence';
import { StageTrend, stageTrend } from './trend';

/** One team of the scorecard, with what the table sorts and filters on. */
export interface ScorecardRow {
  /** The team's entity ref; also the table's row id. */
  id: string;
  team: TeamMaturity;
  /** The title, or the humanized ref when the group has none. */
  name: string;
  /** The parent group's ref, normalized (see {@link normalizeGroupRef}). */
  parent?: string;
  trend: StageTrend;
  weeksLooked: number;
}

/** An option of the parent-group filter. */
export interface ParentOption {
  /** Normalized group ref, as kept in the URL. */
  value: string;
  label: string;
  teams: number;
}

/**
 * A group ref in the one spelling the page compares: `platform-tribe`,
 * `group:platform-tribe` and `Group:default/Platform-Tribe` are all
 * `group:default/platform-tribe`. Text that is no entity ref is only trimmed and lowercased.
 */
export function normalizeGroupRef(ref: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref.trim(), {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    return ref.trim().toLocaleLowerCase('en-US');
  }
}

/** `group:default/platform-tribe` → `platform-tribe`; other namespaces and kinds stay visible. */
export function humanizeGroupRef(ref: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(ref), { defaultKind: 'group' });
  } catch {
    return ref;
  }
}

/** Lowest stage first, then the teams that lost stages, then by name. */
export function compareWorstFirst(a: ScorecardRow, b: ScorecardRow): number {
  return (
    a.team.stage - b.team.stage ||
    a.trend.change - b.trend.change ||
    a.name.localeCompare(b.name)
  );
}

/** The scorecard's rows, worst first. */
export function toRows(teams: TeamMaturity[]): ScorecardRow[] {
  return teams
    .map(team => ({
      id: team.entityRef,
      team,
      name: team.title || humanizeGroupRef(team.entityRef),
      parent: team.parentRef ? normalizeGroupRef(team.parentRef) : undefined,
      trend: stageTrend(team.history, team.stage, team.assessedAt),
      weeksLooked: weeksLooked(team.evidence),
    }))
    .sort(compareWorstFirst);
}

/** The parent groups of the teams, by label, each with how many teams it holds. */
export function parentOptions(rows: ScorecardRow[]): ParentOption[] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    if (row.parent) counts.set(row.parent, (counts.get(row.parent) ?? 0) + 1);
  }
  return [...counts]
    .map(([value, teams]) => ({ value, label: humanizeGroupRef(value), teams }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** The rows under one parent group (any spelling of its ref); all rows without a parent. */
export function filterByParent(
  rows: ScorecardRow[],
  parent: string | undefined,
): ScorecardRow[] {
  if (!parent) return rows;
  const wanted = normalizeGroupRef(parent);
  return rows.filter(row => row.parent === wanted);
}

/** Teams per stage, 0 to 6, stages without teams included. */
export function stageDistribution(
  rows: ScorecardRow[],
): Array<{ stage: number; name: string; teams: number }> {
  return MATURITY_STAGE_NAMES.map((name, stage) => ({
    stage,
    name,
    teams: rows.filter(row => row.team.stage === stage).length,
  }));
}
