import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  BURN_RATE_WINDOWS,
  EntityMetricsResponse,
  MATURITY_STAGE_NAMES,
  RANGE_WINDOWS,
  SLO_RULES_FORMATS,
  TeamMaturity,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { parseViewRequest, ViewRequest } from '../http/parseViewRequest';
import type { SloRules } from '../rules/RulesService';

export interface RegisterMetricsActionsOptions {
  actionsRegistry: ActionsRegistryService;
  /** EntityViewService: read with the caller's credentials, so catalog permissions apply. */
  entityViews: {
    getEntityView(
      request: ViewRequest,
      credentials: BackstageCredentials,
    ): Promise<EntityMetricsResponse>;
  };
  /** RulesService: generated with the caller's credentials, as the REST endpoints do. */
  rules: SloRules;
  catalog: CatalogService;
  /** MaturityService. */
  maturity: { getTeam(teamRef: string): Promise<TeamMaturity> };
  /** Milliseconds; for tests. */
  now?: () => number;
}

/** Parses an entity ref an agent typed; only a malformed ref or a wrong kind is rejected. */
function parseRef(
  value: string,
  defaultKind: string,
  allowedKinds?: string[],
): CompoundEntityRef {
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(value.trim(), {
      defaultKind,
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(
      `Invalid entity ref "${value}": expected kind:namespace/name, e.g. ${defaultKind}:default/my-name`,
    );
  }
  const kind = ref.kind.toLocaleLowerCase('en-US');
  if (allowedKinds && !allowedKinds.includes(kind)) {
    throw new InputError(
      `Invalid entity ref "${value}": expected a ${allowedKinds.join(
        ' or ',
      )}, got kind ${ref.kind}`,
    );
  }
  return { ...ref, kind };
}

/**
 * Registers the metrics actions with the actions registry, so agents (e.g. through the MCP
 * actions backend) can read SLO status and team maturity with the caller's own permissions.
 */
export function registerMetricsActions(
  options: RegisterMetricsActionsOptions,
): void {
  const { actionsRegistry, entityViews, catalog, maturity, rules } = options;

  actionsRegistry.register({
    name: 'get-slo-rules',
    title: 'Get the Prometheus rules of SLOs',
    description: `Returns the Prometheus recording and alerting rules generated from the SLOs of a catalog entity (a Component), or of every Component a group owns, as YAML text.

The recordings hold each SLO's good and valid events and error ratio over the burn-rate windows (5m to 3d) and its SLO window; the alerts are the Google SRE workbook's multi-window burn-rate alerts (page: 14.4x over 1h and 5m, 6x over 6h and 30m; ticket: 3x over 1d and 2h, 1x over 3d and 6h) for SLOs that declare alert page or ticket. "format" picks a Prometheus rule file (default), a prometheus-operator PrometheusRule resource, or OpenSLO v1 SLO documents.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .describe(
              'Entity ref of a Component (e.g. "component:default/checkout-api") or a Group (e.g. "group:default/payments"); kind defaults to component and namespace to default.',
            ),
          format: z
            .enum(SLO_RULES_FORMATS)
            .optional()
            .describe(
              '"rules" (a Prometheus rule file, default), "prometheusrule", "backfill" (the hourly recordings to backfill with promtool) or "openslo".',
            ),
        }),
      output: z =>
        z.object({
          fileName: z.string(),
          text: z.string().describe('YAML'),
        }),
    },
    action: async ({ input, credentials }) => {
      const entityRef = parseRef(input.entityRef, 'component');
      const request = { entityRef, format: input.format ?? 'rules' };
      const file =
        entityRef.kind === 'group'
          ? await rules.groupRules(request, credentials)
          : await rules.entityRules(request, credentials);
      return { output: { fileName: file.filename, text: file.text } };
    },
  });

  actionsRegistry.register({
    name: 'get-slo-status',
    title: 'Get SLO status of a service',
    description: `Returns the service level objectives (SLOs) of a catalog entity, usually a Component, with their current state.

Each SLO has its objective in percent over its window (e.g. 99.9 over 28d), the SLI (0-1 share of good events over the SLO window, null without data), the error budget remaining (a fraction; negative when overspent), burn rates by window (1 = spending the budget exactly over the SLO window), the multi-window burn-rate alert ("none", "ticket" or "page", as in the Google SRE workbook) and a state ("healthy", "at-risk", "breaching", "no-data" or "low-traffic").

"problems" lists invalid metric definitions of the entity. "status" is "error" when the metrics source could not be read and "not-configured" when the entity declares no SLOs.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .describe(
              'Entity ref, e.g. "component:default/checkout-api"; kind defaults to component and namespace to default.',
            ),
          range: z
            .enum(RANGE_WINDOWS)
            .optional()
            .describe(
              'Period of the view up to now (default 7d). SLI, budget and burn rates always use the SLO windows.',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          range: z.object({
            window: z.string(),
            start: z.string(),
            end: z.string(),
          }),
          status: z.enum(['ok', 'error', 'not-configured']),
          error: z.string().optional(),
          slos: z.array(
            z.object({
              id: z.string(),
              name: z.string(),
              objective: z.number().describe('Percent'),
              window: z.string(),
              sli: z.number().nullable(),
              budgetRemaining: z.number().nullable(),
              burnRates: z.record(z.enum(BURN_RATE_WINDOWS), z.number()),
              alert: z.enum(['none', 'ticket', 'page']),
              state: z.enum([
                'healthy',
                'at-risk',
                'breaching',
                'no-data',
                'low-traffic',
              ]),
              owner: z.string().optional(),
            }),
          ),
          problems: z.array(
            z.object({ path: z.string(), message: z.string() }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const ref = parseRef(input.entityRef, 'component');
      const request = parseViewRequest(
        ref,
        input.range ? { range: input.range } : {},
        options.now ? { now: options.now } : {},
      );
      const view = await entityViews.getEntityView(request, credentials);
      return {
        output: {
          entityRef: view.entityRef,
          range: view.range,
          status: view.slos.status,
          ...(view.slos.error ? { error: view.slos.error } : {}),
          slos: view.slos.items.map(slo => ({
            id: slo.id,
            name: slo.name,
            objective: slo.objective,
            window: slo.window,
            sli: slo.sli,
            budgetRemaining: slo.budgetRemaining,
            burnRates: slo.burnRates,
            alert: slo.alert,
            state: slo.state,
            ...(slo.owner ? { owner: slo.owner } : {}),
          })),
          problems: view.problems,
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-team-maturity',
    title: 'Get metrics maturity of a team',
    description: `Returns a team's metrics maturity stage (0-6) with the evidence behind it and the concrete next step.

Stages are cumulative: ${MATURITY_STAGE_NAMES.map(
      (name, stage) => `${stage} ${name}`,
    ).join(
      ', ',
    )}. "checks" says for each stage whether its evidence is met and why; "history" lists past stages (oldest first) to show movement.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          teamRef: z
            .string()
            .min(1)
            .describe(
              'Group entity ref of the team, e.g. "group:default/payments"; kind defaults to group and namespace to default.',
            ),
        }),
      output: z =>
        z.object({
          teamRef: z.string(),
          title: z.string().optional(),
          parentRef: z.string().optional(),
          stage: z.number().int().min(0).max(6),
          stageName: z.string(),
          nextStep: z.string().optional(),
          checks: z.array(
            z.object({
              stage: z.number().int(),
              name: z.string(),
              met: z.boolean(),
              detail: z.string(),
            }),
          ),
          evidence: z
            .object({})
            .passthrough()
            .describe(
              'Observed views, goals, follow-ups, weekly looks, definition changes and decisions',
            ),
          history: z.array(
            z.object({ day: z.string(), stage: z.number().int() }),
          ),
          assessedAt: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const ref = parseRef(input.teamRef, 'group', ['group']);
      const teamRef = stringifyEntityRef(ref);
      // Maturity is read with the plugin's credentials: check the caller may see the team.
      const team = await catalog.getEntityByRef(teamRef, { credentials });
      if (!team) throw new NotFoundError(`No group ${teamRef} found`);
      const result = await maturity.getTeam(teamRef);
      return {
        output: {
          teamRef: result.entityRef,
          ...(result.title ? { title: result.title } : {}),
          ...(result.parentRef ? { parentRef: result.parentRef } : {}),
          stage: result.stage,
          stageName: result.stageName,
          ...(result.nextStep ? { nextStep: result.nextStep } : {}),
          checks: result.checks,
          evidence: { ...result.evidence },
          history: result.history,
          assessedAt: result.assessedAt,
        },
      };
    },
  });
}
