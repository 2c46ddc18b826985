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
  MetricValueUnit,
  RecordHistoryResponse,
  RecordListOptions,
  UpdateFollowUpRequest,
  UpdateGoalRequest,
  WithdrawRequest,
  addDays,
  clipInput,
  dayOf,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { GoalRow, TeamRecordStore } from '../database/TeamRecordStore';
import { checkDayWindow, goalDueDateWindow } from '../http/dateWindows';
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

/** A goal heads up when its target is at or above its baseline. */
export function goalDirection(
  target: number,
  baseline: number,
): GoalRow['direction'] {
  return target >= baseline ? 'increase' : 'decrease';
}

/** @throws InputError when a ratio's target or baseline is outside 0–1. */
export function checkGoalValues(
  goal: { unit: MetricValueUnit; name: string },
  values: { target: number; baseline: number },
): void {
  if (goal.unit !== 'ratio') return;
  for (const field of ['target', 'baseline'] as const) {
    const value = values[field];
    if (value < 0 || value > 1) {
      throw new InputError(
        `'${field}' of '${goal.name}' is a ratio between 0 and 1 (e.g. 0.995 for 99.5%), got ${value}`,
      );
    }
  }
}

/** The edit's fields without what only the edit itself carries. */
function editedFields<T extends { revision: number; reason?: string }>(
  request: T,
): Omit<T, 'revision' | 'reason'> {
  const { revision: _revision, reason: _reason, ...fields } = request;
  return fields;
}

type Caller = { userRef: string };

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
  async list(
    teamRef: string,
    options: RecordListOptions = {},
  ): Promise<Goal[]> {
    const today = this.today();
    const rows = await this.options.store.listGoals({
      teamRefs: [teamRef],
      includeWithdrawn: options.includeWithdrawn,
    });
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
    checkGoalValues({ unit, name }, { target: request.target, baseline });
    const row = await this.options.store.createGoal({
      teamRef: stringifyEntityRef(team),
      metric,
      metricName: name,
      unit,
      baseline,
      target: request.target,
      direction: goalDirection(request.target, baseline),
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
    const row = await this.goalOf(teamRef, goalId);
    if (row.withdrawn) {
      throw new ConflictError(`Goal ${goalId} was withdrawn`);
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

  /**
   * Corrects a goal: its target, baseline, due date or notes (docs/api.md#editing-records). A
   * changed due date must fall in the window of a new goal's; the direction follows.
   */
  async update(
    teamRef: string,
    goalId: string,
    request: UpdateGoalRequest,
    caller: Caller,
  ): Promise<Goal> {
    const today = this.today();
    const row = await this.goalOf(teamRef, goalId);
    const target = request.target ?? row.target;
    const baseline = request.baseline ?? row.baseline;
    checkGoalValues(
      { unit: row.unit, name: row.metricName },
      { target, baseline },
    );
    if (request.dueDate !== undefined && request.dueDate !== row.dueDate) {
      checkDayWindow('dueDate', request.dueDate, goalDueDateWindow(today));
    }
    const updated = await this.options.store.updateGoal({
      id: row.id,
      revision: request.revision,
      changes: {
        ...editedFields(request),
        direction: goalDirection(target, baseline),
      },
      author: caller.userRef,
      ...(request.reason !== undefined ? { reason: request.reason } : {}),
    });
    return this.toGoal(updated, today);
  }

  /** Withdraws a goal: kept with its history, left out of lists and of the maturity evidence. */
  async withdraw(
    teamRef: string,
    goalId: string,
    request: WithdrawRequest,
    caller: Caller,
  ): Promise<Goal> {
    const row = await this.goalOf(teamRef, goalId);
    const withdrawn = await this.options.store.withdrawGoal({
      id: row.id,
      ...request,
      author: caller.userRef,
    });
    return this.toGoal(withdrawn, this.today());
  }

  /** Corrects a follow-up: whether the goal was met, the notes. The outcome stays as measured. */
  async updateFollowUp(
    teamRef: string,
    goalId: string,
    request: UpdateFollowUpRequest,
    caller: Caller,
  ): Promise<Goal> {
    const row = await this.followedUpGoalOf(teamRef, goalId);
    const updated = await this.options.store.updateFollowUp({
      id: row.id,
      revision: request.revision,
      changes: editedFields(request),
      author: caller.userRef,
      ...(request.reason !== undefined ? { reason: request.reason } : {}),
    });
    return this.toGoal(updated, this.today());
  }

  /** Withdraws a follow-up: the goal is due (or open) again and can be followed up anew. */
  async withdrawFollowUp(
    teamRef: string,
    goalId: string,
    request: WithdrawRequest,
    caller: Caller,
  ): Promise<Goal> {
    const row = await this.followedUpGoalOf(teamRef, goalId);
    const updated = await this.options.store.withdrawFollowUp({
      id: row.id,
      ...request,
      author: caller.userRef,
    });
    return this.toGoal(updated, this.today());
  }

  /** The goal's revisions and its follow-ups', newest first. */
  async history(
    teamRef: string,
    goalId: string,
  ): Promise<RecordHistoryResponse> {
    const row = await this.goalOf(teamRef, goalId);
    return {
      items: await this.options.store.listRevisions(
        ['goal', 'follow-up'],
        row.id,
      ),
    };
  }

  /** The team's goal, withdrawn or not: a goal of another team is not found. */
  private async goalOf(teamRef: string, goalId: string): Promise<GoalRow> {
    const row = await this.options.store.getGoal(goalId);
    if (!row || !sameRef(row.teamRef, teamRef)) {
      throw new NotFoundError(
        `No goal ${clipInput(goalId)} of ${teamRef} found`,
      );
    }
    return row;
  }

  private async followedUpGoalOf(
    teamRef: string,
    goalId: string,
  ): Promise<GoalRow> {
    const row = await this.goalOf(teamRef, goalId);
    if (row.withdrawn) {
      throw new ConflictError(`Goal ${goalId} was withdrawn`);
    }
    if (!row.followUp) {
      throw new NotFoundError(`Goal ${goalId} has no follow-up`);
    }
    return row;
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
      revision: row.revision,
      ...(row.updatedAt !== undefined
        ? { updatedAt: row.updatedAt, updatedBy: row.updatedBy }
        : {}),
      ...(row.withdrawn ? { withdrawn: row.withdrawn } : {}),
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
