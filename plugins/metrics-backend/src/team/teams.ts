import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_OWNER_OF,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { clipInput } from '@metrics-suite/backstage-plugin-metrics-common';
import { loadEntity } from '../catalog/loadEntity';

/** A Group assessed as a team, with what its maturity evidence is about. */
export interface Team {
  entityRef: string;
  title?: string;
  /** The parent group (e.g. the tribe). */
  parentRef?: string;
  /** Components the team owns, sorted. */
  componentRefs: string[];
}

// Enough to describe a team; relations carry parent and owned entities, so no extra reads.
const TEAM_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.type',
  'spec.parent',
  'spec.profile.displayName',
  'relations',
];

/** Whether a catalog entity is a Group whose `spec.type` is one of `teamTypes`. */
export function isTeamEntity(entity: Entity, teamTypes: string[]): boolean {
  const type = entity.spec?.type;
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'group' &&
    typeof type === 'string' &&
    teamTypes.some(
      t => t.toLocaleLowerCase('en-US') === type.toLocaleLowerCase('en-US'),
    )
  );
}

function parentOf(group: Entity): string | undefined {
  const relation = group.relations?.find(r => r.type === RELATION_CHILD_OF);
  if (relation) return relation.targetRef;
  const parent = group.spec?.parent;
  if (typeof parent !== 'string' || parent === '') return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(parent, {
        defaultKind: 'group',
        defaultNamespace: group.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    // A malformed spec.parent only loses the filter by parent, not the team.
    return undefined;
  }
}

function titleOf(group: Entity): string | undefined {
  if (group.metadata.title) return group.metadata.title;
  const profile = group.spec?.profile as { displayName?: unknown } | undefined;
  return typeof profile?.displayName === 'string'
    ? profile.displayName
    : undefined;
}

/** Describes a team entity. */
export function toTeam(group: Entity): Team {
  const componentRefs = (group.relations ?? [])
    .filter(
      r =>
        r.type === RELATION_OWNER_OF &&
        r.targetRef.toLocaleLowerCase('en-US').startsWith('component:'),
    )
    .map(r => r.targetRef)
    .sort();
  const title = titleOf(group);
  const parentRef = parentOf(group);
  return {
    entityRef: stringifyEntityRef(group),
    ...(title ? { title } : {}),
    ...(parentRef ? { parentRef } : {}),
    componentRefs: [...new Set(componentRefs)],
  };
}

/**
 * Every Group whose `spec.type` is one of `teamTypes`, sorted by ref, in one catalog request.
 */
export async function listTeams(
  catalog: CatalogService,
  teamTypes: string[],
  credentials: BackstageCredentials,
): Promise<Team[]> {
  if (teamTypes.length === 0) return [];
  const { items } = await catalog.getEntities(
    {
      filter: { kind: 'group', 'spec.type': teamTypes },
      fields: TEAM_FIELDS,
    },
    { credentials },
  );
  return items
    .filter(entity => isTeamEntity(entity, teamTypes))
    .map(toTeam)
    .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
}

/**
 * One team by ref (`group:namespace/name`, or `namespace/name`). Throws NotFoundError when
 * there is no such group or it is not a team.
 */
export async function loadTeam(
  catalog: CatalogService,
  teamRef: string,
  teamTypes: string[],
  credentials: BackstageCredentials,
): Promise<Team> {
  let ref: string;
  try {
    ref = stringifyEntityRef(
      parseEntityRef(teamRef, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    // Not the parser's message as cause: it would quote the whole input again.
    throw new InputError(`Invalid team reference '${clipInput(teamRef)}'`);
  }
  const entity = await loadEntity(catalog, ref, credentials, {
    kind: 'group',
  });
  if (!isTeamEntity(entity, teamTypes)) {
    throw new NotFoundError(
      `Group ${ref} is not assessed as a team: its spec.type is not one of ${teamTypes.join(
        ', ',
      )} (metrics.maturity.teamTypes)`,
    );
  }
  return toTeam(entity);
}
