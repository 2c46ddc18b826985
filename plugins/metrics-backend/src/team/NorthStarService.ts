import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  KpiDefinition,
  NorthStarView,
  SetNorthStarRequest,
  clipInput,
  dayOf,
  northStarTrendDays,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { NorthStarRow, NorthStarStore } from '../database/NorthStarStore';
import type { SnapshotStore } from '../database/SnapshotStore';
import type { TeamRecordStore } from '../database/TeamRecordStore';
import { errorMessage } from '../views/resolveForView';
import type { MetricValueReader } from './GoalService';
import { northStarView } from './northStarView';
import type { TeamMetrics } from './TeamMetrics';

export interface NorthStarServiceOptions {
  store: NorthStarStore;
  goals: Pick<TeamRecordStore, 'listGoals'>;
  snapshots: Pick<SnapshotStore, 'listSnapshots'>;
  teamMetrics: TeamMetrics;
  values: Pick<MetricValueReader, 'currentValue'>;
  now?: () => Date;
}

/**
 * The north star of a team (docs/api.md#north-star): one of its KPIs, checked like a goal's
 * metric (the team's, readable by the caller), shown with its last 7 complete days.
 */
export class NorthStarService {
  constructor(private readonly options: NorthStarServiceOptions) {}

  private today(): string {
    return dayOf(this.options.now?.() ?? new Date());
  }

  /**
   * Null when none is marked.
   *
   * @throws NotFoundError when the marked KPI is no longer the team's, NotAllowedError when it
   * is sensitive and the caller may not read it.
   */
  async get(
    team: Entity,
    credentials: BackstageCredentials,
  ): Promise<NorthStarView | null> {
    const teamRef = stringifyEntityRef(team);
    const row = await this.options.store.getNorthStar(teamRef);
    if (!row) return null;
    let definition: KpiDefinition;
    try {
      definition = await this.kpiOf(team, row.metric, credentials);
    } catch (error) {
      if (error instanceof InputError) {
        throw new NotFoundError(
          `The north star of ${teamRef} is no longer one of its KPIs: ${error.message}`,
        );
      }
      throw error;
    }
    return this.view(row, definition);
  }

  /** @throws InputError unless the metric is a KPI of the team. */
  async set(
    team: Entity,
    request: SetNorthStarRequest,
    caller: { credentials: BackstageCredentials; userRef: string },
  ): Promise<NorthStarView> {
    const definition = await this.kpiOf(
      team,
      request.metric,
      caller.credentials,
    );
    const row = await this.options.store.setNorthStar({
      teamRef: stringifyEntityRef(team),
      metric: { entityRef: definition.entityRef, metricId: definition.id },
      setBy: caller.userRef,
    });
    return this.view(row, definition);
  }

  /** Whether there was one to clear. */
  clear(team: Entity): Promise<boolean> {
    return this.options.store.clearNorthStar(stringifyEntityRef(team));
  }

  /** The metric as a goal would resolve it, and a KPI. */
  private async kpiOf(
    team: Entity,
    metric: SetNorthStarRequest['metric'],
    credentials: BackstageCredentials,
  ): Promise<KpiDefinition> {
    const [{ definition }] = await this.options.teamMetrics.resolve(
      team,
      [metric],
      credentials,
    );
    if (definition.kind !== 'kpi') {
      throw new InputError(
        `'${clipInput(
          metric.metricId,
        )}' is not a KPI: a north star is one of the team's KPIs (an id starting with 'kpi:')`,
      );
    }
    return definition;
  }

  private async view(
    row: NorthStarRow,
    definition: KpiDefinition,
  ): Promise<NorthStarView> {
    const today = this.today();
    const { fromDay, toDay } = northStarTrendDays(today);
    const metric = { entityRef: definition.entityRef, metricId: definition.id };
    const [value, snapshots, goals] = await Promise.all([
      this.options.values.currentValue(metric, today).then(
        read => ({ value: read.value }),
        error => ({ value: null, error: errorMessage(error) }),
      ),
      this.options.snapshots.listSnapshots({
        fromDay,
        toDay,
        entityRefs: [metric.entityRef],
        metricIds: [metric.metricId],
      }),
      this.options.goals.listGoals({ teamRefs: [row.teamRef] }),
    ]);
    return northStarView({ row, definition, value, snapshots, goals, today });
  }
}
