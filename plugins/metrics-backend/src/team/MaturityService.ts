import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  MaturityHistoryPoint,
  TeamMaturity,
  addDays,
  collectMaturityEvidence,
  evaluateMaturity,
  maturityEvidenceWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { ActivityStore, AssessmentRow } from '../database/ActivityStore';
import type { SnapshotStore } from '../database/SnapshotStore';
import type { TeamRecordStore } from '../database/TeamRecordStore';
import type { MaturityConfig } from '../config/maturity';
import { Team, listTeams, loadTeam } from './teams';

/** Days of stage history returned with each team. */
export const HISTORY_DAYS = 180;
// Assessments are written a few at a time, so hundreds of teams do not exhaust the pool.
const WRITE_CONCURRENCY = 8;

export interface MaturityServiceOptions {
  /** The habits read as evidence, and the assessments written back. */
  stores: {
    activity: ActivityStore;
    teamRecords: Pick<TeamRecordStore, 'listGoals' | 'listReviews'>;
    snapshots: Pick<SnapshotStore, 'listDefinitionChanges'>;
  };
  catalog: CatalogService;
  auth: AuthService;
  config: MaturityConfig;
  now?: () => Date;
}

// Entity refs are case-insensitive (the catalog writes them lower-case), so they compare lower-case.
function key(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

function groupByTeam<T extends { teamRef: string }>(
  rows: T[],
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row.teamRef)) ?? [];
    list.push(row);
    groups.set(key(row.teamRef), list);
  }
  return groups;
}

/**
 * The stored stages of a team (oldest first, before today) reduced to the days the stage
 * changed, then today's point: enough to draw the trend as steps, small enough for hundreds
 * of teams.
 */
export function collapseHistory(
  past: Array<Pick<AssessmentRow, 'day' | 'stage'>>,
  today: MaturityHistoryPoint,
): MaturityHistoryPoint[] {
  const points: MaturityHistoryPoint[] = [];
  for (const row of past) {
    if (row.day >= today.day) continue;
    if (points.length === 0 || points[points.length - 1].stage !== row.stage) {
      points.push({ day: row.day, stage: row.stage });
    }
  }
  points.push(today);
  return points;
}

/**
 * Assesses teams' maturity (docs/maturity.md) from what the store recorded, keeps one assessment
 * per team and day for the stage history, and answers the maturity endpoints.
 */
export class MaturityService {
  private readonly now: () => Date;

  constructor(private readonly options: MaturityServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Every team, sorted by ref; a constant number of store reads whatever their number. */
  async assessAll(): Promise<TeamMaturity[]> {
    const { catalog, auth, config } = this.options;
    const teams = await listTeams(
      catalog,
      config.teamTypes,
      await auth.getOwnServiceCredentials(),
    );
    return this.assess(teams);
  }

  /**
   * One team. Throws NotFoundError when the group does not exist or is not a team
   * (`spec.type` not in `metrics.maturity.teamTypes`).
   */
  async getTeam(teamRef: string): Promise<TeamMaturity> {
    const { catalog, auth, config } = this.options;
    const team = await loadTeam(
      catalog,
      teamRef,
      config.teamTypes,
      await auth.getOwnServiceCredentials(),
    );
    const [maturity] = await this.assess([team]);
    return maturity;
  }

  private async assess(teams: Team[]): Promise<TeamMaturity[]> {
    if (teams.length === 0) return [];
    const { stores, config } = this.options;
    const { activity, teamRecords, snapshots } = stores;
    const { thresholds } = config;
    const now = this.now();
    const window = maturityEvidenceWindow(thresholds, now);
    const { today } = window;
    const teamRefs = teams.map(t => t.entityRef);

    const [views, goals, reviews, changes, assessments] = await Promise.all([
      activity.listViews({
        teamRefs,
        since: `${window.viewsSinceDay}T00:00:00.000Z`,
      }),
      teamRecords.listGoals({ teamRefs }),
      teamRecords.listReviews({ teamRefs, sinceWeek: window.reviewsSinceWeek }),
      snapshots.listDefinitionChanges({
        teamRefs,
        since: `${window.adjustSinceDay}T00:00:00.000Z`,
      }),
      activity.listAssessments({
        teamRefs,
        sinceDay: addDays(today, 1 - HISTORY_DAYS),
      }),
    ]);
    const viewsByTeam = groupByTeam(views);
    const goalsByTeam = groupByTeam(goals);
    const reviewsByTeam = groupByTeam(reviews);
    const changesByTeam = groupByTeam(changes);
    const assessmentsByTeam = groupByTeam(assessments);

    const toSave: AssessmentRow[] = [];
    const results = teams.map(team => {
      const k = key(team.entityRef);
      // Members looking at the team's own metrics: its tab or one of its services.
      const targets = new Set([team.entityRef, ...team.componentRefs].map(key));
      const evidence = collectMaturityEvidence(
        {
          views: (viewsByTeam.get(k) ?? []).filter(v =>
            targets.has(key(v.targetRef)),
          ),
          goals: goalsByTeam.get(k) ?? [],
          reviews: reviewsByTeam.get(k) ?? [],
          definitionChanges: changesByTeam.get(k) ?? [],
        },
        thresholds,
        now,
      );
      const assessment = evaluateMaturity(evidence, thresholds);
      const stored = assessmentsByTeam.get(k) ?? [];
      const todays = stored.find(a => a.day === today);
      // Every scorecard load assesses every team; only a changed assessment is written.
      if (
        !todays ||
        todays.stage !== assessment.stage ||
        JSON.stringify(todays.evidence) !== JSON.stringify(evidence)
      ) {
        toSave.push({
          teamRef: team.entityRef,
          day: today,
          stage: assessment.stage,
          evidence,
          assessedAt: now.toISOString(),
        });
      }
      const maturity: TeamMaturity = {
        entityRef: team.entityRef,
        ...(team.title ? { title: team.title } : {}),
        ...(team.parentRef ? { parentRef: team.parentRef } : {}),
        ...assessment,
        evidence,
        history: collapseHistory(stored, {
          day: today,
          stage: assessment.stage,
        }),
        assessedAt: now.toISOString(),
      };
      return maturity;
    });

    for (let i = 0; i < toSave.length; i += WRITE_CONCURRENCY) {
      await Promise.all(
        toSave
          .slice(i, i + WRITE_CONCURRENCY)
          .map(row => activity.saveAssessment(row)),
      );
    }
    return results;
  }
}
