import {
  Entity,
  RELATION_PARENT_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

// Tribes nest squads; a few levels is plenty and bounds the catalog calls.
const MAX_DEPTH = 5;

function childGroupRefs(group: Entity): string[] {
  return (group.relations ?? [])
    .filter(r => r.type === RELATION_PARENT_OF)
    .map(r => r.targetRef);
}

/**
 * The Components owned by a group or any group below it, with the group refs searched.
 * Costs one catalog request per level of nesting plus one for the components.
 */
export function useOwnedComponents(group: Entity) {
  const catalogApi = useApi(catalogApiRef);
  const groupRef = stringifyEntityRef(group);

  const { value, loading, error } = useAsync(async () => {
    const groupRefs = new Set<string>([groupRef]);
    let frontier = childGroupRefs(group);
    for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth++) {
      const fresh = frontier.filter(ref => !groupRefs.has(ref));
      fresh.forEach(ref => groupRefs.add(ref));
      if (fresh.length === 0) break;
      const { items } = await catalogApi.getEntitiesByRefs({
        entityRefs: fresh,
        fields: ['kind', 'metadata.name', 'metadata.namespace', 'relations'],
      });
      frontier = items.flatMap(item => (item ? childGroupRefs(item) : []));
    }
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'Component', 'relations.ownedBy': [...groupRefs] },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'metadata.annotations',
        'spec.type',
        'spec.owner',
        'relations',
      ],
    });
    items.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    return { components: items, groupRefs: [...groupRefs] };
  }, [catalogApi, groupRef]);

  return {
    components: value?.components,
    groupRefs: value?.groupRefs,
    loading,
    error,
  };
}
