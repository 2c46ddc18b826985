import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  MetricDefinition,
  ResolvedEntityMetrics,
  metricsSensitiveReadPermission,
} from '@metrics-suite/backstage-plugin-metrics-common';

function isGroupRef(ref: string | undefined): ref is string {
  if (!ref) return false;
  try {
    return parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group';
  } catch {
    return false;
  }
}

/**
 * The team a sensitive metric belongs to, for `metrics.sensitive.read`: the metric's owner when
 * it is a group, else the entity's owner when that is a group; undefined when neither is.
 */
export function owningTeam(
  definition: MetricDefinition,
  resolved: ResolvedEntityMetrics,
): string | undefined {
  if (isGroupRef(definition.owner)) return definition.owner;
  if (isGroupRef(resolved.owner)) return resolved.owner;
  return undefined;
}

/**
 * Who decides whether a sensitive metric is shown: the permission policy, or nobody (`never`,
 * for views seen by people other than the caller, such as a TV screen in a room).
 */
export type SensitiveReadMode = 'policy' | 'never';

/** Entities with the sensitive metrics the caller may not read left out. */
export interface VisibleMetrics {
  /** In the order given, each with only the definitions the caller may read. */
  resolved: ResolvedEntityMetrics[];
  /** How many definitions were left out. */
  hidden: number;
  /** Ids of the definitions left out, per entity ref (to tell "hidden" from "none"). */
  hiddenIds: Map<string, Set<string>>;
}

/**
 * Leaves out the metrics marked `sensitive` that the caller may not read. Asks the permission
 * framework once per distinct owning team (one `authorize` call for all of them); a sensitive
 * metric with no owning team is shown only when the policy allows the permission outright.
 * Nothing is asked when no metric is sensitive, nor with `mode: 'never'`, which leaves out
 * every sensitive metric whatever the caller may read.
 */
export async function hideSensitive(
  entities: ResolvedEntityMetrics[],
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  mode: SensitiveReadMode = 'policy',
): Promise<VisibleMetrics> {
  // Entity refs compare case-insensitively: one decision per team however it is spelled.
  const teams = new Map<string, string>();
  let withoutTeam = false;
  for (const resolved of entities) {
    for (const definition of resolved.definitions) {
      if (!definition.sensitive) continue;
      const team = owningTeam(definition, resolved);
      if (!team) withoutTeam = true;
      else if (!teams.has(team.toLocaleLowerCase('en-US'))) {
        teams.set(team.toLocaleLowerCase('en-US'), team);
      }
    }
  }
  if (teams.size === 0 && !withoutTeam) {
    return { resolved: entities, hidden: 0, hiddenIds: new Map() };
  }

  const ask = mode === 'policy';
  const teamList = [...teams.keys()];
  const [decisions, unowned] = await Promise.all([
    ask && teamList.length > 0
      ? permissions.authorize(
          [...teams.values()].map(resourceRef => ({
            permission: metricsSensitiveReadPermission,
            resourceRef,
          })),
          { credentials },
        )
      : Promise.resolve([]),
    ask && withoutTeam
      ? permissions.authorizeConditional(
          [{ permission: metricsSensitiveReadPermission }],
          { credentials },
        )
      : Promise.resolve([]),
  ]);
  const allowed = new Set(
    teamList.filter((_, i) => decisions[i]?.result === AuthorizeResult.ALLOW),
  );
  const allowedWithoutTeam = unowned[0]?.result === AuthorizeResult.ALLOW;

  let hidden = 0;
  const hiddenIds = new Map<string, Set<string>>();
  const visible = entities.map(resolved => {
    const definitions = resolved.definitions.filter(definition => {
      if (!definition.sensitive) return true;
      const team = owningTeam(definition, resolved);
      const may = team
        ? allowed.has(team.toLocaleLowerCase('en-US'))
        : allowedWithoutTeam;
      if (!may) {
        hidden += 1;
        const ids = hiddenIds.get(resolved.entityRef) ?? new Set<string>();
        ids.add(definition.id);
        hiddenIds.set(resolved.entityRef, ids);
      }
      return may;
    });
    return definitions.length === resolved.definitions.length
      ? resolved
      : { ...resolved, definitions };
  });
  return { resolved: visible, hidden, hiddenIds };
}
