import { QueryBudget } from '../../sources/prometheus';
import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { addDays, dayOf } from '@metrics-suite/backstage-plugin-metrics-common';
import type { MetricsConfig } from '../../config/metricsConfig';
import type { SnapshotStore } from '../../database/SnapshotStore';
import pLimit from 'p-limit';
import {
  EntityForView,
  errorMessage,
  resolveForView,
} from '../../views/resolveForView';
import { PlannedEntity, collectDay } from './dailyCounts';
import { definitionsFingerprint, hasMetricsBlock } from './fingerprint';
import { SourceHandles, definitionSourcesFor } from '../../readers';
import { MetricsTelemetry, secondsSince } from '../../telemetry';

export interface SnapshotCollectorOptions extends SourceHandles {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  config: MetricsConfig;
  store: SnapshotStore;
  /** Runs after every collection, e.g. the maturity assessment, so stages are stored daily. */
  afterRun?: () => Promise<unknown>;
  /** Days collected at once; default 4. */
  dayConcurrency?: number;
  /** The clock; tests set it. */
  now?: () => Date;
  /** Records each run's duration, rows written and failures. */
  telemetry?: MetricsTelemetry;
}

export interface CollectorSummary {
  /** Days completed (and marked collected) by this run. */
  days: number;
  /** Snapshot rows written. */
  rows: number;
  /** Sources that failed for a day (counted per day and source); those days stay missing. */
  failures: number;
}

interface LoadedEntity {
  entity: Entity;
  view: EntityForView;
}

/** Before any day the collector could have stored. */
const FIRST_DAY = '1970-01-01';
const ENTITY_FIELDS = ['kind', 'metadata', 'spec.owner', 'relations'];

/**
 * Stores daily snapshots (numerator and denominator per metric and UTC day) so history
 * outlives Prometheus retention and roll-ups read the database (docs/architecture.md#collector). Each run fills
 * every complete day missing within `metrics.history.backfillDays`, records the definitions
 * fingerprint of every Component, and drops snapshots past `retentionDays`.
 */
export class SnapshotCollector {
  constructor(private readonly options: SnapshotCollectorOptions) {}

  async run(options: { signal?: AbortSignal } = {}): Promise<CollectorSummary> {
    const { telemetry } = this.options;
    const started = performance.now();
    try {
      const summary = await this.collect(options.signal);
      telemetry?.collectorRun({
        seconds: secondsSince(started),
        outcome: 'success',
        ...summary,
      });
      return summary;
    } catch (error) {
      telemetry?.collectorRun({
        seconds: secondsSince(started),
        outcome: 'error',
        rows: 0,
        failures: 0,
      });
      throw error;
    }
  }

  private async collect(signal?: AbortSignal): Promise<CollectorSummary> {
    const { store, logger, config, afterRun } = this.options;
    const now = this.options.now?.() ?? new Date();
    const today = dayOf(now);

    const collected = await store.listCollectedDays({
      fromDay: FIRST_DAY,
      toDay: today,
    });
    const done = new Set(collected);
    // Newest first: after an outage the days people look at come back first.
    const missing: string[] = [];
    for (let back = 1; back <= config.history.backfillDays; back++) {
      const day = addDays(today, -back);
      if (!done.has(day)) missing.push(day);
    }

    const entities = (await this.loadComponents()).map(entity => ({
      entity,
      view: resolveForView(entity, config, this.options.prometheus),
    }));
    try {
      await this.recordFingerprints(entities, collected.length === 0, now);
    } catch (error) {
      // Definition changes are seen again next run; snapshots must not wait for them.
      logger.warn(
        `Metrics snapshots: definition fingerprints could not be recorded: ${errorMessage(
          error,
        )}`,
      );
    }
    const summary = await this.collectDays(
      missing,
      this.plan(entities),
      now,
      signal,
    );

    const deleted = await store.deleteSnapshotsBefore(
      addDays(today, -config.history.retentionDays),
    );
    logger.info(
      `Metrics snapshots: ${summary.days} of ${missing.length} missing day(s) collected, ${summary.rows} row(s) written, ${summary.failures} source failure(s), ${deleted} row(s) past retention deleted`,
    );

    if (afterRun) {
      try {
        await afterRun();
      } catch (error) {
        logger.warn(
          `Metrics snapshots: the step after collection failed: ${errorMessage(
            error,
          )}`,
        );
      }
    }
    return summary;
  }

  private async loadComponents(): Promise<Entity[]> {
    const { catalog, auth } = this.options;
    const { items } = await catalog.getEntities(
      { filter: { kind: 'component' }, fields: ENTITY_FIELDS },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    return items;
  }

  /**
   * `baseline` on the very first collection: definitions present at install time are not a
   * change by the team. A Component first seen without a block added nothing either.
   */
  private async recordFingerprints(
    entities: LoadedEntity[],
    firstCollection: boolean,
    now: Date,
  ): Promise<void> {
    const seenAt = now.toISOString();
    for (const { entity, view } of entities) {
      const teamRef = view.resolved.owner;
      // Nobody to credit a change to.
      if (!teamRef) continue;
      await this.options.store.recordDefinitionFingerprint({
        entityRef: view.resolved.entityRef,
        teamRef,
        fingerprint: definitionsFingerprint(entity),
        seenAt,
        baseline: firstCollection || !hasMetricsBlock(entity),
      });
    }
  }

  private plan(entities: LoadedEntity[]): PlannedEntity[] {
    return entities.flatMap(({ view: { resolved, instanceName } }) => {
      const measured =
        resolved.definitions.length > 0 || resolved.integrationDiscovery;
      return measured
        ? [{ entityRef: resolved.entityRef, resolved, instanceName }]
        : [];
    });
  }

  private async collectDays(
    days: string[],
    planned: PlannedEntity[],
    now: Date,
    signal?: AbortSignal,
  ): Promise<CollectorSummary> {
    const { store, logger } = this.options;
    const summary: CollectorSummary = { days: 0, rows: 0, failures: 0 };
    if (days.length === 0) return summary;
    const sourcesFor = definitionSourcesFor(this.options);
    const problems = new Set<string>();
    const limiter = pLimit(this.options.dayConcurrency ?? 4);
    // One budget per entity for the whole run (all the days it back-fills).
    const budgets = new Map<string, QueryBudget>();
    for (const entity of planned) {
      const client = sourcesFor(entity.instanceName).prometheus?.client;
      if (!client) continue;
      budgets.set(
        entity.entityRef,
        new QueryBudget(
          client.limits.queriesPerCollectorRun,
          `limits.queriesPerCollectorRun of instance "${client.name}"`,
        ),
      );
    }

    await Promise.all(
      days.map(day =>
        limiter(async () => {
          // Past the scheduler's timeout another run may start: stop taking new days.
          if (signal?.aborted) return;
          try {
            const result = await collectDay(day, planned, sourcesFor, budgets);
            result.problems.forEach(p => problems.add(p));
            await store.upsertSnapshots(result.rows);
            summary.rows += result.rows.length;
            const failed = new Map<string, string[]>();
            for (const { source, message } of result.failures) {
              failed.set(source, [...(failed.get(source) ?? []), message]);
            }
            if (failed.size === 0) {
              await store.markDaysCollected([day], now.toISOString());
              summary.days += 1;
              return;
            }
            summary.failures += failed.size;
            for (const [source, messages] of failed) {
              logger.warn(
                `Metrics snapshot of ${day}: source ${source} failed, the day will be collected again on the next run: ${messages.join(
                  '; ',
                )}`,
              );
            }
          } catch (error) {
            summary.failures += 1;
            logger.warn(
              `Metrics snapshot of ${day} could not be stored, the day will be collected again on the next run: ${errorMessage(
                error,
              )}`,
            );
          }
        }),
      ),
    );
    for (const problem of problems) {
      logger.warn(`Metrics snapshots leave out a metric: ${problem}`);
    }
    return summary;
  }
}
