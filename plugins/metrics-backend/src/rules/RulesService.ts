import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  SloDefinition,
  backfillRuleFile,
  metricsTabPath,
  prometheusRuleName,
  renderOpenSlo,
  renderPrometheusRule,
  renderRuleFile,
  sloRuleFile,
  sloToOpenSlo,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { loadOwnedComponents } from '../catalog/ownedEntities';
import type { RulesRequest } from '../http/parseRulesRequest';
import { ViewContext, ViewServiceOptions } from '../views/viewContext';

/**
 * A generated file: YAML text and the name to save it under.
 *
 * @public
 */
export interface RulesFile {
  text: string;
  filename: string;
}

/**
 * The rules and OpenSLO documents of an entity's or a group's SLOs, generated with the
 * requester's credentials (what the `…/rules` endpoints and the `get-slo-rules` action answer).
 *
 * @public
 */
export interface SloRules {
  entityRules(
    request: RulesRequest,
    credentials: BackstageCredentials,
  ): Promise<RulesFile>;
  groupRules(
    request: RulesRequest,
    credentials: BackstageCredentials,
  ): Promise<RulesFile>;
}

/** An entity's SLOs as they go into its rules, with where its alerts link to. */
interface RulesEntry {
  entityRef: string;
  slos: SloDefinition[];
  dashboardUrl?: string;
  instanceName?: string;
}

/**
 * The rules and OpenSLO documents of an entity's or a squad's SLOs (docs/slo-rules.md): the
 * definitions the views evaluate, read with the requester's credentials, without the
 * sensitive ones the requester may not read.
 */
export class RulesService implements SloRules {
  readonly #context: ViewContext;

  constructor(options: ViewServiceOptions) {
    this.#context = new ViewContext(options);
  }

  async entityRules(
    request: RulesRequest,
    credentials: BackstageCredentials,
  ): Promise<RulesFile> {
    const entity = await this.#context.load(request.entityRef, credentials);
    const entries = await this.#entries([entity], credentials);
    return this.#render(request, entity, entries);
  }

  async groupRules(
    request: RulesRequest,
    credentials: BackstageCredentials,
  ): Promise<RulesFile> {
    const context = this.#context;
    const group = await context.load(request.entityRef, credentials, 'group');
    const { components } = await loadOwnedComponents(
      context.options.catalog,
      group,
      credentials,
    );
    const entries = await this.#entries(components, credentials);
    return this.#render(request, group, entries);
  }

  async #entries(
    entities: Entity[],
    credentials: BackstageCredentials,
  ): Promise<RulesEntry[]> {
    const context = this.#context;
    const resolved = entities.map(entity => context.resolve(entity));
    const visible = await context.visible(
      resolved.map(r => r.resolved),
      credentials,
    );
    return entities.map((entity, i) => {
      const { appBaseUrl } = context.options.config;
      const url =
        appBaseUrl &&
        `${appBaseUrl}${metricsTabPath(stringifyEntityRef(entity))}`;
      return {
        entityRef: stringifyEntityRef(entity),
        slos: visible.resolved[i].definitions.filter(
          (d): d is SloDefinition => d.kind === 'slo',
        ),
        ...(url ? { dashboardUrl: url } : {}),
        ...(resolved[i].instanceName
          ? { instanceName: resolved[i].instanceName }
          : {}),
      };
    });
  }

  #render(
    request: RulesRequest,
    owner: Entity,
    entries: RulesEntry[],
  ): RulesFile {
    const ref = stringifyEntityRef(owner);
    const base = prometheusRuleName(ref);
    if (request.format === 'openslo') {
      return {
        text: renderOpenSlo(entries.flatMap(e => e.slos.map(sloToOpenSlo))),
        filename: `${base}.openslo.yaml`,
      };
    }
    const file = sloRuleFile(entries);
    if (request.format === 'prometheusrule') {
      return {
        text: renderPrometheusRule(file, {
          name: base,
          ...(request.namespace ? { namespace: request.namespace } : {}),
          labels: { 'app.kubernetes.io/managed-by': 'backstage-metrics-suite' },
        }),
        filename: `${base}.prometheusrule.yaml`,
      };
    }
    if (request.format === 'backfill') {
      return {
        text: renderRuleFile(backfillRuleFile(file), {
          comment: `Backfill with promtool tsdb create-blocks-from rules (docs/slo-rules.md#backfill).\n${deployComment(
            entries,
          )}`,
        }),
        filename: `${base}.backfill.yaml`,
      };
    }
    return {
      text: renderRuleFile(file, { comment: deployComment(entries) }),
      filename: `${base}.rules.yaml`,
    };
  }
}

/** Where each entity's rules must run: the Prometheus instance holding its series. */
function deployComment(entries: RulesEntry[]): string {
  const byInstance = new Map<string, string[]>();
  for (const entry of entries) {
    if (entry.slos.length === 0) continue;
    const name = entry.instanceName ?? '(no instance configured)';
    byInstance.set(name, [...(byInstance.get(name) ?? []), entry.entityRef]);
  }
  return [...byInstance]
    .map(
      ([instance, refs]) =>
        `Load on the Prometheus of instance "${instance}": ${refs.join(', ')}`,
    )
    .join('\n');
}
