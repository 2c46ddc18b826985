import type {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotFoundError,
  isError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CreateFollowUpRequest,
  CreateGoalRequest,
  Goal,
  MetricDefinition,
  MetricRef,
  MetricValue,
  MetricValueUnit,
  ResolvedEntityMetrics,
  addDays,
  dayOf,
  discoveredIntegrationDefinition,
  metricsSensitiveReadPermission,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { MetricsConfig } from '../config/metricsConfig';
import type { GoalRow, TeamRecordStore } from '../database/TeamRecordStore';
import { loadOwnedComponents } from '../catalog/ownedEntities';
import type { PrometheusInstance } from '../readers';
import { errorMessage, resolveForView } from '../views/resolveForView';
import { authorizeTeamAction } from './permissions';

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

/** A metric of a team, checked against the catalog. */
export interface TeamMetric {
  /** With the entity ref as the catalog spells it. */
  metric: MetricRef;
  name: string;
  unit: MetricValueUnit;
}

const sameRef = (a: string, b: string) =>
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

const DISCOVERED_INTEGRATION = /^integration:(.+?)(#discovered)?$/;

export interface TeamMetricsOptions {
  catalog: CatalogService;
  permissions: PermissionsService;
  config: MetricsConfig;
  prometheus: ReadonlyMap<string, PrometheusInstance>;
}

/**
 * Decides which metrics are a team's: those of entities owned by the team or one of its
 * sub-groups, and those whose `owner` is the team. Reads the catalog with the caller's
 * credentials, so nobody points a goal or review at an entity they cannot see.
 */
export class TeamMetrics {
  constructor(private readonly options: TeamMetricsOptions) {}

  /** Resolves every ref (in order) or throws naming the first one that is not the team's. */
  async resolve(
    team: Entity,
    refs: MetricRef[],
    credentials: BackstageCredentials,
  ): Promise<TeamMetric[]> {
    if (refs.length === 0) return [];
    const { catalog } = this.options;
    const teamRef = stringifyEntityRef(team);
    const { groupRefs, components } = await loadOwnedComponents(
      catalog,
      team,
      credentials,
    );
    const entities = new Map<string, Entity>();
    for (const entity of components) {
      entities.set(
        stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
        entity,
      );
    }
    const missing = [
      ...new Set(
        refs
          .map(r => r.entityRef)
          .filter(ref => !entities.has(ref.toLocaleLowerCase('en-US'))),
      ),
    ];
    if (missing.length > 0) {
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: missing },
        { credentials },
      );
      for (const item of items) {
        if (item) {
          entities.set(
            stringifyEntityRef(item).toLocaleLowerCase('en-US'),
            item,
          );
        }
      }
    }

    const sensitiveOwners = new Set<string>();
    const resolved = refs.map(ref => {
      const entity = entities.get(ref.entityRef.toLocaleLowerCase('en-US'));
      if (!entity) {
        throw new InputError(`No entity ${ref.entityRef} found`);
      }
      const metrics = resolveForView(
        entity,
        this.options.config,
        this.options.prometheus,
      ).resolved;
      const definition = findDefinition(metrics, ref.metricId);
      if (!definition) {
        throw new InputError(
          `${metrics.entityRef} has no metric '${ref.metricId}'`,
        );
      }
      const ownedByTeam =
        metrics.owner !== undefined &&
        groupRefs.some(group => sameRef(group, metrics.owner!));
      const assignedToTeam =
        definition.owner !== undefined && sameRef(definition.owner, teamRef);
      if (!ownedByTeam && !assignedToTeam) {
        throw new InputError(
          `'${ref.metricId}' of ${metrics.entityRef} is not a metric of ${teamRef}: the entity is owned by neither the team nor one of its sub-groups, and the metric names another owner`,
        );
      }
      if (definition.sensitive) {
        sensitiveOwners.add(definition.owner ?? metrics.owner ?? teamRef);
      }
      return {
        metric: { entityRef: metrics.entityRef, metricId: definition.id },
        name: definition.name,
        unit: (definition.kind === 'kpi'
          ? 'count'
          : 'ratio') as MetricValueUnit,
      };
    });

    // Sensitive metrics need the read permission on the team that owns them.
    for (const owner of sensitiveOwners) {
      await authorizeTeamAction(
        this.options.permissions,
        metricsSensitiveReadPermission,
        owner,
        credentials,
      );
    }
    return resolved;
  }
}

function findDefinition(
  metrics: ResolvedEntityMetrics,
  metricId: string,
): MetricDefinition | undefined {
  const declared = metrics.definitions.find(d => d.id === metricId);
  if (declared || !metrics.integrationDiscovery) return declared;
  // Integrations found at query time have no declaration; their id carries the label.
  const match = DISCOVERED_INTEGRATION.exec(metricId);
  if (!match) return undefined;
  const discovered = discoveredIntegrationDefinition(
    metrics.integrationDiscovery,
    match[1],
  );
  return discovered?.id === metricId ? discovered : undefined;
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
      throw new NotFoundError(`No goal ${goalId} of ${teamRef} found`);
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
      status: 'open',
    };
    if (row.followUp) {
      goal.status = row.followUp.met ? 'met' : 'missed';
      goal.followUp = row.followUp;
    } else if (today >= row.dueDate) {
      goal.status = 'due';
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
