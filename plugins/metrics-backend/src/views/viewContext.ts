import type {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CompoundEntityRef, Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ResolvedEntityMetrics } from '@metrics-suite/backstage-plugin-metrics-common';
import { loadEntity } from '../catalog/loadEntity';
import type { MetricsConfig } from '../config/metricsConfig';
import type { SnapshotStore } from '../database/SnapshotStore';
import {
  SourceHandles,
  SourcesForInstance,
  definitionSourcesFor,
} from '../readers';
import {
  SensitiveReadMode,
  VisibleMetrics,
  hideSensitive,
} from './hideSensitive';
import { EntityForView, resolveForView } from './resolveForView';
import { StoredHistory } from './snapshotFallback';

/** What the service and squad views are built from. */
export interface ViewServiceOptions extends SourceHandles {
  catalog: CatalogService;
  logger: LoggerService;
  config: MetricsConfig;
  /** Decides who may read metrics marked sensitive (`metrics.sensitive.read`). */
  permissions: PermissionsService;
  /**
   * Stored daily snapshots: the SLOs and integrations of a source that is down are built
   * from them (marked `stale`). Without a store they are only reported as errors.
   */
  store?: SnapshotStore;
}

/** Lazily read stored history: read on first use only, once for every section needing it. */
export type LazyHistory = () => Promise<StoredHistory>;

/**
 * What every view does the same way: load the entity or group once with the requester's
 * credentials, resolve its definitions with the instance it reads, hide the sensitive
 * metrics the requester may not read, read stored history only when a section needs it.
 */
export class ViewContext {
  readonly sourcesFor: SourcesForInstance;

  constructor(readonly options: ViewServiceOptions) {
    this.sourcesFor = definitionSourcesFor(options);
  }

  get logger(): LoggerService {
    return this.options.logger;
  }

  /** @throws NotFoundError when the requester sees no such entity (or group). */
  load(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
    kind?: 'group',
  ): Promise<Entity> {
    return loadEntity(this.options.catalog, ref, credentials, { kind });
  }

  resolve(entity: Entity): EntityForView {
    return resolveForView(entity, this.options.config, this.options.prometheus);
  }

  /**
   * The definitions with the sensitive metrics the requester may not read left out (every
   * sensitive one with `mode: 'never'`).
   */
  visible(
    resolved: ResolvedEntityMetrics[],
    credentials: BackstageCredentials,
    mode?: SensitiveReadMode,
  ): Promise<VisibleMetrics> {
    return hideSensitive(resolved, this.options.permissions, credentials, mode);
  }

  /** Snapshots of some entities up to `end` over `spanDays`; undefined without a store. */
  history(
    entityRefs: string[],
    end: number,
    spanDays: number,
  ): LazyHistory | undefined {
    const { store, config } = this.options;
    if (!store) return undefined;
    let read: Promise<StoredHistory> | undefined;
    return () => {
      read ??= StoredHistory.read(store, {
        entityRefs,
        end,
        spanDays,
        staleDays: config.history.backfillDays,
      });
      return read;
    };
  }
}
