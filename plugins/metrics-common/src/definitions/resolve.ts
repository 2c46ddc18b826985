import {
  DEFAULT_NAMESPACE,
  Entity,
  RELATION_OWNED_BY,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { METRICS_ANNOTATIONS } from '../annotations';
import {
  EntityMetricsAnnotations,
  readEntityMetricsAnnotations,
} from '../entityAnnotations';
import type { AlertSeverity } from '../math/slo';
import type { ErrorBudgetPolicyStep } from '../math/policy';
import { parseDuration } from '../math/windows';
import type { DefinitionProblem } from '../types';
import { WINDOW_PLACEHOLDER } from './promql';
import {
  DEFAULT_TELEMETRY_CONVENTION,
  SliCountQueries,
  TelemetryConvention,
  availabilityCountQueries,
  integrationBreakdownQuery,
  integrationCountQueries,
  latencyCountQueries,
} from '../conventions';
import {
  DEFAULT_SLO_WINDOW,
  IntegrationDefinitionInput,
  KpiBucket,
  KpiDefinitionInput,
  KpiUnit,
  MAX_DEFINITIONS_PER_LIST,
  METRICS_BLOCK_PATH,
  MetricSourceType,
  SloDefinitionInput,
  definitionErrorMap,
  formatProblemPath,
  integrationDefinitionSchema,
  kpiDefinitionSchema,
  metricsBlockShellSchema,
  parseDefinition,
  sloDefinitionSchema,
  sloItemSchema,
} from './schema';
import {
  isOpenSloItem,
  openSloItemName,
  readOpenSloItem,
} from '../openslo/parse';

/**
 * What a metric definition measures.
 *
 * @public
 */
export type MetricKind = 'slo' | 'integration' | 'kpi';

/**
 * Where a definition comes from: the entity's `metadata.metrics` block (`declared`), the
 * configured default SLOs (`default`), or an `integration` label value found at query time
 * (`discovered`).
 *
 * @public
 */
export type MetricOrigin = 'declared' | 'default' | 'discovered';

/**
 * Why a metric counts as an ownership gap (docs/catalog-conventions.md#owners-targets-and-alerts: "a dashboard nobody acts on is noise").
 *
 * @public
 */
export type MetricOwnershipGap = 'no-owner' | 'no-target-or-alert';

/**
 * Fields every metric definition has.
 *
 * @public
 */
export interface MetricDefinitionBase {
  /** Stable within the entity: `<kind>:<name>`, e.g. `slo:checkout-availability`. */
  id: string;
  kind: MetricKind;
  name: string;
  description?: string;
  /** The entity that declares the metric. */
  entityRef: string;
  origin: MetricOrigin;
  /** Path of the definition in the entity, e.g. `metadata.metrics.slos[0]`; absent for defaults and discovered ones. */
  path?: string;
  source: MetricSourceType;
  /** Owner entity ref: the definition's, else the block's, else the entity's owner. */
  owner?: string;
  /** Declared alerting; `none` when not declared. */
  alert: AlertSeverity;
  sensitive: boolean;
  hasOwner: boolean;
  /** SLOs always have one (the objective). */
  hasTarget: boolean;
  /** `alert` is `ticket` or `page`. */
  hasAlert: boolean;
  /** Reasons this metric is an ownership gap; empty when it is owned and acted on. */
  gaps: MetricOwnershipGap[];
  /** `gaps` is not empty: no owner, or neither target nor alert. */
  ownershipGap: boolean;
}

/**
 * The SLI of an SLO. `availability` and `latency` use the conventional metrics of `service`
 * in the telemetry convention `convention` (its id, e.g. `istio`); `ratio` uses the
 * definition's own PromQL.
 *
 * @public
 */
export type SloIndicator =
  | { type: 'availability'; service: string; convention: string }
  | {
      type: 'latency';
      service: string;
      convention: string;
      thresholdSeconds: number;
    }
  | { type: 'ratio' };

/**
 * An SLO to evaluate.
 *
 * @public
 */
export interface SloDefinition extends MetricDefinitionBase {
  kind: 'slo';
  source: 'prometheus';
  /** Configured Prometheus instance; undefined means the default one. */
  instance?: string;
  /** Percent, in (0, 100). */
  objective: number;
  window: string;
  windowSeconds: number;
  indicator: SloIndicator;
  /** Good and total event counts over `{{window}}`: fill with `renderWindow` for any window. */
  queries: SliCountQueries;
  /**
   * Where the window and a ratio's queries are written when not at their usual paths under
   * `path` (an OpenSLO item); read with {@link sloFieldPath}.
   */
  fieldPaths?: { window: string; good: string; total: string };
  /**
   * Error-budget policy (docs/slo-math.md#error-budget-policy): the item's `policy`, else the
   * configured default; absent without either, or when the item's policy is empty.
   */
  policy?: ErrorBudgetPolicyStep[];
}

/**
 * Fields every integration definition has, whatever its source.
 *
 * @public
 */
export interface IntegrationDefinitionCommon extends MetricDefinitionBase {
  kind: 'integration';
  /** Success-rate target in percent. */
  target?: number;
}

/**
 * An integration counted in Prometheus: on the conventional counter (`conventional` set) or
 * with the definition's own PromQL.
 *
 * @public
 */
export interface PrometheusIntegrationDefinition
  extends IntegrationDefinitionCommon {
  source: 'prometheus';
  instance?: string;
  /** Set for the conventional counter: the service and the `integration` label value. */
  conventional?: { service: string; label: string };
  /** Templates over `{{window}}`; `errorClasses` only for the conventional counter. */
  queries: { success: string; total: string; errorClasses?: string };
}

/**
 * An integration counted in Amplitude: success events out of attempt events, or out of
 * success + failure events when no attempt event is named.
 *
 * @public
 */
export interface AmplitudeIntegrationDefinition
  extends IntegrationDefinitionCommon {
  source: 'amplitude';
  /** Configured project: the definition's, else the `amplitude-project` annotation. */
  project: string;
  successEvent: string;
  failureEvent?: string;
  attemptEvent?: string;
  /** Event property filters (equality). */
  where: Record<string, string | number | boolean>;
}

/**
 * An integration counted in the SQL events table: events of `eventType` for `partner`, by
 * their outcome and error class.
 *
 * @public
 */
export interface SqlIntegrationDefinition extends IntegrationDefinitionCommon {
  source: 'sql';
  eventType: string;
  partner: string;
}

/**
 * Parameters a definition passes to a module-added source (see `MetricsSource.countEvents` in
 * metrics-node); what they mean is up to the source.
 *
 * @public
 */
export type CustomSourceParams = Record<string, string | number | boolean>;

/**
 * An integration counted by a source a backend module adds: successes out of the total, each
 * counted by the source with its own parameters.
 *
 * @public
 */
export interface CustomIntegrationDefinition
  extends IntegrationDefinitionCommon {
  source: 'custom';
  /** Id of the module-added source. */
  sourceId: string;
  success: CustomSourceParams;
  total: CustomSourceParams;
}

/**
 * An integration to evaluate.
 *
 * @public
 */
export type IntegrationDefinition =
  | PrometheusIntegrationDefinition
  | AmplitudeIntegrationDefinition
  | SqlIntegrationDefinition
  | CustomIntegrationDefinition;

/**
 * Target of a KPI: a value to stay above or below.
 *
 * @public
 */
export interface KpiTarget {
  value: number;
  direction: 'above' | 'below';
}

/**
 * Fields every KPI definition has, whatever its source.
 *
 * @public
 */
export interface KpiDefinitionCommon extends MetricDefinitionBase {
  kind: 'kpi';
  bucket: KpiBucket;
  unit?: KpiUnit;
  target?: KpiTarget;
}

/**
 * A KPI read with the definition's own PromQL.
 *
 * @public
 */
export interface PrometheusKpiDefinition extends KpiDefinitionCommon {
  source: 'prometheus';
  instance?: string;
  /** Template over `{{window}}`. */
  query: string;
}

/**
 * A KPI counted in Amplitude (`totals` events or `uniques` users).
 *
 * @public
 */
export interface AmplitudeKpiDefinition extends KpiDefinitionCommon {
  source: 'amplitude';
  project: string;
  event: string;
  metric: 'totals' | 'uniques';
  where: Record<string, string | number | boolean>;
}

/**
 * A KPI counted in the SQL events table (`totals` events or `uniques` users).
 *
 * @public
 */
export interface SqlKpiDefinition extends KpiDefinitionCommon {
  source: 'sql';
  eventType: string;
  partner?: string;
  metric: 'totals' | 'uniques';
}

/**
 * A KPI counted by a source a backend module adds.
 *
 * @public
 */
export interface CustomKpiDefinition extends KpiDefinitionCommon {
  source: 'custom';
  /** Id of the module-added source. */
  sourceId: string;
  params: CustomSourceParams;
}

/**
 * A KPI to evaluate.
 *
 * @public
 */
export type KpiDefinition =
  | PrometheusKpiDefinition
  | AmplitudeKpiDefinition
  | SqlKpiDefinition
  | CustomKpiDefinition;

/**
 * Any metric definition.
 *
 * @public
 */
export type MetricDefinition =
  | SloDefinition
  | IntegrationDefinition
  | KpiDefinition;

/**
 * A configured default SLO (`metrics.defaultSlos`).
 *
 * @public
 */
export interface DefaultSloOption {
  name: string;
  /** Percent. */
  objective: number;
  window: string;
}

/**
 * Options of {@link resolveEntityMetrics}.
 *
 * @public
 */
export interface ResolveEntityMetricsOptions {
  /** Applied as availability SLOs to annotated entities whose block has no `slos` key. */
  defaultSlos?: ReadonlyArray<DefaultSloOption>;
  /**
   * The telemetry convention of the entity's series, renames applied (`resolveConvention`);
   * default: the suite's own.
   */
  convention?: TelemetryConvention;
  /** The policy of SLOs that declare none (`metrics.errorBudgetPolicy.steps`), checked. */
  errorBudgetPolicy?: ReadonlyArray<ErrorBudgetPolicyStep>;
}

/**
 * What the backend needs to turn `integration` label values found at query time into
 * definitions (see {@link discoveredIntegrationDefinition}).
 *
 * @public
 */
export interface IntegrationDiscovery {
  entityRef: string;
  service: string;
  instance?: string;
  /** Owner of discovered integrations: the block's owner, else the entity's. */
  owner?: string;
  /** Label values covered by declared integrations; not discovered again. */
  claimedLabels: string[];
  /** Ids of declared definitions, to keep discovered ids unique. */
  claimedIds: string[];
  convention: TelemetryConvention;
  /** `sum by (integration, outcome, error_class)` of the service over `{{window}}`. */
  breakdownQuery: string;
}

/**
 * The metrics of one entity, ready to evaluate.
 *
 * @public
 */
export interface ResolvedEntityMetrics {
  entityRef: string;
  /** The entity's own owner (`ownedBy` relation, else `spec.owner`). */
  owner?: string;
  /** SLOs, then integrations, then KPIs, each in declaration order. */
  definitions: MetricDefinition[];
  /** Every problem, annotations' included, with the path of the field at fault. */
  problems: DefinitionProblem[];
  annotations: EntityMetricsAnnotations;
  /** The telemetry convention the conventional queries were built from. */
  convention: TelemetryConvention;
  /**
   * True when the entity has a `prometheus-service` annotation, its convention has an
   * integration counter and the block does not say `discoverIntegrations: false`: integrations on the conventional counter are found from
   * the `integration` label values at query time, declared ones or not.
   */
  discoverIntegrations: boolean;
  /** Set exactly when `discoverIntegrations` is true. */
  integrationDiscovery?: IntegrationDiscovery;
}

// ---------------------------------------------------------------------------------------------

interface Context {
  entityRef: string;
  namespace: string;
  service?: string;
  instance?: string;
  amplitudeProject?: string;
  /** Block owner, else entity owner. */
  defaultOwner?: string;
  convention: TelemetryConvention;
  defaultPolicy?: ReadonlyArray<ErrorBudgetPolicyStep>;
  problems: DefinitionProblem[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ownerRef(ref: string, namespace: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind: 'group', defaultNamespace: namespace }),
  );
}

function readEntityOwner(
  entity: Entity,
  namespace: string,
  problems: DefinitionProblem[],
): string | undefined {
  const relation = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  if (relation?.targetRef) return relation.targetRef;
  const owner = entity.spec?.owner;
  if (owner === undefined || owner === null) return undefined;
  if (typeof owner === 'string' && owner !== '') {
    try {
      return ownerRef(owner, namespace);
    } catch {
      // reported below
    }
  }
  problems.push({
    path: 'spec.owner',
    message: `${JSON.stringify(owner)} is not an entity reference`,
  });
  return undefined;
}

function makeBase(
  kind: MetricKind,
  fields: {
    name: string;
    description?: string;
    alert?: AlertSeverity;
    owner?: string;
    sensitive?: boolean;
    hasTarget: boolean;
    source: MetricSourceType;
    origin: MetricOrigin;
    path?: string;
  },
  ctx: Pick<Context, 'entityRef' | 'namespace' | 'defaultOwner'>,
): MetricDefinitionBase {
  const owner =
    fields.owner !== undefined
      ? ownerRef(fields.owner, ctx.namespace)
      : ctx.defaultOwner;
  const alert = fields.alert ?? 'none';
  const hasOwner = owner !== undefined;
  const hasAlert = alert !== 'none';
  const gaps: MetricOwnershipGap[] = [];
  if (!hasOwner) gaps.push('no-owner');
  if (!fields.hasTarget && !hasAlert) gaps.push('no-target-or-alert');
  const base: MetricDefinitionBase = {
    id: `${kind}:${fields.name}`,
    kind,
    name: fields.name,
    entityRef: ctx.entityRef,
    origin: fields.origin,
    source: fields.source,
    alert,
    sensitive: fields.sensitive ?? false,
    hasOwner,
    hasTarget: fields.hasTarget,
    hasAlert,
    gaps,
    ownershipGap: gaps.length > 0,
  };
  if (fields.description !== undefined) base.description = fields.description;
  if (fields.path !== undefined) base.path = fields.path;
  if (owner !== undefined) base.owner = owner;
  return base;
}

/** `{ instance }`, or nothing when the default instance is meant. */
function instanceField(instance?: string): { instance?: string } {
  return instance === undefined ? {} : { instance };
}

const NEEDS_SERVICE = `needs the ${METRICS_ANNOTATIONS.prometheusService} annotation (the conventional metrics are matched on it)`;
const NEEDS_PROJECT = `is required: name a configured Amplitude project here or set the ${METRICS_ANNOTATIONS.amplitudeProject} annotation`;

function buildSlo(
  input: SloDefinitionInput,
  ctx: Context,
  origin: MetricOrigin,
  path: string | undefined,
  problemPath: string,
): SloDefinition | undefined {
  const window = input.window ?? DEFAULT_SLO_WINDOW;
  const indicatorInput = input.indicator ?? { availability: {} };
  let indicator: SloIndicator;
  let queries: SliCountQueries;
  if (indicatorInput.ratio) {
    indicator = { type: 'ratio' };
    queries = {
      good: indicatorInput.ratio.good,
      total: indicatorInput.ratio.total,
    };
  } else {
    if (!ctx.service) {
      ctx.problems.push({
        path: input.indicator ? `${problemPath}.indicator` : problemPath,
        message: `${NEEDS_SERVICE}; without it use a "ratio" indicator with your own PromQL`,
      });
      return undefined;
    }
    const { convention } = ctx;
    const options = {
      service: ctx.service,
      window: WINDOW_PLACEHOLDER,
      convention,
    };
    const common = { service: ctx.service, convention: convention.id };
    if (indicatorInput.latency) {
      if (!convention.server.latency) {
        ctx.problems.push({
          path: `${problemPath}.indicator.latency`,
          message: `the ${convention.id} convention has no latency histogram; use a "ratio" indicator with your own PromQL`,
        });
        return undefined;
      }
      const { thresholdSeconds } = indicatorInput.latency;
      indicator = { type: 'latency', ...common, thresholdSeconds };
      queries = latencyCountQueries({ ...options, thresholdSeconds });
    } else {
      indicator = { type: 'availability', ...common };
      queries = availabilityCountQueries(options);
    }
  }
  const definition: SloDefinition = {
    ...makeBase(
      'slo',
      { ...input, hasTarget: true, source: 'prometheus', origin, path },
      ctx,
    ),
    kind: 'slo',
    source: 'prometheus',
    objective: input.objective,
    window,
    windowSeconds: parseDuration(window),
    indicator,
    queries,
    ...instanceField(ctx.instance),
  };
  // An empty `policy: []` opts out of the default.
  const policy = input.policy ?? ctx.defaultPolicy;
  if (policy && policy.length > 0) definition.policy = [...policy];
  return definition;
}

function buildIntegration(
  input: IntegrationDefinitionInput,
  ctx: Context,
  path: string,
): IntegrationDefinition | undefined {
  const common = {
    ...makeBase(
      'integration',
      {
        ...input,
        hasTarget: input.target !== undefined,
        origin: 'declared',
        path,
      },
      ctx,
    ),
    kind: 'integration' as const,
    ...(input.target !== undefined ? { target: input.target } : {}),
  };
  switch (input.source) {
    case 'prometheus': {
      if (input.success !== undefined && input.total !== undefined) {
        return {
          ...common,
          source: 'prometheus',
          queries: { success: input.success, total: input.total },
          ...instanceField(ctx.instance),
        };
      }
      if (!ctx.service) {
        ctx.problems.push({
          path,
          message: `${NEEDS_SERVICE}; without it give custom "success" and "total" queries`,
        });
        return undefined;
      }
      if (!ctx.convention.integrations) {
        ctx.problems.push({
          path,
          message: `the ${ctx.convention.id} convention has no integration counter; add metrics-suite to the ${METRICS_ANNOTATIONS.convention} list (e.g. "${ctx.convention.id}, metrics-suite") to read integration_requests_total, or give custom "success" and "total" queries`,
        });
        return undefined;
      }
      const label = input.label ?? input.name;
      const { success, total, errorClasses } = integrationCountQueries({
        service: ctx.service,
        integration: label,
        window: WINDOW_PLACEHOLDER,
        convention: ctx.convention,
      });
      return {
        ...common,
        source: 'prometheus',
        conventional: { service: ctx.service, label },
        queries: { success, total, errorClasses },
        ...instanceField(ctx.instance),
      };
    }
    case 'amplitude': {
      const project = input.project ?? ctx.amplitudeProject;
      if (!project) {
        ctx.problems.push({ path: `${path}.project`, message: NEEDS_PROJECT });
        return undefined;
      }
      const definition: AmplitudeIntegrationDefinition = {
        ...common,
        source: 'amplitude',
        project,
        successEvent: input.successEvent,
        where: input.where ?? {},
      };
      if (input.failureEvent !== undefined)
        definition.failureEvent = input.failureEvent;
      if (input.attemptEvent !== undefined)
        definition.attemptEvent = input.attemptEvent;
      return definition;
    }
    case 'sql':
      return {
        ...common,
        source: 'sql',
        eventType: input.eventType,
        partner: input.partner,
      };
    case 'custom':
      return {
        ...common,
        source: 'custom',
        sourceId: input.sourceId,
        success: input.success,
        total: input.total,
      };
    default:
      return undefined;
  }
}

function buildKpi(
  input: KpiDefinitionInput,
  ctx: Context,
  path: string,
): KpiDefinition | undefined {
  const common = {
    ...makeBase(
      'kpi',
      {
        ...input,
        hasTarget: input.target !== undefined,
        origin: 'declared',
        path,
      },
      ctx,
    ),
    kind: 'kpi' as const,
    bucket: input.bucket,
    ...(input.unit !== undefined ? { unit: input.unit } : {}),
    ...(input.target !== undefined
      ? {
          target: {
            value: input.target.value,
            direction: input.target.direction ?? 'above',
          },
        }
      : {}),
  };
  switch (input.source) {
    case 'prometheus':
      return {
        ...common,
        source: 'prometheus',
        query: input.query,
        ...instanceField(ctx.instance),
      };
    case 'amplitude': {
      const project = input.project ?? ctx.amplitudeProject;
      if (!project) {
        ctx.problems.push({ path: `${path}.project`, message: NEEDS_PROJECT });
        return undefined;
      }
      return {
        ...common,
        source: 'amplitude',
        project,
        event: input.event,
        metric: input.metric ?? 'totals',
        where: input.where ?? {},
      };
    }
    case 'sql':
      return {
        ...common,
        source: 'sql',
        eventType: input.eventType,
        ...(input.partner !== undefined ? { partner: input.partner } : {}),
        metric: input.metric ?? 'totals',
      };
    case 'custom':
      return {
        ...common,
        source: 'custom',
        sourceId: input.sourceId,
        params: input.params ?? {},
      };
    default:
      return undefined;
  }
}

/** Where an OpenSLO item writes the fields other checks report on; undefined for native items. */
function openSloFieldPaths(
  item: unknown,
  path: string,
): SloDefinition['fieldPaths'] {
  if (!isOpenSloItem(item)) return undefined;
  const reading = readOpenSloItem(item, definitionErrorMap);
  if (!reading.success) return undefined;
  const at = (native: string[]) =>
    formatProblemPath(path, reading.fieldPath(native));
  return {
    window: at(['window']),
    good: at(['indicator', 'ratio', 'good']),
    total: at(['indicator', 'ratio', 'total']),
  };
}

/**
 * The path of an SLO's `window`, or of a ratio SLO's `good` or `total` query, as written in the
 * catalog; undefined for SLOs not written there (defaults).
 *
 * @public
 */
export function sloFieldPath(
  slo: Pick<SloDefinition, 'path' | 'fieldPaths'>,
  field: 'window' | 'good' | 'total',
): string | undefined {
  if (slo.fieldPaths) return slo.fieldPaths[field];
  if (slo.path === undefined) return undefined;
  return field === 'window'
    ? `${slo.path}.window`
    : `${slo.path}.indicator.ratio.${field}`;
}

/** The name of an item and where it is written: `name`, or an OpenSLO document's own field. */
function itemName(item: unknown): {
  value: unknown;
  path: ReadonlyArray<string | number>;
} {
  return (
    openSloItemName(item) ?? {
      value: isPlainObject(item) ? item.name : undefined,
      path: ['name'],
    }
  );
}

/** Items of a list, capped, with later duplicates of a name reported and left out. */
function listItems(
  list: unknown[],
  listPath: string,
  problems: DefinitionProblem[],
): Array<{ item: unknown; path: string }> {
  if (list.length > MAX_DEFINITIONS_PER_LIST) {
    problems.push({
      path: listPath,
      message: `has ${list.length} items; only the first ${MAX_DEFINITIONS_PER_LIST} are read`,
    });
  }
  const seen = new Map<string, number>();
  const out: Array<{ item: unknown; path: string }> = [];
  list.slice(0, MAX_DEFINITIONS_PER_LIST).forEach((item, index) => {
    const path = `${listPath}[${index}]`;
    const { value: name, path: namePath } = itemName(item);
    if (typeof name === 'string') {
      const first = seen.get(name);
      if (first !== undefined) {
        problems.push({
          path: formatProblemPath(path, namePath),
          message: `duplicate name "${name}"; already used by ${listPath}[${first}]`,
        });
        return;
      }
      seen.set(name, index);
    }
    out.push({ item, path });
  });
  return out;
}

interface Block {
  present: boolean;
  owner?: string;
  discoverIntegrations?: boolean;
  slos?: unknown[];
  integrations?: unknown[];
  kpis?: unknown[];
  /** The `slos` key is present (even when invalid): default SLOs do not apply. */
  hasSlosKey: boolean;
}

function readBlock(raw: unknown, problems: DefinitionProblem[]): Block {
  if (raw === undefined || raw === null)
    return { present: false, hasSlosKey: false };
  if (!isPlainObject(raw)) {
    problems.push({
      path: METRICS_BLOCK_PATH,
      message: 'must be an object with "slos", "integrations" and/or "kpis"',
    });
    return { present: false, hasSlosKey: false };
  }
  const shape = metricsBlockShellSchema.shape;
  const block: Block = { present: true, hasSlosKey: raw.slos !== undefined };
  // Unknown keys first, then each known field on its own, so a typo in one does not drop the rest.
  const unknownKeys = Object.keys(raw).filter(key => !(key in shape));
  if (unknownKeys.length > 0) {
    const result = parseDefinition(
      metricsBlockShellSchema.pick({}),
      Object.fromEntries(unknownKeys.map(key => [key, raw[key]])),
      METRICS_BLOCK_PATH,
    );
    problems.push(...result.problems);
  }
  for (const key of Object.keys(shape) as (keyof typeof shape)[]) {
    if (raw[key] === undefined) continue;
    const result = parseDefinition(
      shape[key],
      raw[key],
      `${METRICS_BLOCK_PATH}.${key}`,
    );
    if (result.success) {
      (block as unknown as Record<string, unknown>)[key] = result.data;
    } else {
      problems.push(...result.problems);
    }
  }
  return block;
}

/**
 * Resolves the metric definitions of a catalog entity: the structured block
 * `metadata.metrics`, or for an entity with the `prometheus-service` annotation and no `slos`
 * in its block, the configured default SLOs as availability SLOs on the conventional metric.
 *
 * Never throws on anything the entity holds: every invalid field becomes a problem with its
 * path, and valid items are kept even when their siblings are invalid.
 *
 * @public
 */
export function resolveEntityMetrics(
  entity: Entity,
  options: ResolveEntityMetricsOptions = {},
): ResolvedEntityMetrics {
  const convention = options.convention ?? DEFAULT_TELEMETRY_CONVENTION;
  const annotations = readEntityMetricsAnnotations(entity);
  const problems: DefinitionProblem[] = [...annotations.problems];
  const namespace = entity.metadata.namespace || DEFAULT_NAMESPACE;
  const entityRef = stringifyEntityRef(entity);
  const entityOwner = readEntityOwner(entity, namespace, problems);

  const block = readBlock(
    (entity.metadata as Record<string, unknown>).metrics,
    problems,
  );
  const ctx: Context = {
    entityRef,
    namespace,
    service: annotations.prometheusService,
    instance: annotations.prometheusInstance,
    amplitudeProject: annotations.amplitudeProject,
    defaultOwner:
      block.owner !== undefined
        ? ownerRef(block.owner, namespace)
        : entityOwner,
    convention,
    ...(options.errorBudgetPolicy
      ? { defaultPolicy: options.errorBudgetPolicy }
      : {}),
    problems,
  };

  const definitions: MetricDefinition[] = [];

  if (block.slos) {
    for (const { item, path } of listItems(
      block.slos,
      `${METRICS_BLOCK_PATH}.slos`,
      problems,
    )) {
      const parsed = parseDefinition(sloItemSchema, item, path);
      problems.push(...parsed.problems);
      if (!parsed.success) continue;
      const slo = buildSlo(parsed.data, ctx, 'declared', path, path);
      const fieldPaths = slo && openSloFieldPaths(item, path);
      if (slo) definitions.push(fieldPaths ? { ...slo, fieldPaths } : slo);
    }
  } else if (!block.hasSlosKey && ctx.service) {
    const defaults = options.defaultSlos ?? [];
    const seen = new Set<string>();
    defaults.forEach((slo, index) => {
      const configPath = `metrics.defaultSlos[${index}]`;
      const parsed = parseDefinition(
        sloDefinitionSchema,
        { name: slo.name, objective: slo.objective, window: slo.window },
        configPath,
      );
      problems.push(...parsed.problems);
      if (!parsed.success) return;
      if (seen.has(parsed.data.name)) {
        problems.push({
          path: `${configPath}.name`,
          message: `duplicate name "${parsed.data.name}"`,
        });
        return;
      }
      seen.add(parsed.data.name);
      const definition = buildSlo(
        parsed.data,
        ctx,
        'default',
        undefined,
        configPath,
      );
      if (definition) definitions.push(definition);
    });
  }

  if (block.integrations) {
    for (const { item, path } of listItems(
      block.integrations,
      `${METRICS_BLOCK_PATH}.integrations`,
      problems,
    )) {
      const parsed = parseDefinition(integrationDefinitionSchema, item, path);
      problems.push(...parsed.problems);
      if (!parsed.success) continue;
      const integration = buildIntegration(parsed.data, ctx, path);
      if (integration) definitions.push(integration);
    }
  }

  if (block.kpis) {
    for (const { item, path } of listItems(
      block.kpis,
      `${METRICS_BLOCK_PATH}.kpis`,
      problems,
    )) {
      const parsed = parseDefinition(kpiDefinitionSchema, item, path);
      problems.push(...parsed.problems);
      if (!parsed.success) continue;
      const kpi = buildKpi(parsed.data, ctx, path);
      if (kpi) definitions.push(kpi);
    }
  }

  // The instance annotation does matter without prometheus-service when the block has its own
  // PromQL: drop the annotation reader's "has no effect" problem in that case.
  const instancePath = `metadata.annotations.${annotations.keys.prometheusInstance}`;
  const visibleProblems =
    !ctx.service && definitions.some(d => d.source === 'prometheus')
      ? problems.filter(
          p =>
            !(p.path === instancePath && p.message.startsWith('has no effect')),
        )
      : problems;

  const discoverIntegrations =
    Boolean(ctx.service) &&
    block.discoverIntegrations !== false &&
    convention.integrations !== undefined;
  const result: ResolvedEntityMetrics = {
    entityRef,
    definitions,
    problems: visibleProblems,
    annotations,
    convention,
    discoverIntegrations,
  };
  if (entityOwner !== undefined) result.owner = entityOwner;
  if (discoverIntegrations && ctx.service) {
    const claimedLabels = definitions.flatMap(d =>
      d.kind === 'integration' && d.source === 'prometheus' && d.conventional
        ? [d.conventional.label]
        : [],
    );
    result.integrationDiscovery = {
      entityRef,
      service: ctx.service,
      ...(ctx.defaultOwner !== undefined ? { owner: ctx.defaultOwner } : {}),
      claimedLabels: [...new Set(claimedLabels)],
      claimedIds: definitions.map(d => d.id),
      convention,
      breakdownQuery: integrationBreakdownQuery({
        service: ctx.service,
        window: WINDOW_PLACEHOLDER,
        convention,
      }),
      ...instanceField(ctx.instance),
    };
  }
  return result;
}

/**
 * The definition of an integration found at query time on the conventional counter (a value
 * of the `integration` label), owned by default, with no target and no alert: an ownership gap
 * until it is declared. Undefined for a label a declared integration already covers, or an
 * empty one.
 *
 * Its id is `integration:<label>`, the id a declaration named after the label gets, so history
 * carries over when it is declared; in the rare case that id is taken by a declared integration
 * with another label, `integration:<label>#discovered`.
 *
 * @public
 */
export function discoveredIntegrationDefinition(
  discovery: IntegrationDiscovery,
  label: string,
): PrometheusIntegrationDefinition | undefined {
  if (
    typeof label !== 'string' ||
    label === '' ||
    discovery.claimedLabels.includes(label)
  ) {
    return undefined;
  }
  const base = makeBase(
    'integration',
    {
      name: label,
      hasTarget: false,
      source: 'prometheus',
      origin: 'discovered',
    },
    {
      entityRef: discovery.entityRef,
      namespace: DEFAULT_NAMESPACE,
      defaultOwner: discovery.owner,
    },
  );
  if (discovery.claimedIds.includes(base.id)) base.id = `${base.id}#discovered`;
  const { success, total, errorClasses } = integrationCountQueries({
    service: discovery.service,
    integration: label,
    window: WINDOW_PLACEHOLDER,
    convention: discovery.convention,
  });
  return {
    ...base,
    kind: 'integration',
    source: 'prometheus',
    conventional: { service: discovery.service, label },
    queries: { success, total, errorClasses },
    ...instanceField(discovery.instance),
  };
}

/**
 * The discovered integration a stored metric id names (`integration:<label>`, or
 * `integration:<label>#discovered` when a declared metric holds the plain id), if the
 * entity's discovery would make it.
 *
 * @public
 */
export function discoveredIntegrationById(
  discovery: IntegrationDiscovery,
  metricId: string,
): PrometheusIntegrationDefinition | undefined {
  const prefix = 'integration:';
  if (!metricId.startsWith(prefix)) return undefined;
  const rest = metricId.slice(prefix.length);
  const suffix = '#discovered';
  const labels = rest.endsWith(suffix)
    ? [rest.slice(0, -suffix.length), rest]
    : [rest];
  return labels
    .map(label => discoveredIntegrationDefinition(discovery, label))
    .find(definition => definition?.id === metricId);
}
