import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CallerEntity,
  readEntityMetricsAnnotations,
} from '@metrics-suite/backstage-plugin-metrics-common';

function ownerOf(entity: Entity): string | undefined {
  return entity.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef;
}

/**
 * Caller id → catalog entity, for the components the requester may see: the caller-id
 * annotation (default: the prometheus-service value), else the component's name. Read per request
 * with the requester's credentials so catalog permissions apply to caller links too.
 */
export async function loadCallerDirectory(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Map<string, CallerEntity>> {
  const { items } = await catalog.getEntities(
    {
      filter: { kind: 'component' },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
        'relations',
      ],
    },
    { credentials },
  );
  // Sorted so that a caller id claimed by two entities resolves the same way every time.
  const sorted = [...items].sort((a, b) =>
    stringifyEntityRef(a).localeCompare(stringifyEntityRef(b)),
  );
  const directory = new Map<string, CallerEntity>();
  const add = (id: string | undefined, entity: Entity) => {
    if (id && !directory.has(id)) {
      directory.set(id, {
        entityRef: stringifyEntityRef(entity),
        owner: ownerOf(entity),
      });
    }
  };
  for (const entity of sorted) {
    add(readEntityMetricsAnnotations(entity).callerId, entity);
  }
  // Services without metrics annotations still call others under their own name.
  for (const entity of sorted) {
    if (!readEntityMetricsAnnotations(entity).callerId) {
      add(entity.metadata.name, entity);
    }
  }
  return directory;
}
