import type {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  BURN_RATE_WINDOWS,
  DefinitionProblem,
  GroupEntitySummary,
  GroupMetricsResponse,
  IntegrationDefinition,
  IntegrationViewItem,
  KpiDefinition,
  MetricDefinition,
  OwnedMetric,
  PrometheusIntegrationDefinition,
  ResolvedEntityMetrics,
  SloDefinition,
  SloViewItem,
  WINDOW_PLACEHOLDER,
  batchedAvailabilityCountQueries,
  batchedIntegrationBreakdownQuery,
  batchedLatencyCountQueries,
  discoveredIntegrationDefinition,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { MetricsConfig } from '../config/metricsConfig';
import type { SnapshotStore } from '../database/SnapshotStore';
import {
  PrometheusInstance,
  errorMessage,
  resolveForView,
  viewRange,
} from './resolveForView';
import { hideSensitive } from './hideSensitive';
import { loadOwnedComponents } from './ownedEntities';
import type { ViewRequest } from '../http/parseViewRequest';
import { CustomSources, customSourcesById } from '../readers/custom';
import {
  Evaluated,
  evaluateDeclaredIntegration,
  sortWorstFirst,
  toItems,
} from './integrationSection';
import { readKpi } from './kpiSection';
import {
  StoredHistory,
  isSourceOutage,
  rangeDays,
  sloWindowDays,
} from './snapshotFallback';
import { evaluateSloDefinition, sloItemFromWindows } from './sloSection';
import {
  multiWindowQuery,
  valuesByLabelAndWindow,
} from './windowedQuery';
import type { SourceHandles } from '../readers/DefinitionSources';

export interface GroupViewServiceOptions extends SourceHandles {
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

/** What the live sources gave: SLOs by entity, integrations, discovered integrations. */
interface RollUp {
  slosByEntity: Map<string, SloViewItem[]>;
  integrations: Array<IntegrationViewItem & { entityRef: string }>;
  discovered: MetricDefinition[];
}

/** Metrics of a member whose source is down, to build from stored snapshots. */
interface StaleWanted {
  member: Member;
  slos: SloDefinition[];
  integrations: IntegrationDefinition[];
  /** Also the integrations discovered on the conventional counter that were stored. */
  discovered: boolean;
  reason: string;
}

/** A KPI's value over the view's range, or why it has none. */
interface KpiValue {
  value: number | null;
  error?: string;
}

interface Member {
  entity: Entity;
  entityRef: string;
  resolved: ResolvedEntityMetrics;
  instanceName?: string;
}

const STATE_RANK: Record<GroupEntitySummary['worstState'], number> = {
  breaching: 0,
  'at-risk': 1,
  'no-data': 2,
  'low-traffic': 3,
  healthy: 4,
  none: 5,
};

function bucketOf(definition: MetricDefinition): OwnedMetric['bucket'] {
  return definition.kind === 'kpi' ? definition.bucket : 'health';
}

function ownedMetric(
  definition: MetricDefinition,
  kpiValue?: KpiValue,
): OwnedMetric {
  return {
    entityRef: definition.entityRef,
    id: definition.id,
    kind: definition.kind,
    name: definition.name,
    bucket: bucketOf(definition),
    source: definition.source,
    ...(definition.owner ? { owner: definition.owner } : {}),
    origin: definition.origin,
    hasTarget: definition.hasTarget,
    hasAlert: definition.hasAlert,
    gaps: definition.gaps,
    ...(definition.kind === 'kpi' && definition.unit
      ? { unit: definition.unit }
      : {}),
    ...(kpiValue ? { value: kpiValue.value } : {}),
    ...(kpiValue?.error ? { valueError: kpiValue.error } : {}),
  };
}

const metricKey = (entityRef: string, id: string) => `${entityRef}\u0000${id}`;

/**
 * Builds the squad (Group) roll-up. Availability and latency SLOs and conventional
 * integrations of all owned services are read with a fixed number of batched Prometheus
 * queries per instance (`sum by (service, …)`), whatever the number of services; only SLOs,
 * integrations with their own queries and KPIs cost one evaluation each. Sensitive metrics
 * the caller may not read are left out.
 */
export class GroupViewService {
  readonly #custom: CustomSources;

  constructor(private readonly options: GroupViewServiceOptions) {
    this.#custom = customSourcesById(options.moduleSources ?? []);
  }

  async getGroupView(
    request: ViewRequest,
    credentials: BackstageCredentials,
  ): Promise<GroupMetricsResponse> {
    const { catalog } = this.options;
    const group = await catalog.getEntityByRef(request.entityRef, {
      credentials,
    });
    if (!group || group.kind.toLocaleLowerCase('en-US') !== 'group') {
      throw new NotFoundError(
        `No group ${stringifyEntityRef(request.entityRef)} found`,
      );
    }
    const { groupRefs, components } = await loadOwnedComponents(
      catalog,
      group,
      credentials,
    );
    const allMembers = components.map(entity => this.member(entity));
    const visible = await hideSensitive(
      allMembers.map(m => m.resolved),
      this.options.permissions,
      credentials,
    );
    const members = allMembers.map((m, i) => ({
      ...m,
      resolved: visible.resolved[i],
    }));
    const problems: DefinitionProblem[] = members.flatMap(m =>
      m.resolved.problems.map(p => ({
        ...p,
        path: `${m.entityRef}: ${p.path}`,
      })),
    );

    const out: RollUp = {
      slosByEntity: new Map(),
      integrations: [],
      discovered: [],
    };
    const { slosByEntity, integrations, discovered } = out;
    const errors: string[] = [];
    const stale: StaleWanted[] = [];

    const byInstance = new Map<string, Member[]>();
    for (const member of members) {
      if (!member.instanceName) continue;
      const list = byInstance.get(member.instanceName) ?? [];
      list.push(member);
      byInstance.set(member.instanceName, list);
    }
    await Promise.all(
      [...byInstance.entries()].map(async ([name, list]) => {
        const instance = this.options.prometheus.get(name);
        if (!instance) {
          errors.push(`No Prometheus instance "${name}" is configured`);
          return;
        }
        // Kept apart until complete: a failed instance contributes nothing live.
        const live: RollUp = {
          slosByEntity: new Map(),
          integrations: [],
          discovered: [],
        };
        try {
          await this.rollUpInstance(instance, list, request, live);
        } catch (error) {
          const reason = errorMessage(error);
          errors.push(`Prometheus "${name}": ${reason}`);
          if (isSourceOutage(error)) {
            stale.push(
              ...list.map(member => ({
                member,
                slos: member.resolved.definitions.filter(
                  (d): d is SloDefinition => d.kind === 'slo',
                ),
                integrations: member.resolved.definitions.filter(
                  (d): d is PrometheusIntegrationDefinition =>
                    d.kind === 'integration' &&
                    d.source === 'prometheus' &&
                    Boolean(d.conventional),
                ),
                discovered: true,
                reason,
              })),
            );
          }
          return;
        }
        for (const [entityRef, items] of live.slosByEntity) {
          items.forEach(item => this.addSlo(slosByEntity, entityRef, item));
        }
        integrations.push(...live.integrations);
        discovered.push(...live.discovered);
      }),
    );
    const [declared, kpiValues] = await Promise.all([
      this.declaredIntegrations(members, request, integrations, stale),
      this.kpiValues(members, request),
    ]);
    const integrationErrors = declared.errors;
    await this.fromSnapshots(stale, request, out);

    const entities: GroupEntitySummary[] = members.map(m => {
      const slos = slosByEntity.get(m.entityRef) ?? [];
      const worstState = slos.reduce<GroupEntitySummary['worstState']>(
        (worst, slo) =>
          STATE_RANK[slo.state] < STATE_RANK[worst] ? slo.state : worst,
        'none',
      );
      return {
        entityRef: m.entityRef,
        ...(m.entity.metadata.title ? { title: m.entity.metadata.title } : {}),
        ...(m.resolved.owner ? { owner: m.resolved.owner } : {}),
        ...(m.resolved.annotations.prometheusService
          ? { service: m.resolved.annotations.prometheusService }
          : {}),
        slos,
        worstState,
        problems: m.resolved.problems,
      };
    });
    entities.sort(
      (a, b) =>
        STATE_RANK[a.worstState] - STATE_RANK[b.worstState] ||
        a.entityRef.localeCompare(b.entityRef),
    );
    const allErrors = [...errors, ...integrationErrors];
    return {
      entityRef: stringifyEntityRef(group),
      range: viewRange(request),
      groups: groupRefs,
      entities: {
        status: errors.length > 0 ? 'error' : 'ok',
        ...(errors.length > 0 ? { error: errors.join('; ') } : {}),
        items: entities,
      },
      integrations: {
        status: allErrors.length > 0 ? 'error' : 'ok',
        ...(allErrors.length > 0 ? { error: allErrors.join('; ') } : {}),
        ...(declared.notes.length > 0 ? { notes: declared.notes } : {}),
        items: sortWorstFirst(integrations),
      },
      metrics: [
        ...members.flatMap(m => m.resolved.definitions),
        ...discovered,
      ].map(d => ownedMetric(d, kpiValues.get(metricKey(d.entityRef, d.id)))),
      problems,
      hiddenSensitive: visible.hidden,
    };
  }

  private member(entity: Entity): Member {
    const { resolved, instanceName, usesPrometheus } = resolveForView(
      entity,
      this.options.config,
      this.options.prometheus,
    );
    return {
      entity,
      entityRef: stringifyEntityRef(entity),
      resolved,
      ...(usesPrometheus && instanceName ? { instanceName } : {}),
    };
  }

  private async rollUpInstance(
    instance: PrometheusInstance,
    members: Member[],
    request: ViewRequest,
    out: {
      slosByEntity: Map<string, SloViewItem[]>;
      integrations: Array<IntegrationViewItem & { entityRef: string }>;
      discovered: MetricDefinition[];
    },
  ): Promise<void> {
    const { client, names } = instance;
    const serviceLabel = names.labels.service;
    // Batches: SLO counts depend on the indicator and window, not on the objective.
    const batches = new Map<
      string,
      {
        templates: { good: string; total: string };
        window: string;
        slos: Array<[Member, SloDefinition]>;
      }
    >();
    const individual: Array<[Member, SloDefinition]> = [];
    for (const member of members) {
      for (const slo of member.resolved.definitions) {
        if (slo.kind !== 'slo') continue;
        if (slo.indicator.type === 'ratio') {
          individual.push([member, slo]);
          continue;
        }
        const key =
          slo.indicator.type === 'latency'
            ? `latency:${slo.indicator.thresholdSeconds}:${slo.window}`
            : `availability:${slo.window}`;
        const batch = batches.get(key) ?? {
          templates: { good: '', total: '' },
          window: slo.window,
          slos: [],
        };
        batch.slos.push([member, slo]);
        batches.set(key, batch);
      }
    }
    const sloWork = [...batches.values()].map(async batch => {
      const services = batch.slos.map(([, slo]) =>
        slo.indicator.type === 'ratio' ? '' : slo.indicator.service,
      );
      const [, first] = batch.slos[0];
      const templates =
        first.indicator.type === 'latency'
          ? batchedLatencyCountQueries({
              services,
              window: WINDOW_PLACEHOLDER,
              names,
              thresholdSeconds: first.indicator.thresholdSeconds,
            })
          : batchedAvailabilityCountQueries({
              services,
              window: WINDOW_PLACEHOLDER,
              names,
            });
      const windows = [batch.window, ...BURN_RATE_WINDOWS];
      const [good, total] = await Promise.all([
        client.query(multiWindowQuery(templates.good, windows), request.end),
        client.query(multiWindowQuery(templates.total, windows), request.end),
      ]);
      const vector = (r: typeof good) =>
        r.resultType === 'vector' ? r.series : [];
      const goodBy = valuesByLabelAndWindow(vector(good), serviceLabel);
      const totalBy = valuesByLabelAndWindow(vector(total), serviceLabel);
      for (const [member, slo] of batch.slos) {
        const service =
          slo.indicator.type === 'ratio' ? '' : slo.indicator.service;
        const item = sloItemFromWindows(
          slo,
          goodBy.get(service) ?? new Map(),
          totalBy.get(service) ?? new Map(),
        );
        this.addSlo(out.slosByEntity, member.entityRef, item);
      }
    });
    const individualWork = individual.map(async ([member, slo]) => {
      const { series: _series, ...item } = await evaluateSloDefinition(
        slo,
        client,
        request,
      );
      this.addSlo(out.slosByEntity, member.entityRef, item);
    });
    await Promise.all([
      ...sloWork,
      ...individualWork,
      this.conventionalIntegrations(instance, members, request, out),
    ]);
  }

  private addSlo(
    slosByEntity: Map<string, SloViewItem[]>,
    entityRef: string,
    item: SloViewItem,
  ) {
    const list = slosByEntity.get(entityRef) ?? [];
    list.push(item);
    slosByEntity.set(entityRef, list);
  }

  /** One breakdown query for the conventional integrations of every service. */
  private async conventionalIntegrations(
    instance: PrometheusInstance,
    members: Member[],
    request: ViewRequest,
    out: {
      integrations: Array<IntegrationViewItem & { entityRef: string }>;
      discovered: MetricDefinition[];
    },
  ): Promise<void> {
    const byService = new Map<string, Member>();
    for (const member of members) {
      // Discovery off: the declared conventional integrations still share the batch.
      const declared = member.resolved.definitions.find(
        (d): d is PrometheusIntegrationDefinition =>
          d.kind === 'integration' &&
          d.source === 'prometheus' &&
          Boolean(d.conventional),
      );
      const service =
        member.resolved.integrationDiscovery?.service ??
        declared?.conventional?.service;
      if (service) byService.set(service, member);
    }
    if (byService.size === 0) return;
    const { client, names } = instance;
    const labels = names.labels;
    const result = await client.query(
      batchedIntegrationBreakdownQuery({
        services: byService.keys(),
        window: request.range,
        names,
      }),
      request.end,
    );
    const evaluated = new Map<string, Evaluated & { entityRef: string }>();
    for (const sample of result.resultType === 'vector' ? result.series : []) {
      const member = byService.get(sample.labels[labels.service] ?? '');
      if (!member) continue;
      const discovery = member.resolved.integrationDiscovery;
      const label = sample.labels[labels.integration] ?? '';
      const key = `${member.entityRef}\u0000${label}`;
      if (!evaluated.has(key)) {
        const declared = member.resolved.definitions.find(
          d =>
            d.kind === 'integration' &&
            d.source === 'prometheus' &&
            d.conventional?.label === label,
        );
        const definition =
          declared ??
          (discovery && discoveredIntegrationDefinition(discovery, label));
        if (!definition || definition.kind !== 'integration') continue;
        if (!declared) out.discovered.push(definition);
        evaluated.set(key, {
          definition,
          rows: [],
          entityRef: member.entityRef,
        });
      }
      const entry = evaluated.get(key)!;
      entry.rows.push({
        integration: entry.definition.name,
        outcome: sample.labels[labels.outcome] ?? '',
        errorClass: sample.labels[labels.errorClass],
        count: sample.value,
      });
    }
    for (const entry of evaluated.values()) {
      const [item] = toItems([entry]);
      out.integrations.push({ ...item, entityRef: entry.entityRef });
    }
  }

  /**
   * Integrations with their own queries or sources, each evaluated on its own; those whose
   * source is down are added to `stale`.
   */
  private async declaredIntegrations(
    members: Member[],
    request: ViewRequest,
    out: Array<IntegrationViewItem & { entityRef: string }>,
    stale: StaleWanted[],
  ): Promise<{ errors: string[]; notes: string[] }> {
    const errors: string[] = [];
    const notes = new Set<string>();
    await Promise.all(
      members.flatMap(member =>
        member.resolved.definitions
          .filter(
            d =>
              d.kind === 'integration' &&
              !(d.source === 'prometheus' && d.conventional),
          )
          .map(async definition => {
            if (definition.kind !== 'integration') return;
            try {
              const evaluated = await evaluateDeclaredIntegration(
                definition,
                {
                  prometheus: this.clientOf(member),
                  amplitude: this.options.amplitude,
                  sql: this.options.sql,
                  custom: this.#custom,
                },
                request,
              );
              if (evaluated.note) notes.add(evaluated.note);
              const [item] = toItems([evaluated]);
              out.push({ ...item, entityRef: member.entityRef });
            } catch (error) {
              const reason = errorMessage(error);
              errors.push(`${member.entityRef} ${definition.name}: ${reason}`);
              if (isSourceOutage(error)) {
                stale.push({
                  member,
                  slos: [],
                  integrations: [definition],
                  discovered: false,
                  reason,
                });
              }
            }
          }),
      ),
    );
    return { errors, notes: [...notes] };
  }

  /**
   * SLOs and integrations whose source is down, from stored snapshots: one read for all
   * affected entities. Those with too few stored days stay out; a failing store only logs.
   */
  private async fromSnapshots(
    wanted: StaleWanted[],
    request: ViewRequest,
    out: RollUp,
  ): Promise<void> {
    const { store, config, logger } = this.options;
    if (!store || wanted.length === 0) return;
    const days = rangeDays(request);
    let history: StoredHistory;
    try {
      history = await StoredHistory.read(store, {
        entityRefs: [...new Set(wanted.map(w => w.member.entityRef))],
        end: request.end,
        spanDays: Math.max(
          days,
          ...wanted.flatMap(w => w.slos.map(sloWindowDays)),
        ),
        staleDays: config.history.backfillDays,
      });
    } catch (error) {
      logger.warn(
        `metrics group view: stored snapshots could not be read: ${errorMessage(
          error,
        )}`,
      );
      return;
    }
    for (const { member, slos, integrations, discovered, reason } of wanted) {
      const { entityRef } = member;
      for (const slo of slos) {
        const item = history.slo(entityRef, slo, reason);
        if (item) this.addSlo(out.slosByEntity, entityRef, item);
      }
      const found = discovered
        ? history.discoveredIntegrations(member.resolved)
        : [];
      out.discovered.push(...found);
      for (const definition of [...integrations, ...found]) {
        const item = history.integration(entityRef, definition, days, reason);
        if (item) out.integrations.push({ ...item, entityRef });
      }
    }
  }

  /** Each KPI over the view's range; a failing source leaves only its KPIs without a value. */
  private async kpiValues(
    members: Member[],
    request: ViewRequest,
  ): Promise<Map<string, KpiValue>> {
    const values = new Map<string, KpiValue>();
    await Promise.all(
      members.flatMap(member =>
        member.resolved.definitions
          .filter((d): d is KpiDefinition => d.kind === 'kpi')
          .map(async definition => {
            const key = metricKey(member.entityRef, definition.id);
            try {
              const reading = await readKpi(
                definition,
                {
                  prometheus: this.clientOf(member),
                  amplitude: this.options.amplitude,
                  sql: this.options.sql,
                  custom: this.#custom,
                },
                request,
              );
              values.set(key, { value: reading.value });
            } catch (error) {
              values.set(key, { value: null, error: errorMessage(error) });
            }
          }),
      ),
    );
    return values;
  }

  private clientOf(member: Member) {
    return member.instanceName
      ? this.options.prometheus.get(member.instanceName)?.client
      : undefined;
  }
}
