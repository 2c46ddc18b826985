import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  MATURITY_STAGE_NAMES,
  MaturityAssessment,
  MaturityCsvTeam,
  MaturityEvidence,
  MaturityFilter,
  MaturityHistoryPoint,
  MaturityListResponse,
  MaturityParentCount,
  MaturityTrendCount,
  TREND_DAYS,
  TeamMaturity,
  addDays,
  collectMaturityEvidence,
  evaluateMaturity,
  maturityEvidenceWindow,
  stageTrend,
  trendDays,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { ActivityStore, AssessmentRow } from '../database/ActivityStore';
import type { SnapshotStore } from '../database/SnapshotStore';
import type { TeamRecordStore } from '../database/TeamRecordStore';
import type { MaturityConfig } from '../config/maturity';
import { Team, listTeams, loadTeam } from './teams';

/** Days of stage history returned with each team. */
export const HISTORY_DAYS = 180;

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

/** A team with today's assessment, before its history is read. */
interface Assessed {
  team: Team;
  evidence: MaturityEvidence;
  assessment: MaturityAssessment;
}

/** How the scorecard orders teams: lowest stage first, then by name, then by ref. */
export function compareAssessed(a: Assessed, b: Assessed): number {
  return (
    a.assessment.stage - b.assessment.stage ||
    sortName(a.team).localeCompare(sortName(b.team), 'en-US') ||
    a.team.entityRef.localeCompare(b.team.entityRef, 'en-US')
  );
}

// The name the page shows: the title, else the ref's name.
function sortName(team: Team): string {
  return (
    team.title ?? team.entityRef.slice(team.entityRef.indexOf('/') + 1)
  ).toLocaleLowerCase('en-US');
}

/** Whether a team passes the parent and search filters (the stage filter needs its stage). */
export function matchesTeam(team: Team, filter: MaturityFilter): boolean {
  if (filter.parent && key(team.parentRef ?? '') !== key(filter.parent)) {
    return false;
  }
  if (filter.search) {
    const search = key(filter.search);
    return (
      key(team.entityRef).includes(search) ||
      key(team.title ?? '').includes(search)
    );
  }
  return true;
}

/** Each parent group with how many teams it holds, by ref. */
function countParents(teams: Team[]): MaturityParentCount[] {
  const counts = new Map<string, number>();
  for (const team of teams) {
    if (team.parentRef) {
      const ref = key(team.parentRef);
      counts.set(ref, (counts.get(ref) ?? 0) + 1);
    }
  }
  return [...counts]
    .map(([parentRef, count]) => ({ parentRef, teams: count }))
    .sort((a, b) => a.parentRef.localeCompare(b.parentRef, 'en-US'));
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
 * per team and day for the stage history, and answers the maturity endpoints. Every answer costs
 * a constant number of store reads and writes, whatever the number of teams.
 */
export class MaturityService {
  private readonly now: () => Date;

  constructor(private readonly options: MaturityServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Every team, sorted by ref, with its history. */
  async assessAll(): Promise<TeamMaturity[]> {
    return this.assessWithHistory(await this.listTeams());
  }

  /**
   * One page of the teams matching `filter`, in the scorecard's order
   * ({@link compareAssessed}), with the filtered set's stage counts. Only the page's teams
   * have their history read.
   */
  async list(
    filter: MaturityFilter,
    page: { limit: number; offset: number },
  ): Promise<MaturityListResponse> {
    const { parents, shown } = await this.select(filter);
    const pageOf = shown.slice(page.offset, page.offset + page.limit);
    const [history, trend] = await Promise.all([
      this.readHistory(pageOf.map(a => a.team)),
      this.countTrend(shown),
    ]);
    return {
      items: pageOf.map(a => this.toMaturity(a, history)),
      totalItems: shown.length,
      offset: page.offset,
      limit: page.limit,
      stages: MATURITY_STAGE_NAMES.map((name, stage) => ({
        stage: stage as TeamMaturity['stage'],
        name,
        teams: shown.filter(a => a.assessment.stage === stage).length,
      })),
      parents,
      trend,
    };
  }

  /** Every team matching `filter`, in the scorecard's order, as the CSV export writes them. */
  async listForExport(filter: MaturityFilter): Promise<MaturityCsvTeam[]> {
    const { shown } = await this.select(filter);
    const assessedAt = this.now().toISOString();
    return shown.map(({ team, assessment, evidence }) => ({
      entityRef: team.entityRef,
      ...(team.title ? { title: team.title } : {}),
      ...(team.parentRef ? { parentRef: team.parentRef } : {}),
      stage: assessment.stage,
      stageName: assessment.stageName,
      ...(assessment.nextStep ? { nextStep: assessment.nextStep } : {}),
      evidence,
      assessedAt,
    }));
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
    const [maturity] = await this.assessWithHistory([team]);
    return maturity;
  }

  private async listTeams(): Promise<Team[]> {
    const { catalog, auth, config } = this.options;
    return listTeams(
      catalog,
      config.teamTypes,
      await auth.getOwnServiceCredentials(),
    );
  }

  /** Filters by parent and search before reading evidence, by stage after assessing. */
  private async select(filter: MaturityFilter) {
    const teams = await this.listTeams();
    const candidates = teams.filter(team => matchesTeam(team, filter));
    const assessed = await this.assess(candidates);
    await this.saveChanged(
      assessed,
      await this.options.stores.activity.listAssessments({
        teamRefs: candidates.map(t => t.entityRef),
        sinceDay: this.today(),
      }),
    );
    const stages = filter.stages;
    const shown = (
      stages
        ? assessed.filter(a => stages.includes(a.assessment.stage))
        : assessed
    ).sort(compareAssessed);
    return { parents: countParents(teams), shown };
  }

  private async assessWithHistory(teams: Team[]): Promise<TeamMaturity[]> {
    const assessed = await this.assess(teams);
    const history = await this.readHistory(teams);
    await this.saveChanged(assessed, [...history.values()].flat());
    return assessed.map(a => this.toMaturity(a, history));
  }

  private today(): string {
    return maturityEvidenceWindow(this.options.config.thresholds, this.now())
      .today;
  }

  /** The stored assessments of the history window, by team. */
  private async readHistory(
    teams: Team[],
  ): Promise<Map<string, AssessmentRow[]>> {
    if (teams.length === 0) return new Map();
    const rows = await this.options.stores.activity.listAssessments({
      teamRefs: teams.map(t => t.entityRef),
      sinceDay: addDays(this.today(), 1 - HISTORY_DAYS),
    });
    return groupByTeam(rows);
  }

  /**
   * How many teams moved up and down, by the rule the page's trend arrows use, from the two
   * points per team it compares (one store read), within the history the page shows.
   */
  private async countTrend(assessed: Assessed[]): Promise<MaturityTrendCount> {
    const count: MaturityTrendCount = { up: 0, down: 0, days: TREND_DAYS };
    if (assessed.length === 0) return count;
    const assessedAt = this.now().toISOString();
    const { today, reference } = trendDays(assessedAt);
    const points = groupByTeam(
      await this.options.stores.activity.listTrendPoints({
        teamRefs: assessed.map(a => a.team.entityRef),
        sinceDay: addDays(today, 1 - HISTORY_DAYS),
        referenceDay: reference,
        beforeDay: today,
      }),
    );
    for (const { team, assessment } of assessed) {
      const { direction } = stageTrend(
        points.get(key(team.entityRef)) ?? [],
        assessment.stage,
        assessedAt,
      );
      if (direction === 'up') count.up += 1;
      if (direction === 'down') count.down += 1;
    }
    return count;
  }

  /** Today's assessment of each team, from the evidence read in four queries. */
  private async assess(teams: Team[]): Promise<Assessed[]> {
    if (teams.length === 0) return [];
    const { stores, config } = this.options;
    const { activity, teamRecords, snapshots } = stores;
    const { thresholds } = config;
    const now = this.now();
    const window = maturityEvidenceWindow(thresholds, now);
    const teamRefs = teams.map(t => t.entityRef);

    const [views, goals, reviews, changes] = await Promise.all([
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
    ]);
    const viewsByTeam = groupByTeam(views);
    const goalsByTeam = groupByTeam(goals);
    const reviewsByTeam = groupByTeam(reviews);
    const changesByTeam = groupByTeam(changes);

    return teams.map(team => {
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
      return {
        team,
        evidence,
        assessment: evaluateMaturity(evidence, thresholds),
      };
    });
  }

  /** Writes today's assessments that differ from the stored ones, in one batch. */
  private async saveChanged(assessed: Assessed[], stored: AssessmentRow[]) {
    const today = this.today();
    const todays = new Map(
      stored.filter(a => a.day === today).map(a => [key(a.teamRef), a]),
    );
    const assessedAt = this.now().toISOString();
    const changed = assessed.filter(({ team, assessment, evidence }) => {
      const row = todays.get(key(team.entityRef));
      return (
        !row ||
        row.stage !== assessment.stage ||
        JSON.stringify(row.evidence) !== JSON.stringify(evidence)
      );
    });
    if (changed.length === 0) return;
    await this.options.stores.activity.saveAssessments(
      changed.map(({ team, assessment, evidence }) => ({
        teamRef: team.entityRef,
        day: today,
        stage: assessment.stage,
        evidence,
        assessedAt,
      })),
    );
  }

  private toMaturity(
    { team, assessment, evidence }: Assessed,
    history: Map<string, AssessmentRow[]>,
  ): TeamMaturity {
    const today = this.today();
    return {
      entityRef: team.entityRef,
      ...(team.title ? { title: team.title } : {}),
      ...(team.parentRef ? { parentRef: team.parentRef } : {}),
      ...assessment,
      evidence,
      history: collapseHistory(history.get(key(team.entityRef)) ?? [], {
        day: today,
        stage: assessment.stage,
      }),
      assessedAt: this.now().toISOString(),
    };
  }
}
