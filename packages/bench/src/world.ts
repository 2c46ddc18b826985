import type { Entity, EntityRelation } from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export const PROMETHEUS_SERVICE_ANNOTATION = 'metrics-suite/prometheus-service';
export const CONVENTION_ANNOTATION = 'metrics-suite/convention';

/** The annotations that say which series a Component's metrics are read from. */
export interface ServiceAnnotations {
  service: string;
  /** The `metrics-suite/convention` value; absent for the instance's convention. */
  convention?: string;
}

/**
 * The relations the catalog would add on ingestion; the views read ownership and group
 * nesting from them, and `catalogServiceMock` does not compute them.
 */
export function withRelations(entity: Entity): Entity {
  const namespace = entity.metadata.namespace ?? 'default';
  const spec = (entity.spec ?? {}) as {
    owner?: string;
    parent?: string;
    children?: string[];
  };
  const group = (name: string) => `group:${namespace}/${name}`;
  const relations: EntityRelation[] = [];
  if (spec.owner)
    relations.push({ type: 'ownedBy', targetRef: group(spec.owner) });
  if (entity.kind === 'Group' && spec.parent) {
    relations.push({ type: 'childOf', targetRef: group(spec.parent) });
  }
  for (const child of entity.kind === 'Group' ? spec.children ?? [] : []) {
    relations.push({ type: 'parentOf', targetRef: group(child) });
  }
  return { ...entity, metadata: { ...entity.metadata, namespace }, relations };
}

/** The example catalog of the portal (`examples/entities.yaml` and `examples/org.yaml`). */
export function loadExampleEntities(repoRoot: string): Entity[] {
  return ['examples/entities.yaml', 'examples/org.yaml'].flatMap(file =>
    parseAllDocuments(fs.readFileSync(path.join(repoRoot, file), 'utf8'))
      .map(doc => doc.toJSON() as Entity | null)
      .filter((e): e is Entity => Boolean(e?.kind))
      .map(withRelations),
  );
}

/** The `prometheus-service` values and conventions of the annotated example Components. */
export function annotatedServices(
  entities: readonly Entity[],
): ServiceAnnotations[] {
  return entities.flatMap(e => {
    const annotations = e.metadata.annotations ?? {};
    const service = annotations[PROMETHEUS_SERVICE_ANNOTATION];
    if (e.kind !== 'Component' || !service) return [];
    const convention = annotations[CONVENTION_ANNOTATION];
    return [{ service, ...(convention ? { convention } : {}) }];
  });
}

/** The distinct conventions of the given services (`default` for the instance's). */
export function conventionsOf(
  services: readonly ServiceAnnotations[],
): string[] {
  return [...new Set(services.map(s => s.convention ?? 'default'))];
}

/**
 * A tribe of `squads` squads owning `components` Components in total, each annotated with
 * one of `services` in turn (its service and convention), so every Component has real series
 * in the demo world. Only the annotations are copied (no structured definitions): the roll-up
 * of these is the part that must cost a fixed number of queries per convention.
 */
export function syntheticTribe(options: {
  name: string;
  squads: number;
  components: number;
  services: readonly ServiceAnnotations[];
}): Entity[] {
  const { name, squads, components, services } = options;
  if (services.length === 0) throw new RangeError('no services to annotate');
  const squadNames = Array.from(
    { length: squads },
    (_, i) => `${name}-squad-${i + 1}`,
  );
  const tribe: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'tribe', children: squadNames },
  };
  const squadEntities: Entity[] = squadNames.map(squad => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: squad, namespace: 'default' },
    spec: { type: 'squad', parent: name, children: [] },
  }));
  const componentEntities: Entity[] = Array.from(
    { length: components },
    (_, i) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `${name}-service-${i + 1}`,
        namespace: 'default',
        annotations: annotationsOf(services[i % services.length]),
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: squadNames[i % squads],
      },
    }),
  );
  return [tribe, ...squadEntities, ...componentEntities].map(withRelations);
}

function annotationsOf({
  service,
  convention,
}: ServiceAnnotations): Record<string, string> {
  return {
    [PROMETHEUS_SERVICE_ANNOTATION]: service,
    ...(convention ? { [CONVENTION_ANNOTATION]: convention } : {}),
  };
}

/** Ref of the n-th synthetic team (0-based) of {@link syntheticTeams}. */
export const syntheticTeamName = (i: number) =>
  `team-${String(i + 1).padStart(4, '0')}`;

/**
 * `count` squads in tribes of ten, each owning two Components (as `ownerOf` relations, which
 * is all the maturity assessment reads of a team).
 */
export function syntheticTeams(count: number): Entity[] {
  const tribes = Math.ceil(count / 10);
  const tribeEntities: Entity[] = Array.from({ length: tribes }, (_, t) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: `tribe-${t + 1}`, namespace: 'default' },
    spec: { type: 'tribe', children: [] },
  }));
  const teams: Entity[] = Array.from({ length: count }, (_, i) => {
    const name = syntheticTeamName(i);
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name, namespace: 'default', title: `Team ${i + 1}` },
      spec: { type: 'squad', parent: `tribe-${Math.floor(i / 10) + 1}` },
      relations: [
        {
          type: 'childOf',
          targetRef: `group:default/tribe-${Math.floor(i / 10) + 1}`,
        },
        ...['api', 'worker'].map(suffix => ({
          type: 'ownerOf',
          targetRef: `component:default/${name}-${suffix}`,
        })),
      ],
    };
  });
  return [...tribeEntities, ...teams];
}
