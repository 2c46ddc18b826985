import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotFoundError,
  isError,
} from '@backstage/errors';
import {
  CreateFollowUpRequest,
  CreateGoalRequest,
  Goal,
  MetricRef,
  MetricValue,
  addDays,
  clipInput,
  dayOf,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { GoalRow, TeamRecordStore } from '../database/TeamRecordStore';
import { errorMessage } from '../views/resolveForView';
import { TeamMetrics, sameRef } from './TeamMetrics';

/**
 * Values of a metric over whole days (MetricValues implements it).
 * `currentValue` is the 7 complete days up to yesterday.
 */
export interface MetricValueReader {
  currentValue(metric: MetricRef, today: string): Promise<MetricValue>;
  valueOver(
    metric: MetricRef,
    fromDay: string,
    toDay: string,
  ): Promise<MetricValue>;
}

/** The 7 days whose value is a goal's outcome: up to the due date, at the latest yesterday. */
export function outcomeWindow(
  dueDate: string,
  today: string,
): { fromDay: string; toDay: string } {
  const yesterday = addDays(today, -1);
  const toDay = dueDate < yesterday ? dueDate : yesterday;
  return { fromDay: addDays(toDay, -6), toDay };
}

export function isMet(
  goal: Pick<GoalRow, 'direction' | 'target'>,
  outcome: number,
): boolean {
  return goal.direction === 'increase'
    ? outcome >= goal.target
    : outcome <= goal.target;
}

/** A goal's status from its follow-up, or from its due date while it has none. */
export function goalStatus(
  row: Pick<GoalRow, 'dueDate' | 'followUp'>,
  today: string,
): Goal['status'] {
  if (row.followUp) return row.followUp.met ? 'met' : 'missed';
  return today >= row.dueDate ? 'due' : 'open';
}

export interface GoalServiceOptions {
  store: TeamRecordStore;
  teamMetrics: TeamMetrics;
  values: MetricValueReader;
  logger: LoggerService;
  now?: () => Date;
}

/** Goals on a team's metrics and their follow-ups after the due date. */
export class GoalService {
  constructor(private readonly options: GoalServiceOptions) {}

  private today(): string {
    return dayOf(this.options.now?.() ?? new Date());
  }

  /** Newest first; a due goal carries the outcome measured so far. */
  async list(teamRef: string): Promise<Goal[]> {
    const today = this.today();
    const rows = await this.options.store.listGoals({ teamRefs: [teamRef] });
    return Promise.all(rows.map(row => this.toGoal(row, today)));
  }

  /** The current value (7 complete days) of one of the team's metrics. */
  async metricValue(
    team: Entity,
    ref: MetricRef,
    credentials: BackstageCredentials,
  ): Promise<MetricValue> {
    const [{ metric }] = await this.options.teamMetrics.resolve(
      team,
      [ref],
      credentials,
    );
    return this.options.values.currentValue(metric, this.today());
  }

  async create(
    team: Entity,
    request: CreateGoalRequest,
    caller: { credentials: BackstageCredentials; userRef: string },
  ): Promise<Goal> {
    const today = this.today();
    const [{ metric, name, unit }] = await this.options.teamMetrics.resolve(
      team,
      [request.metric],
      caller.credentials,
    );
    let baseline = request.baseline;
    if (baseline === undefined) {
      const current = await this.options.values.currentValue(metric, today);
      if (current.value === null) {
        throw new InputError(
          `There is no data to set a baseline from: '${name}' has no value from ${current.fromDay} to ${current.toDay}; give the baseline`,
        );
      }
      baseline = current.value;
    }
    if (unit === 'ratio') {
      for (const [field, value] of [
        ['target', request.target],
        ['baseline', baseline],
      ] as const) {
        if (value < 0 || value > 1) {
          throw new InputError(
            `'${field}' of '${name}' is a ratio between 0 and 1 (e.g. 0.995 for 99.5%), got ${value}`,
          );
        }
      }
    }
    const row = await this.options.store.createGoal({
      teamRef: stringifyEntityRef(team),
      metric,
      metricName: name,
      unit,
      baseline,
      target: request.target,
      direction: request.target >= baseline ? 'increase' : 'decrease',
      dueDate: request.dueDate,
      ...(request.notes !== undefined ? { notes: request.notes } : {}),
      author: caller.userRef,
    });
    return this.toGoal(row, today);
  }

  async followUp(
    teamRef: string,
    goalId: string,
    request: CreateFollowUpRequest,
    caller: { userRef: string },
  ): Promise<Goal> {
    const today = this.today();
    const row = await this.options.store.getGoal(goalId);
    if (!row || !sameRef(row.teamRef, teamRef)) {
      throw new NotFoundError(
        `No goal ${clipInput(goalId)} of ${teamRef} found`,
      );
    }
    if (row.followUp) {
      throw new ConflictError(
        `Goal ${goalId} was already followed up on ${row.followUp.createdAt.slice(
          0,
          10,
        )}`,
      );
    }
    if (today < row.dueDate) {
      throw new InputError(
        `Goal ${goalId} is due on ${row.dueDate}; it can be followed up from that day`,
      );
    }
    const { fromDay, toDay } = outcomeWindow(row.dueDate, today);
    // A failing source throws: an outage must not be recorded as "no data".
    const outcome = await this.measure(row, fromDay, toDay);
    if (outcome === null && request.met === undefined) {
      throw new InputError(
        `There is no data on '${row.metricName}' from ${fromDay} to ${toDay} to measure the outcome; say whether the goal was met`,
      );
    }
    const followUp = await this.options.store.addFollowUp({
      goalId: row.id,
      measuredOutcome: outcome,
      met: request.met ?? isMet(row, outcome!),
      ...(request.notes !== undefined ? { notes: request.notes } : {}),
      author: caller.userRef,
    });
    return this.toGoal({ ...row, followUp }, today);
  }

  /** The metric's value over the days; null without data or when the metric is gone. */
  private async measure(
    row: GoalRow,
    fromDay: string,
    toDay: string,
  ): Promise<number | null> {
    try {
      return (await this.options.values.valueOver(row.metric, fromDay, toDay))
        .value;
    } catch (error) {
      // The metric was removed from the catalog: nothing left to measure.
      if (isError(error) && error.name === 'NotFoundError') return null;
      throw error;
    }
  }

  private async toGoal(row: GoalRow, today: string): Promise<Goal> {
    const goal: Goal = {
      id: row.id,
      teamRef: row.teamRef,
      metric: row.metric,
      metricName: row.metricName,
      unit: row.unit,
      baseline: row.baseline,
      target: row.target,
      direction: row.direction,
      dueDate: row.dueDate,
      ...(row.notes !== undefined ? { notes: row.notes } : {}),
      author: row.author,
      createdAt: row.createdAt,
      status: goalStatus(row, today),
    };
    if (row.followUp) {
      goal.followUp = row.followUp;
    } else if (goal.status === 'due') {
      const { fromDay, toDay } = outcomeWindow(row.dueDate, today);
      try {
        goal.measuredOutcome = await this.measure(row, fromDay, toDay);
      } catch (error) {
        // The list must still answer when a source is down; the outcome is only a hint.
        this.options.logger.warn(
          `Could not measure goal ${row.id} on ${row.metric.entityRef} ${
            row.metric.metricId
          }: ${errorMessage(error)}`,
        );
      }
    }
    return goal;
  }
}
