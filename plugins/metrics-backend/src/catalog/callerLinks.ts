import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CallerEntity,
  DEPRECATED_METRICS_ANNOTATIONS,
  METRICS_ANNOTATIONS,
  readEntityMetricsAnnotations,
} from '@metrics-suite/backstage-plugin-metrics-common';

/**
 * Every annotation key `readEntityMetricsAnnotations` may take an entity's caller id from: the
 * caller-id annotation, else the prometheus-service one, each under its current or deprecated key.
 */
export const CALLER_ID_ANNOTATION_KEYS: ReadonlyArray<string> = [
  METRICS_ANNOTATIONS.callerId,
  METRICS_ANNOTATIONS.prometheusService,
].flatMap(current => [
  current,
  ...Object.entries(DEPRECATED_METRICS_ANNOTATIONS)
    .filter(([, replacement]) => replacement === current)
    .map(([old]) => old),
]);

type GetEntitiesRequest = NonNullable<
  Parameters<CatalogService['getEntities']>[0]
>;

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'relations',
];

/**
 * The one catalog query for the given caller ids: Components whose caller-id-carrying
 * annotation or name is one of them (a filter array is OR, a value array is IN). The catalog
 * matches case-insensitively, so it may return more than the ids claim; `resolveCallerIds`
 * keeps the exact matches. (It indexes values of up to 200 characters: a longer caller id finds
 * no link.) Undefined when there is nothing to look up.
 */
export function callerLinksQuery(
  ids: Iterable<string>,
): GetEntitiesRequest | undefined {
  const values = [...new Set(ids)].sort();
  if (values.length === 0) return undefined;
  return {
    // `kind` first in each clause: the in-memory test catalog stops at the first array value.
    filter: [
      ...CALLER_ID_ANNOTATION_KEYS.map(key => ({
        kind: 'component',
        [`metadata.annotations.${key}`]: values,
      })),
      { kind: 'component', 'metadata.name': values },
    ],
    fields: FIELDS,
  };
}

function ownerOf(entity: Entity): string | undefined {
  return entity.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef;
}

/**
 * Which Component each caller id belongs to, among `entities`: the one whose caller id (the
 * caller-id annotation, default the prometheus-service value) is the id, else the one without a
 * caller id whose name is the id. Two claimants: the first by entity ref, an annotation before
 * any name, so the answer does not depend on the catalog's order. Ids nobody claims are absent.
 */
export function resolveCallerIds(
  entities: ReadonlyArray<Entity>,
  ids: Iterable<string>,
): Map<string, CallerEntity> {
  const wanted = new Set(ids);
  const sorted = entities
    .filter(e => e.kind.toLocaleLowerCase('en-US') === 'component')
    .map(entity => ({ entity, ref: stringifyEntityRef(entity) }))
    .sort((a, b) => a.ref.localeCompare(b.ref));
  const links = new Map<string, CallerEntity>();
  const claim = (id: string | undefined, entity: Entity, ref: string) => {
    if (id !== undefined && wanted.has(id) && !links.has(id)) {
      const owner = ownerOf(entity);
      links.set(id, { entityRef: ref, ...(owner ? { owner } : {}) });
    }
  };
  const callerIds = sorted.map(
    ({ entity }) => readEntityMetricsAnnotations(entity).callerId,
  );
  sorted.forEach(({ entity, ref }, i) => claim(callerIds[i], entity, ref));
  // Services without metrics annotations still call others under their own name.
  sorted.forEach(({ entity, ref }, i) => {
    if (!callerIds[i]) claim(entity.metadata.name, entity, ref);
  });
  return links;
}

/**
 * Catalog links for the caller ids a view shows, in one filtered catalog query with the
 * requester's credentials so catalog permissions apply to caller links too; none when there
 * are no ids. Its cost follows the number of callers shown, not the catalog's size.
 *
 * Not a background index of every Component filtered per request: it would have to replay
 * the catalog's permission rules for each requester, and would lag behind catalog edits.
 */
export async function loadCallerLinks(
  catalog: CatalogService,
  ids: Iterable<string>,
  credentials: BackstageCredentials,
): Promise<Map<string, CallerEntity>> {
  const wanted = [...ids];
  const query = callerLinksQuery(wanted);
  if (!query) return new Map();
  const { items } = await catalog.getEntities(query, { credentials });
  return resolveCallerIds(items, wanted);
}
