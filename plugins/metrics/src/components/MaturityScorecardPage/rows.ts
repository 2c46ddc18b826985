import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import {
  MaturityParentCount,
  StageTrend,
  stageTrend,
  TeamMaturity,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { weeksLooked } from './evidence';

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

/** The scorecard's rows, in the order the backend answered them. */
export function toRows(teams: TeamMaturity[]): ScorecardRow[] {
  return teams.map(team => ({
    id: team.entityRef,
    team,
    name: team.title || humanizeGroupRef(team.entityRef),
    parent: team.parentRef ? normalizeGroupRef(team.parentRef) : undefined,
    trend: stageTrend(team.history, team.stage, team.assessedAt),
    weeksLooked: weeksLooked(team.evidence),
  }));
}

/** The backend's parent groups as filter options, by label. */
export function parentOptions(parents: MaturityParentCount[]): ParentOption[] {
  return parents
    .map(({ parentRef, teams }) => {
      const value = normalizeGroupRef(parentRef);
      return { value, label: humanizeGroupRef(value), teams };
    })
    .sort((a, b) => a.label.localeCompare(b.label));
}
