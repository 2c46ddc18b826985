import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type {
  MetricDefinition,
  SloViewItem,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { parseDuration } from '@metrics-suite/backstage-plugin-metrics-common';
import pLimit from 'p-limit';
import { loadOwnedComponents } from '../catalog/ownedEntities';
import type { PrometheusInstance } from '../readers';
import { QueryBudget, withQueryScope } from '../sources/prometheus';
import { errorMessage } from '../views/resolveForView';
import { ViewContext, ViewServiceOptions } from '../views/viewContext';
import {
  sweepDeclaredIntegrationHealth,
  sweepKpiHealth,
} from './declaredHealthSweep';
import { sweepConventionalIntegrationHealth } from './integrationHealthSweep';
import { sweepDiscoveredIntegrations } from './integrationSweep';
import type { IntegrationHealth, KpiHealth, SweptHealth } from './metricHealth';
import { sweepInstanceSlos } from './sloSweep';
import type { SweepMember, SweepPart } from './sweepMember';

/** Credentials a team's services are read with (who the nudge goes to). */
export type CredentialsFor = (teamRef: string) => Promise<BackstageCredentials>;

export interface SweepRequest {
  /** Team refs, in the order their services are reported. */
  teamRefs: string[];
  /** Unix seconds. */
  end: number;
  credentialsFor: CredentialsFor;
  /** Instances not to read: their services' items are absent, at no query. */
  skipInstances?: ReadonlySet<string>;
}

/** A team's services, or why they could not be listed. */
export interface TeamSweep<T> {
  teamRef: string;
  /** Undefined when `error` is set. */
  items?: T[];
  error?: string;
}

/** What a sweep read, and what it cost. */
export interface SweepResult<T> {
  teams: TeamSweep<T>[];
  /** Failed Prometheus queries: the items they read are absent. */
  errors: string[];
  /** Prometheus queries sent by the sweep (shared in-flight ones not counted). */
  prometheusQueries: number;
}

/** A service's SLOs, as a team may see them. */
export interface SweptService {
  entityRef: string;
  owner?: string;
  slos: SloViewItem[];
}

/** A metric a team owns, declared or discovered on its counters. */
export type SweptMetric = Pick<
  MetricDefinition,
  'entityRef' | 'id' | 'name' | 'kind'
>;

/** The options the views are built from: the same catalog, policies and instances. */
export type OrgSweepOptions = ViewServiceOptions & {
  /** Teams whose services are listed at once (catalog reads only). */
  concurrency?: number;
};

const key = (entityRef: string, id: string) => `${entityRef}\u0000${id}`;

/**
 * Reads every team's services for the org-wide nudges with a fixed number of Prometheus
 * queries per instance, whatever the number of teams. Services are listed and resolved per
 * team exactly as the squad view does (the team's credentials, instance access, catalog
 * query policy, sensitive metrics hidden), then read once for all teams: batched by
 * instance, convention and indicator (`sweepInstanceSlos`, `sweepDiscoveredIntegrations`).
 */
export class OrgSweep {
  readonly #context: ViewContext;
  readonly #concurrency: number;

  constructor(options: OrgSweepOptions) {
    this.#context = new ViewContext(options);
    this.#concurrency = options.concurrency ?? 4;
  }

  /** Every SLO of every team's services at `end`, over its window and the burn windows. */
  async slos(request: SweepRequest): Promise<SweepResult<SweptService>> {
    return this.#sweep(request, async members => {
      const parts = await this.#perInstance(
        members.filter(
          m => !m.instanceName || !request.skipInstances?.has(m.instanceName),
        ),
        (instance, list) => sweepInstanceSlos(instance, list, request.end),
      );
      const items = new Map(
        parts.items.map(s => [key(s.entityRef, s.item.id), s.item]),
      );
      return {
        errors: parts.errors,
        teamItems: team =>
          team.map(member => ({
            entityRef: member.entityRef,
            ...(member.resolved.owner ? { owner: member.resolved.owner } : {}),
            slos: member.resolved.definitions.flatMap(d => {
              const item =
                d.kind === 'slo' && items.get(key(d.entityRef, d.id));
              return item ? [item] : [];
            }),
          })),
      };
    });
  }

  /**
   * Every metric the teams own: the definitions they may read, and the integrations their
   * conventional counters show over `window` without a declaration.
   */
  async metrics(
    request: SweepRequest & { window: string },
  ): Promise<SweepResult<SweptMetric>> {
    return this.#sweep(request, async members => {
      const parts = await this.#perInstance(members, (instance, list) =>
        sweepDiscoveredIntegrations(
          instance,
          list,
          request.window,
          request.end,
        ),
      );
      const discovered = new Map<string, SweptMetric[]>();
      for (const d of parts.items) {
        discovered.set(d.entityRef, [
          ...(discovered.get(d.entityRef) ?? []),
          d,
        ]);
      }
      const metricOf = ({ entityRef, id, name, kind }: SweptMetric) => ({
        entityRef,
        id,
        name,
        kind,
      });
      return {
        errors: parts.errors,
        teamItems: team =>
          team.flatMap(member => [
            ...member.resolved.definitions.map(metricOf),
            ...(discovered.get(member.entityRef) ?? []).map(metricOf),
          ]),
      };
    });
  }

  /**
   * Every integration of every team's services over `window` and the last two weeks, for
   * the integration alerts: the conventional counter in one query per instance and
   * convention, other sources one read per declared integration.
   */
  async integrationHealth(
    request: SweepRequest & { window: string },
  ): Promise<SweepResult<SweptHealth<IntegrationHealth>>> {
    const period = periodOf(request);
    return this.#sweep(request, async members => {
      const [conventional, declared] = await Promise.all([
        this.#perInstance(members, (instance, list) =>
          sweepConventionalIntegrationHealth(
            instance,
            list,
            request.window,
            request.end,
          ),
        ),
        sweepDeclaredIntegrationHealth(
          members,
          this.#context.sourcesFor,
          period,
        ),
      ]);
      return healthOfTeams(
        [...conventional.items, ...declared.items],
        [...conventional.errors, ...declared.errors],
      );
    });
  }

  /** Every KPI with a target of every team's services over `window`: one read each. */
  async kpiHealth(
    request: SweepRequest & { window: string },
  ): Promise<SweepResult<SweptHealth<KpiHealth>>> {
    const period = periodOf(request);
    return this.#sweep(request, async members => {
      const read = await sweepKpiHealth(
        members,
        this.#context.sourcesFor,
        period,
      );
      return healthOfTeams(read.items, read.errors);
    });
  }

  /**
   * Lists each team's services, then reads all of them once under one query count. A team
   * whose services cannot be listed is reported with its error; the others go on.
   */
  async #sweep<T>(
    request: SweepRequest,
    read: (members: SweepMember[]) => Promise<{
      errors: string[];
      teamItems: (members: SweepMember[]) => T[];
    }>,
  ): Promise<SweepResult<T>> {
    const budget = new QueryBudget(Infinity, 'an org-wide sweep');
    return withQueryScope({ budget }, async () => {
      const limiter = pLimit(this.#concurrency);
      const listed = await Promise.all(
        request.teamRefs.map(teamRef =>
          limiter(() =>
            this.#teamMembers(teamRef, request.credentialsFor).then(
              members => ({ teamRef, members }),
              error => ({ teamRef, error: errorMessage(error) }),
            ),
          ),
        ),
      );
      const { errors, teamItems } = await read(
        unionOf(listed.flatMap(t => ('members' in t ? t.members : []))),
      );
      return {
        teams: listed.map(t =>
          'members' in t
            ? { teamRef: t.teamRef, items: teamItems(t.members) }
            : t,
        ),
        errors,
        prometheusQueries: budget.used,
      };
    });
  }

  /** The team's services as its squad view resolves them, read with its credentials. */
  async #teamMembers(
    teamRef: string,
    credentialsFor: CredentialsFor,
  ): Promise<SweepMember[]> {
    const context = this.#context;
    const credentials = await credentialsFor(teamRef);
    const group = await context.load(
      parseEntityRef(teamRef),
      credentials,
      'group',
    );
    const { components } = await loadOwnedComponents(
      context.options.catalog,
      group,
      credentials,
    );
    const all = components.map(entity => {
      const { resolved, instanceName, usesPrometheus } =
        context.resolve(entity);
      return {
        entityRef: stringifyEntityRef(entity),
        resolved,
        ...(usesPrometheus && instanceName ? { instanceName } : {}),
      };
    });
    const visible = await context.visible(
      all.map(m => m.resolved),
      credentials,
    );
    return all.map((m, i) => ({ ...m, resolved: visible.resolved[i] }));
  }

  /** Each instance read once for its members, side by side. */
  async #perInstance<T>(
    members: SweepMember[],
    read: (
      instance: PrometheusInstance,
      members: SweepMember[],
    ) => Promise<SweepPart<T>>,
  ): Promise<SweepPart<T>> {
    const byInstance = new Map<string, SweepMember[]>();
    for (const member of members) {
      if (!member.instanceName) continue;
      byInstance.set(member.instanceName, [
        ...(byInstance.get(member.instanceName) ?? []),
        member,
      ]);
    }
    const parts = await Promise.all(
      [...byInstance].map(([name, list]) => {
        const instance = this.#context.options.prometheus.get(name);
        return instance
          ? read(instance, list)
          : {
              items: [],
              errors: [`No Prometheus instance "${name}" is configured`],
            };
      }),
    );
    return {
      items: parts.flatMap(p => p.items),
      errors: parts.flatMap(p => p.errors),
    };
  }
}

function periodOf(request: { window: string; end: number }) {
  return {
    start: request.end - parseDuration(request.window, { window: true }),
    end: request.end,
  };
}

/**
 * Each team's share of what was read for the union of its services: the definitions the team
 * may read (sensitive ones only for their own team), and every discovered integration.
 */
function healthOfTeams<T extends IntegrationHealth | KpiHealth>(
  items: T[],
  errors: string[],
) {
  const byEntity = new Map<string, T[]>();
  for (const item of items) {
    byEntity.set(item.entityRef, [
      ...(byEntity.get(item.entityRef) ?? []),
      item,
    ]);
  }
  return {
    errors,
    teamItems: (team: SweepMember[]): SweptHealth<T>[] =>
      team.map(member => {
        const visible = new Set(member.resolved.definitions.map(d => d.id));
        return {
          entityRef: member.entityRef,
          ...(member.resolved.owner ? { owner: member.resolved.owner } : {}),
          items: (byEntity.get(member.entityRef) ?? []).filter(
            item =>
              item.definition.origin === 'discovered' ||
              visible.has(item.definition.id),
          ),
        };
      }),
  };
}

/**
 * One member per service for all teams: teams rolling up the same service (a tribe and its
 * squads), or seeing different sensitive metrics of it, read it once with every definition
 * any of them may read.
 */
function unionOf(members: SweepMember[]): SweepMember[] {
  const byRef = new Map<string, SweepMember>();
  for (const member of members) {
    const known = byRef.get(member.entityRef);
    if (!known) {
      byRef.set(member.entityRef, member);
      continue;
    }
    const ids = new Set(known.resolved.definitions.map(d => d.id));
    const more = member.resolved.definitions.filter(d => !ids.has(d.id));
    if (more.length > 0) {
      byRef.set(member.entityRef, {
        ...known,
        resolved: {
          ...known.resolved,
          definitions: [...known.resolved.definitions, ...more],
        },
      });
    }
  }
  return [...byRef.values()];
}
