import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { clipInput } from '@metrics-suite/backstage-plugin-metrics-common';

/**
 * The entity as the requester sees it (their credentials, so catalog permissions apply).
 *
 * @throws NotFoundError when there is none, or with `kind` when it is of another kind.
 */
export async function loadEntity(
  catalog: CatalogService,
  ref: CompoundEntityRef | string,
  credentials: BackstageCredentials,
  options: { kind?: 'group' } = {},
): Promise<Entity> {
  const entity = await catalog.getEntityByRef(ref, { credentials });
  const refText = clipInput(
    typeof ref === 'string' ? ref : stringifyEntityRef(ref),
  );
  if (!entity) {
    throw new NotFoundError(`No ${options.kind ?? 'entity'} ${refText} found`);
  }
  if (options.kind && entity.kind.toLocaleLowerCase('en-US') !== options.kind) {
    throw new NotFoundError(`No ${options.kind} ${refText} found`);
  }
  return entity;
}
