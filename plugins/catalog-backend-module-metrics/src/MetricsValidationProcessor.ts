import type { Entity } from '@backstage/catalog-model';
import type {
  AlphaEntity,
  EntityStatusItem,
} from '@backstage/catalog-model/alpha';
import { ENTITY_STATUS_CATALOG_PROCESSING_TYPE } from '@backstage/catalog-client';
import { InputError, serializeError } from '@backstage/errors';
import type { CatalogProcessor } from '@backstage/plugin-catalog-node';
import {
  DefinitionProblem,
  validateEntityMetrics,
} from '@metrics-suite/backstage-plugin-metrics-common';

/**
 * Checks the metrics suite's annotations and `metadata.metrics` block of every entity that
 * carries them, with the rules the Metrics views apply, and adds each problem to the entity's
 * status as a catalog processing error: `<path>: <message>`.
 *
 * The problems are status items rather than emitted errors on purpose: the catalog stores
 * nothing from a processing run that emitted an error (a new entity would never appear, an
 * updated one would stay at its previous version), while the views only skip the bad items.
 * The stitcher keeps these items and the entity page shows them in its processing errors panel.
 *
 * @public
 */
export class MetricsValidationProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'MetricsValidationProcessor';
  }

  // postProcessEntity: runs once the entity passed the catalog's own validation, so only entities
  // that will be stored are checked, and it may return the entity with more status.
  async postProcessEntity(entity: Entity): Promise<Entity> {
    const problems = validateEntityMetrics(entity);
    if (problems.length === 0) return entity;
    const withStatus = entity as AlphaEntity;
    return {
      ...withStatus,
      status: {
        ...withStatus.status,
        items: [
          ...(withStatus.status?.items ?? []),
          ...problems.map(toStatusItem),
        ],
      },
    } as Entity;
  }
}

function toStatusItem(problem: DefinitionProblem): EntityStatusItem {
  const error = new InputError(`${problem.path}: ${problem.message}`);
  return {
    type: ENTITY_STATUS_CATALOG_PROCESSING_TYPE,
    level: 'error',
    message: `${error.name}: ${error.message}`,
    error: serializeError(error),
  };
}
