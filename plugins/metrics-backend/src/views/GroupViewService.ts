import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
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
  ResolvedEntityMetrics,
  SloDefinition,
  SloViewItem,
  NorthStarView,
  batchedIntegrationBreakdownQuery,
  dayOf,
  northStarTrendDays,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { loadOwnedComponents } from '../catalog/ownedEntities';
import type { NorthStarRow, NorthStarStore } from '../database/NorthStarStore';
import type { SnapshotRow } from '../database/SnapshotStore';
import type { GoalRow, TeamRecordStore } from '../database/TeamRecordStore';
import { northStarView, sameMetric } from '../team/northStarView';
import type { ViewRequest } from '../http/parseViewRequest';
import {
  PrometheusInstance,
  batchSlos,
  byConvention,
  conventionalServiceOf,
  isConventional,
  isSourceOutage,
  readKpi,
  readSloBatch,
  readingsFromBreakdown,
  samplesOf,
} from '../readers';
import {
  evaluateDeclaredIntegration,
  sortWorstFirst,
  toItems,
} from './integrationSection';
import { errorMessage, viewRange } from './resolveForView';
import { metricFields } from './metricFields';
import { toSection } from './section';
import { rangeDays, sloWindowDays } from './snapshotFallback';
import { evaluateSloDefinition, sloItemFromWindows } from './sloSection';
import type { SensitiveReadMode } from './hideSensitive';
import { ViewContext, ViewServiceOptions } from './viewContext';
import { beforeDeadline, budgetProblem } from './viewScope';
import { DEFAULT_TIMEOUT_MS } from '../config/metricsConfig';
import { QueryBudget, withQueryScope } from '../sources/prometheus';

/** The UTC day of the view's end: the north star's trend ends in the week before it. */
const viewDay = (request: ViewRequest) => dayOf(request.end * 1000);

export interface GroupViewServiceOptions extends ViewServiceOptions {
  /** The teams' north stars; without it the view has no `northStar`. */
  northStars?: Pick<NorthStarStore, 'getNorthStar'>;
  /** Goals, for the north star's open goal. */
  goals?: Pick<TeamRecordStore, 'listGoals'>;
}

/** What the north star of a view is built from, read beside the sources. */
interface NorthStarInput {
  row: NorthStarRow;
  definition: KpiDefinition;
  snapshots: SnapshotRow[];
  goals: GoalRow[];
}

interface Member {
  entity: Entity;
  entityRef: string;
  resolved: ResolvedEntityMetrics;
  instanceName?: string;
}

type EntityIntegration = IntegrationViewItem & { entityRef: string };

/** Items of the roll-up, live or from snapshots. */
interface RollUp {
  slos: Array<{ entityRef: string; item: SloViewItem }>;
  integrations: EntityIntegration[];
  /** Integrations found on the conventional counter rather than declared. */
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

/** What one part of the roll-up gave, and what failed. */
interface Part extends RollUp {
  /** Failures that leave SLOs out (the entities section). */
  sloErrors: string[];
  /** Failures that leave integrations out. */
  errors: string[];
  stale: StaleWanted[];
  notes: string[];
}

/** A KPI's value over the view's range, or why it has none. */
interface KpiValue {
  value: number | null;
  error?: string;
}

const EMPTY: Part = {
  sloErrors: [],
  slos: [],
  integrations: [],
  discovered: [],
  errors: [],
  stale: [],
  notes: [],
};

function merge(...parts: Array<Partial<Part>>): Part {
  return {
    slos: parts.flatMap(p => p.slos ?? []),
    integrations: parts.flatMap(p => p.integrations ?? []),
    discovered: parts.flatMap(p => p.discovered ?? []),
    sloErrors: parts.flatMap(p => p.sloErrors ?? []),
    errors: parts.flatMap(p => p.errors ?? []),
    stale: parts.flatMap(p => p.stale ?? []),
    notes: [...new Set(parts.flatMap(p => p.notes ?? []))],
  };
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
    ...metricFields(definition),
    entityRef: definition.entityRef,
    kind: definition.kind,
    bucket: bucketOf(definition),
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

function slosOf(member: Member): SloDefinition[] {
  return member.resolved.definitions.filter(
    (d): d is SloDefinition => d.kind === 'slo',
  );
}

function summary(
  member: Member,
  slos: SloViewItem[],
  budget?: QueryBudget,
): GroupEntitySummary {
  const worstState = slos.reduce<GroupEntitySummary['worstState']>(
    (worst, slo) =>
      STATE_RANK[slo.state] < STATE_RANK[worst] ? slo.state : worst,
    'none',
  );
  return {
    entityRef: member.entityRef,
    ...(member.entity.metadata.title
      ? { title: member.entity.metadata.title }
      : {}),
    ...(member.resolved.owner ? { owner: member.resolved.owner } : {}),
    ...(member.resolved.annotations.prometheusService
      ? { service: member.resolved.annotations.prometheusService }
      : {}),
    slos,
    worstState,
    problems: [
      ...member.resolved.problems,
      ...(budget && budget.refused > 0 ? [budgetProblem(budget)] : []),
    ],
  };
}

/**
 * Builds the squad (Group) roll-up. Availability and latency SLOs and conventional
 * integrations of all owned services are read with a fixed number of batched Prometheus
 * queries per instance (`sum by (service, …)`), whatever the number of services; only SLOs,
 * integrations with their own queries and KPIs cost one evaluation each. Sensitive metrics
 * the caller may not read are left out.
 */
export class GroupViewService {
  readonly #context: ViewContext;
  readonly #options: GroupViewServiceOptions;

  constructor(options: GroupViewServiceOptions) {
    this.#context = new ViewContext(options);
    this.#options = options;
  }

  /**
   * What a cached squad view depends on beyond its request: the marked north star (one small
   * read). The router puts it in the view's cache key, so marking or clearing the north star
   * shows at once instead of after the cache's TTL.
   */
  async cacheVersion(entityRef: CompoundEntityRef): Promise<string> {
    const row = await this.northStarRow(stringifyEntityRef(entityRef));
    if (row === undefined) return 'unknown';
    return row === null
      ? 'none'
      : `${row.metric.entityRef}|${row.metric.metricId}|${row.setAt}`;
  }

  /** `sensitive: 'never'` leaves out every sensitive metric, for screens others see (TV mode). */
  async getGroupView(
    request: ViewRequest,
    credentials: BackstageCredentials,
    options: { sensitive?: SensitiveReadMode } = {},
  ): Promise<GroupMetricsResponse> {
    const context = this.#context;
    const group = await context.load(request.entityRef, credentials, 'group');
    const marked = this.northStarRow(stringifyEntityRef(group));
    const { groupRefs, components } = await loadOwnedComponents(
      context.options.catalog,
      group,
      credentials,
    );
    const members = await this.members(
      components,
      credentials,
      options.sensitive,
    );
    const hiddenSensitive = members.hidden;
    // Its history and goal are read while the sources answer.
    const northStarInput = marked.then(row =>
      row === undefined || row === null
        ? row
        : this.northStarInput(row, members.list, request),
    );

    // Instances and the declared metrics are read side by side under one deadline (the
    // longest instance timeout); one never waits for another.
    const budgets = memberBudgets(members.list, context.options.prometheus);
    const [instanceParts, declared, kpiValues] = await withQueryScope(
      { deadlineAt: Date.now() + longestTimeout(context.options.prometheus) },
      () =>
        Promise.all([
          Promise.all(
            [...byInstance(members.list)].map(([name, list]) =>
              beforeDeadline(`Prometheus "${name}"`, () =>
                this.instancePart(name, list, request, budgets),
              ).catch(error => this.outagePart(name, list, error)),
            ),
          ),
          beforeDeadline('The declared integrations', () =>
            this.declaredIntegrations(members.list, request, budgets),
          ).catch(error => merge({ errors: [errorMessage(error)] })),
          beforeDeadline('The KPIs', () =>
            this.kpiValues(members.list, request, budgets),
          ).catch(() => new Map<string, KpiValue>()),
        ]),
    );
    const live = merge(...instanceParts);
    const northStar = northStarOf(await northStarInput, kpiValues, request);
    const stored = await this.fromSnapshots(
      [...live.stale, ...declared.stale],
      request,
    );
    const all = merge(live, declared, stored);

    const entities = members.list.map(m =>
      summary(
        m,
        all.slos.filter(s => s.entityRef === m.entityRef).map(s => s.item),
        budgets.get(m.entityRef),
      ),
    );
    entities.sort(
      (a, b) =>
        STATE_RANK[a.worstState] - STATE_RANK[b.worstState] ||
        a.entityRef.localeCompare(b.entityRef),
    );
    return {
      entityRef: stringifyEntityRef(group),
      range: viewRange(request),
      groups: groupRefs,
      entities: toSection({ items: entities, errors: live.sloErrors }),
      integrations: toSection({
        items: sortWorstFirst(all.integrations),
        errors: [...live.errors, ...declared.errors],
        notes: declared.notes,
      }),
      metrics: [
        ...members.list.flatMap(m => m.resolved.definitions),
        ...all.discovered,
      ].map(d => ownedMetric(d, kpiValues.get(metricKey(d.entityRef, d.id)))),
      problems: members.list.flatMap(m =>
        m.resolved.problems.map(
          (p): DefinitionProblem => ({
            ...p,
            path: `${m.entityRef}: ${p.path}`,
          }),
        ),
      ),
      hiddenSensitive,
      ...(northStar !== undefined ? { northStar } : {}),
    };
  }

  /**
   * The team's marked north star: null when none, undefined without a store or when it could
   * not be read (the view answers without it).
   */
  private async northStarRow(
    teamRef: string,
  ): Promise<NorthStarRow | null | undefined> {
    const store = this.#options.northStars;
    if (!store) return undefined;
    try {
      return (await store.getNorthStar(teamRef)) ?? null;
    } catch (error) {
      this.#context.logger.warn(
        `metrics group view: the north star of ${teamRef} could not be read: ${errorMessage(
          error,
        )}`,
      );
      return undefined;
    }
  }

  /**
   * The marked KPI among the members' visible definitions, with its trend's snapshots and the
   * team's goals: two store reads. Undefined when the KPI is no longer declared or is hidden.
   */
  private async northStarInput(
    row: NorthStarRow,
    members: Member[],
    request: ViewRequest,
  ): Promise<NorthStarInput | undefined> {
    const definition = members
      .flatMap(m => m.resolved.definitions)
      .find(
        (d): d is KpiDefinition =>
          d.kind === 'kpi' &&
          sameMetric({ entityRef: d.entityRef, metricId: d.id }, row.metric),
      );
    if (!definition) return undefined;
    const { store } = this.#context.options;
    const { goals } = this.#options;
    const { fromDay, toDay } = northStarTrendDays(viewDay(request));
    try {
      const [snapshots, goalRows] = await Promise.all([
        store
          ? store.listSnapshots({
              fromDay,
              toDay,
              entityRefs: [definition.entityRef],
              metricIds: [definition.id],
            })
          : [],
        goals ? goals.listGoals({ teamRefs: [row.teamRef] }) : [],
      ]);
      return { row, definition, snapshots, goals: goalRows };
    } catch (error) {
      this.#context.logger.warn(
        `metrics group view: the north star's history of ${
          row.teamRef
        } could not be read: ${errorMessage(error)}`,
      );
      return { row, definition, snapshots: [], goals: [] };
    }
  }

  /** The owned components, resolved, with the sensitive metrics the caller may not read left out. */
  private async members(
    components: Entity[],
    credentials: BackstageCredentials,
    mode?: SensitiveReadMode,
  ): Promise<{ list: Member[]; hidden: number }> {
    const context = this.#context;
    const all = components.map(entity => {
      const { resolved, instanceName, usesPrometheus } =
        context.resolve(entity);
      return {
        entity,
        entityRef: stringifyEntityRef(entity),
        resolved,
        ...(usesPrometheus && instanceName ? { instanceName } : {}),
      };
    });
    const visible = await context.visible(
      all.map(m => m.resolved),
      credentials,
      mode,
    );
    return {
      list: all.map((m, i) => ({ ...m, resolved: visible.resolved[i] })),
      hidden: visible.hidden,
    };
  }

  /**
   * Everything one instance gives, family by family: a failing family (the batched SLO
   * queries, one ratio SLO, the integration counter) leaves out only the items it feeds,
   * which are wanted from snapshots when the instance is down.
   */
  private async instancePart(
    name: string,
    members: Member[],
    request: ViewRequest,
    budgets: Map<string, QueryBudget>,
  ): Promise<Part> {
    const instance = this.#context.options.prometheus.get(name);
    if (!instance) {
      return merge({
        sloErrors: [`No Prometheus instance "${name}" is configured`],
        errors: [`No Prometheus instance "${name}" is configured`],
      });
    }
    const batchedOf = (m: Member) =>
      slosOf(m).filter(slo => slo.indicator.type !== 'ratio');
    const [batched, ratio, integrations] = await Promise.all([
      this.batchedSlos(instance, members, request).then(
        slos => ({ slos }),
        error =>
          familyFailure(
            name,
            'SLO queries',
            error,
            members.map(member => ({
              member,
              slos: batchedOf(member),
              integrations: [],
              discovered: false,
            })),
            'sloErrors',
          ),
      ),
      this.ratioSlos(instance, members, request, budgets),
      this.conventionalIntegrations(instance, members, request).then(
        found => found,
        error =>
          familyFailure(
            name,
            'integration counter',
            error,
            members.map(member => ({
              member,
              slos: [],
              integrations: member.resolved.definitions.filter(isConventional),
              discovered: true,
            })),
            'errors',
          ),
      ),
    ]);
    return merge(batched, ratio, integrations);
  }

  /** What an instance that did not answer in time gives: its members from snapshots. */
  private outagePart(name: string, members: Member[], error: unknown): Part {
    const reason = errorMessage(error);
    return merge({
      sloErrors: [`Prometheus "${name}": ${reason}`],
      errors: [`Prometheus "${name}": ${reason}`],
      stale: members.map(member => ({
        member,
        slos: slosOf(member),
        integrations: member.resolved.definitions.filter(isConventional),
        discovered: true,
        reason,
      })),
    });
  }

  /** Availability and latency SLOs: two queries per indicator and window, for every service. */
  private async batchedSlos(
    instance: PrometheusInstance,
    members: Member[],
    request: ViewRequest,
  ): Promise<RollUp['slos']> {
    const batches = batchSlos(
      members.flatMap(member =>
        slosOf(member).map(slo => ({
          slo,
          owner: member,
          convention: member.resolved.convention,
        })),
      ),
      { byWindow: true },
    );
    const read = await Promise.all(
      batches.map(batch =>
        readSloBatch(
          instance,
          batch,
          [batch.window!, ...BURN_RATE_WINDOWS],
          request.end,
        ),
      ),
    );
    return read.flat().map(({ slo, owner, good, total }) => ({
      entityRef: owner.entityRef,
      item: sloItemFromWindows(slo, good, total),
    }));
  }

  /**
   * Ratio SLOs have queries of their own: evaluated one by one, without charts, each within
   * its member's query budget; one failing leaves out only itself.
   */
  private async ratioSlos(
    instance: PrometheusInstance,
    members: Member[],
    request: ViewRequest,
    budgets: Map<string, QueryBudget>,
  ): Promise<Part> {
    const parts = await Promise.all(
      members.flatMap(member =>
        slosOf(member)
          .filter(slo => slo.indicator.type === 'ratio')
          .map(slo =>
            inBudget(budgets, member, () =>
              evaluateSloDefinition(slo, instance, request),
            ).then(
              ({ series: _series, ...item }): Partial<Part> => ({
                slos: [{ entityRef: member.entityRef, item }],
              }),
              error =>
                familyFailure(
                  instance.client.name,
                  `${member.entityRef} ${slo.name}`,
                  error,
                  [
                    {
                      member,
                      slos: [slo],
                      integrations: [],
                      discovered: false,
                    },
                  ],
                  'sloErrors',
                ),
            ),
          ),
      ),
    );
    return merge(...parts);
  }

  /**
   * One breakdown query per convention for the conventional integrations of every service.
   */
  private async conventionalIntegrations(
    instance: PrometheusInstance,
    members: Member[],
    request: ViewRequest,
  ): Promise<Pick<RollUp, 'integrations' | 'discovered'>> {
    const groups = byConvention(
      members.filter(m => conventionalServiceOf(m.resolved)),
    );
    const readings = await Promise.all(
      groups.map(async ({ convention, entities }) => {
        const names = convention.integrations;
        if (!names) return [];
        const services = new Set(
          entities.map(m => conventionalServiceOf(m.resolved)!),
        );
        const result = await instance.client.query(
          batchedIntegrationBreakdownQuery({
            services,
            window: request.range,
            convention,
          }),
          request.end,
        );
        return readingsFromBreakdown(entities, samplesOf(result), names, {
          declaredWithoutCalls: false,
        });
      }),
    );
    return {
      integrations: readings.flat().map(reading => ({
        ...toItems([reading])[0],
        entityRef: reading.entityRef,
      })),
      discovered: readings
        .flat()
        .filter(r => r.discovered)
        .map(r => r.definition),
    };
  }

  /**
   * Integrations with their own queries or sources, each evaluated on its own; those whose
   * source is down are wanted from snapshots.
   */
  private async declaredIntegrations(
    members: Member[],
    request: ViewRequest,
    budgets: Map<string, QueryBudget>,
  ): Promise<Part> {
    const parts = await Promise.all(
      members.flatMap(member =>
        member.resolved.definitions
          .filter(
            (d): d is IntegrationDefinition =>
              d.kind === 'integration' && !isConventional(d),
          )
          .map(async (definition): Promise<Partial<Part>> => {
            try {
              const evaluated = await inBudget(budgets, member, () =>
                evaluateDeclaredIntegration(
                  definition,
                  this.sourcesOf(member),
                  request,
                ),
              );
              const [item] = toItems([evaluated]);
              return {
                integrations: [{ ...item, entityRef: member.entityRef }],
                notes: evaluated.note ? [evaluated.note] : [],
              };
            } catch (error) {
              const reason = errorMessage(error);
              return {
                errors: [`${member.entityRef} ${definition.name}: ${reason}`],
                stale: isSourceOutage(error)
                  ? [
                      {
                        member,
                        slos: [],
                        integrations: [definition],
                        discovered: false,
                        reason,
                      },
                    ]
                  : [],
              };
            }
          }),
      ),
    );
    return merge(...parts);
  }

  /**
   * SLOs and integrations whose source is down, from stored snapshots: one read for all
   * affected entities. Those with too few stored days stay out; a failing store only logs.
   */
  private async fromSnapshots(
    wanted: StaleWanted[],
    request: ViewRequest,
  ): Promise<Part> {
    const days = rangeDays(request);
    const history = this.#context.history(
      [...new Set(wanted.map(w => w.member.entityRef))],
      request.end,
      Math.max(days, ...wanted.flatMap(w => w.slos.map(sloWindowDays))),
    );
    if (!history || wanted.length === 0) return EMPTY;
    let stored;
    try {
      stored = await history();
    } catch (error) {
      this.#context.logger.warn(
        `metrics group view: stored snapshots could not be read: ${errorMessage(
          error,
        )}`,
      );
      return EMPTY;
    }
    const parts = wanted.map(
      ({ member, slos, integrations, discovered, reason }): Partial<Part> => {
        const { entityRef } = member;
        const found = discovered
          ? stored.discoveredIntegrations(member.resolved)
          : [];
        return {
          slos: slos.flatMap(slo => {
            const item = stored.slo(entityRef, slo, reason);
            return item ? [{ entityRef, item }] : [];
          }),
          discovered: found,
          integrations: [...integrations, ...found].flatMap(definition => {
            const item = stored.integration(
              entityRef,
              definition,
              days,
              reason,
            );
            return item ? [{ ...item, entityRef }] : [];
          }),
        };
      },
    );
    return merge(...parts);
  }

  /** Each KPI over the view's range; a failing source leaves only its KPIs without a value. */
  private async kpiValues(
    members: Member[],
    request: ViewRequest,
    budgets: Map<string, QueryBudget>,
  ): Promise<Map<string, KpiValue>> {
    const entries = await Promise.all(
      members.flatMap(member =>
        member.resolved.definitions
          .filter((d): d is KpiDefinition => d.kind === 'kpi')
          .map(async (definition): Promise<[string, KpiValue]> => {
            const key = metricKey(member.entityRef, definition.id);
            try {
              const reading = await inBudget(budgets, member, () =>
                readKpi(definition, this.sourcesOf(member), request),
              );
              return [key, { value: reading.value }];
            } catch (error) {
              return [key, { value: null, error: errorMessage(error) }];
            }
          }),
      ),
    );
    return new Map(entries);
  }

  private sourcesOf(member: Member) {
    return this.#context.sourcesFor(member.instanceName);
  }
}

/** The north star with the KPI's value the view read for the bucket (no second read). */
function northStarOf(
  input: NorthStarInput | null | undefined,
  kpiValues: Map<string, KpiValue>,
  request: ViewRequest,
): NorthStarView | null | undefined {
  if (!input) return input;
  const { definition } = input;
  const value = kpiValues.get(
    metricKey(definition.entityRef, definition.id),
  ) ?? {
    value: null,
    error: 'The KPIs were not read in time',
  };
  return northStarView({ ...input, value, today: viewDay(request) });
}

/** Members that read Prometheus, by the instance they read. */
function byInstance(members: Member[]): Map<string, Member[]> {
  const out = new Map<string, Member[]>();
  for (const member of members) {
    if (!member.instanceName) continue;
    out.set(member.instanceName, [
      ...(out.get(member.instanceName) ?? []),
      member,
    ]);
  }
  return out;
}

/**
 * What a failed query family of an instance gives: its error, in the section of the items it
 * feeds, and those items wanted from snapshots when the instance is down.
 */
function familyFailure(
  instanceName: string,
  family: string,
  error: unknown,
  want: Array<Omit<StaleWanted, 'reason'>>,
  section: 'sloErrors' | 'errors',
): Partial<Part> {
  const reason = errorMessage(error);
  return {
    [section]: [`Prometheus "${instanceName}" ${family}: ${reason}`],
    stale: isSourceOutage(error) ? want.map(w => ({ ...w, reason })) : [],
  };
}

/**
 * A query budget per member reading Prometheus, for the queries of its own definitions
 * (ratio SLOs, custom integrations, KPIs); the batched queries are shared and not counted.
 */
function memberBudgets(
  members: Member[],
  prometheus: ReadonlyMap<string, PrometheusInstance>,
): Map<string, QueryBudget> {
  const out = new Map<string, QueryBudget>();
  for (const member of members) {
    const client = member.instanceName
      ? prometheus.get(member.instanceName)?.client
      : undefined;
    if (!client) continue;
    out.set(
      member.entityRef,
      new QueryBudget(
        client.limits.queriesPerView,
        `limits.queriesPerView of instance "${client.name}", for ${member.entityRef}`,
      ),
    );
  }
  return out;
}

function inBudget<T>(
  budgets: Map<string, QueryBudget>,
  member: Member,
  work: () => Promise<T>,
): Promise<T> {
  const budget = budgets.get(member.entityRef);
  return budget ? withQueryScope({ budget }, work) : work();
}

/** The longest `timeoutMs` of the instances: the squad view's deadline. */
function longestTimeout(
  prometheus: ReadonlyMap<string, PrometheusInstance>,
): number {
  const timeouts = [...prometheus.values()].map(i => i.client.timeoutMs);
  return timeouts.length > 0 ? Math.max(...timeouts) : DEFAULT_TIMEOUT_MS;
}
