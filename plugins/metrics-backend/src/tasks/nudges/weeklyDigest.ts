import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { isError, ServiceUnavailableError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  TeamMaturity,
  addDays,
  dayOf,
  metricsTabPath,
  weekOf,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { ActivityStore } from '../../database/ActivityStore';
import type {
  NorthStarRow,
  NorthStarStore,
} from '../../database/NorthStarStore';
import type { NudgeStore } from '../../database/NudgeStore';
import type { SnapshotStore } from '../../database/SnapshotStore';
import type { GoalRow, TeamRecordStore } from '../../database/TeamRecordStore';
import pLimit from 'p-limit';
import type { SweptMetric } from '../../sweeps';
import type { NudgeSweeps } from './burnRateAlerts';
import {
  DigestPeriods,
  compareMetrics,
  compareNorthStar,
  digestPeriods,
  twoWeeksEarlier,
} from './digestMetrics';
import {
  DIGEST_TOPIC,
  DigestGoal,
  DigestInput,
  DigestMaturity,
  DigestNorthStar,
  buildDigestText,
} from './digestText';
import { Team, listTeams } from '../../team/teams';
import { northStarGoalRow, sameMetric } from '../../team/northStarView';

/** The part of MaturityService the digest reads: today's stage and next step. */
export interface MaturityReader {
  getTeam(teamRef: string): Promise<TeamMaturity>;
}

export interface WeeklyDigestOptions {
  stores: {
    snapshots: Pick<SnapshotStore, 'listSnapshots' | 'listCollectedDays'>;
    teamRecords: Pick<TeamRecordStore, 'listGoals'>;
    activity: Pick<ActivityStore, 'listAssessments'>;
    nudges: Pick<NudgeStore, 'claimDigest'>;
    /** Without it the digests have no north star. */
    northStars?: Pick<NorthStarStore, 'listNorthStars'>;
  };
  catalog: CatalogService;
  auth: AuthService;
  /** Reads every team's metrics with a fixed number of Prometheus queries per instance. */
  sweep: Pick<NudgeSweeps, 'metrics'>;
  maturity: MaturityReader;
  notifications: NotificationService;
  logger: LoggerService;
  /** `metrics.maturity.teamTypes`: the groups that get a digest. */
  teamTypes: string[];
  now?: () => Date;
  /** Teams prepared at once; each costs a few store reads. */
  concurrency?: number;
  /**
   * Credentials a team's services are read with: the digest goes to the team's members, so they
   * may read its own sensitive metrics and no other team's (`SensitiveReadRule.actingFor`).
   * By default the plugin's own credentials, which read no sensitive metric unless configured.
   */
  credentialsFor?: (teamRef: string) => Promise<BackstageCredentials>;
}

/** What one run did, for the log and tests. */
export interface WeeklyDigestSummary {
  week: string;
  teams: number;
  sent: number;
  /** Teams whose digest of this week went out in an earlier run. */
  alreadySent: number;
  failures: number;
  /** Prometheus queries of the run: the same for 10 teams as for 1,000. */
  prometheusQueries: number;
}

function message(error: unknown): string {
  return isError(error) ? error.message : String(error);
}

function digestGoal(goal: GoalRow): DigestGoal {
  return {
    metricName: goal.metricName,
    entityRef: goal.metric.entityRef,
    unit: goal.unit,
    baseline: goal.baseline,
    target: goal.target,
    dueDate: goal.dueDate,
  };
}

function digestNorthStar(
  metric: SweptMetric,
  values: { current: number | null; earlier: number | null },
  earlierPeriod: DigestNorthStar['earlierPeriod'],
  goal: GoalRow | undefined,
): DigestNorthStar {
  return {
    name: metric.name,
    entityRef: metric.entityRef,
    // A north star is a KPI, and KPIs are counts.
    unit: 'count',
    ...values,
    earlierPeriod,
    ...(goal ? { goal: digestGoal(goal) } : {}),
  };
}

/** Scope of a team's digest of a week; the notifications backend de-duplicates on it too. */
export function digestScope(teamRef: string, week: string): string {
  return `metrics:digest:${teamRef}:${week}`;
}

/**
 * Sends each team one digest per ISO week, led by its north star (this week against two weeks
 * earlier, and its goal): its metrics this week against last week (from
 * stored snapshots), goals coming due or waiting for a follow-up, and its maturity stage with
 * the next step. `nudges.claimDigest` makes the week's digest go out once, whatever the number
 * of runs, restarts or replicas.
 */
export class WeeklyDigest {
  readonly #options: WeeklyDigestOptions;
  readonly #now: () => Date;

  constructor(options: WeeklyDigestOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  async run(): Promise<WeeklyDigestSummary> {
    const { auth, catalog, stores, teamTypes, logger } = this.#options;
    const today = dayOf(this.#now());
    const week = weekOf(today);
    const periods = digestPeriods(today);
    const credentials = await auth.getOwnServiceCredentials();
    const teams = await listTeams(catalog, teamTypes, credentials);
    const earlier = twoWeeksEarlier(today);
    const collectedDays = await stores.snapshots.listCollectedDays({
      fromDay: earlier.fromDay,
      toDay: periods.current.toDay,
    });
    // One read for every team's north star.
    const northStars = new Map(
      (stores.northStars && teams.length > 0
        ? await stores.northStars.listNorthStars({
            teamRefs: teams.map(t => t.entityRef),
          })
        : []
      ).map(row => [row.teamRef, row]),
    );
    // 7d, so integrations discovered from traffic count if they had any this week.
    const read = await this.#options.sweep.metrics({
      teamRefs: teams.map(t => t.entityRef),
      end: Math.floor(this.#now().getTime() / 1000),
      window: '7d',
      credentialsFor: async teamRef =>
        (await this.#options.credentialsFor?.(teamRef)) ?? credentials,
    });
    if (read.errors.length > 0) {
      logger.warn(
        `Weekly digest goes without some discovered integrations: ${read.errors.join(
          '; ',
        )}`,
      );
    }
    const metricsOf = new Map(read.teams.map(t => [t.teamRef, t]));
    const summary: WeeklyDigestSummary = {
      week,
      teams: teams.length,
      sent: 0,
      alreadySent: 0,
      failures: 0,
      prometheusQueries: read.prometheusQueries,
    };
    const limiter = pLimit(this.#options.concurrency ?? 2);
    await Promise.all(
      teams.map(team =>
        limiter(async () => {
          try {
            // Prepared before claiming, so a failure leaves the week's digest to the next run.
            const swept = metricsOf.get(team.entityRef);
            if (!swept?.items) {
              throw new ServiceUnavailableError(
                swept?.error ?? 'its services were not read',
              );
            }
            const input = await this.#digestInput(team, swept.items, {
              today,
              week,
              periods,
              collectedDays,
              northStar: northStars.get(team.entityRef),
            });
            if (!(await stores.nudges.claimDigest(team.entityRef, week))) {
              summary.alreadySent += 1;
              return;
            }
            await this.#send(input);
            summary.sent += 1;
          } catch (error) {
            summary.failures += 1;
            logger.warn(
              `Weekly digest of ${team.entityRef} for ${week} failed: ${message(
                error,
              )}`,
            );
          }
        }),
      ),
    );
    return summary;
  }

  async #send(input: DigestInput): Promise<void> {
    const { title, description } = buildDigestText(input);
    await this.#options.notifications.send({
      recipients: { type: 'entity', entityRef: input.team.entityRef },
      payload: {
        title,
        description,
        link: metricsTabPath(input.team.entityRef),
        severity: 'normal',
        topic: DIGEST_TOPIC,
        scope: digestScope(input.team.entityRef, input.week),
      },
    });
  }

  async #digestInput(
    team: Team,
    metrics: SweptMetric[],
    context: {
      today: string;
      week: string;
      periods: DigestPeriods;
      collectedDays: string[];
      northStar?: NorthStarRow;
    },
  ): Promise<DigestInput> {
    const { stores } = this.#options;
    const { today, periods } = context;
    const entityRefs = [...new Set(metrics.map(m => m.entityRef))];
    // Among the metrics read as the team: a sensitive one it may not read is not there.
    const northStar = context.northStar
      ? metrics.find(
          m =>
            m.kind === 'kpi' &&
            sameMetric(
              { entityRef: m.entityRef, metricId: m.id },
              context.northStar!.metric,
            ),
        )
      : undefined;
    const earlier = twoWeeksEarlier(today);
    const rows =
      entityRefs.length === 0
        ? []
        : await stores.snapshots.listSnapshots({
            // Back to two weeks earlier only for the north star: still one read.
            fromDay: northStar ? earlier.fromDay : periods.previous.fromDay,
            toDay: periods.current.toDay,
            entityRefs,
          });
    const { compared, withoutData } = compareMetrics(
      metrics,
      rows,
      periods,
      context.collectedDays,
    );

    const goals = await stores.teamRecords.listGoals({
      teamRefs: [team.entityRef],
    });
    const open = goals
      .filter(goal => !goal.followUp)
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
    const inAWeek = addDays(today, 7);
    return {
      team: {
        entityRef: team.entityRef,
        ...(team.title ? { title: team.title } : {}),
      },
      week: context.week,
      periods,
      metrics: compared,
      metricsWithoutData: withoutData,
      goalsAwaitingFollowUp: open
        .filter(goal => goal.dueDate <= today)
        .map(digestGoal),
      goalsDueSoon: open
        .filter(goal => goal.dueDate > today && goal.dueDate <= inAWeek)
        .map(digestGoal),
      ...(await this.#maturity(team.entityRef, today)),
      ...(northStar
        ? {
            northStar: digestNorthStar(
              northStar,
              compareNorthStar(
                northStar,
                rows,
                { current: periods.current, earlier },
                context.collectedDays,
              ),
              earlier,
              northStarGoalRow(goals, {
                entityRef: northStar.entityRef,
                metricId: northStar.id,
              }),
            ),
          }
        : {}),
    };
  }

  /** Today's stage and the stage a week ago; left out of the digest when unavailable. */
  async #maturity(
    teamRef: string,
    today: string,
  ): Promise<{ maturity?: DigestMaturity }> {
    const { maturity, stores, logger } = this.#options;
    try {
      const current = await maturity.getTeam(teamRef);
      const weekAgo = addDays(today, -7);
      const earlier = (
        await stores.activity.listAssessments({
          teamRefs: [teamRef],
          sinceDay: addDays(today, -14),
        })
      ).filter(row => row.teamRef === teamRef && row.day <= weekAgo);
      const previous = earlier.at(-1);
      return {
        maturity: {
          stage: current.stage,
          stageName: current.stageName,
          ...(previous ? { previousStage: previous.stage } : {}),
          ...(current.nextStep ? { nextStep: current.nextStep } : {}),
        },
      };
    } catch (error) {
      logger.warn(
        `Weekly digest of ${teamRef} goes without maturity: ${message(error)}`,
      );
      return {};
    }
  }
}
