import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_PARENT_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

// Tribes nest squads; a few levels is plenty and bounds the catalog calls.
const MAX_DEPTH = 5;

function childGroupRefs(group: Entity): string[] {
  return (group.relations ?? [])
    .filter(r => r.type === RELATION_PARENT_OF)
    .map(r => r.targetRef);
}

/**
 * The group and every group below it, and the Components they own, read with the
 * requester's credentials. One catalog request per level of nesting plus one.
 */
export async function loadOwnedComponents(
  catalog: CatalogService,
  group: Entity,
  credentials: BackstageCredentials,
): Promise<{ groupRefs: string[]; components: Entity[] }> {
  const groupRefs = new Set<string>([stringifyEntityRef(group)]);
  let frontier = childGroupRefs(group);
  for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth++) {
    const fresh = frontier.filter(ref => !groupRefs.has(ref));
    if (fresh.length === 0) break;
    fresh.forEach(ref => groupRefs.add(ref));
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: fresh, fields: ['kind', 'metadata', 'relations'] },
      { credentials },
    );
    frontier = items.flatMap(item => (item ? childGroupRefs(item) : []));
  }
  const { items } = await catalog.getEntities(
    { filter: { kind: 'component', 'relations.ownedBy': [...groupRefs] } },
    { credentials },
  );
  items.sort((a, b) =>
    stringifyEntityRef(a).localeCompare(stringifyEntityRef(b)),
  );
  return { groupRefs: [...groupRefs], components: items };
}
