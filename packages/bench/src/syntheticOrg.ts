import type { Entity } from '@backstage/catalog-model';
import {
  CONVENTION_ANNOTATION,
  PROMETHEUS_SERVICE_ANNOTATION,
  ServiceAnnotations,
} from './world';

export const TEAMS_PER_TRIBE = 10;
export const COMPONENTS_PER_TEAM = 10;

/** Name of the n-th team (0-based): the same in every org size, so views compare alike. */
export const orgTeamName = (i: number) =>
  `team-${String(i + 1).padStart(4, '0')}`;
/** Name of the j-th Component (0-based) of the n-th team. */
export const orgComponentName = (team: number, j: number) =>
  `${orgTeamName(team)}-svc-${String(j + 1).padStart(2, '0')}`;

/**
 * An org as its catalog files would declare it (the catalog computes the relations):
 * tribes of ten teams (Groups with parent/children), ten Components per team owned by it.
 * The first Components, in order, carry the given demo-world services (so their views have
 * real series and callers); the rest carry a synthetic service name with no series.
 */
export function syntheticOrg(options: {
  teams: number;
  services: readonly ServiceAnnotations[];
  componentsPerTeam?: number;
}): Entity[] {
  const { teams, services } = options;
  const perTeam = options.componentsPerTeam ?? COMPONENTS_PER_TEAM;
  if (!Number.isInteger(teams) || teams < 1) {
    throw new RangeError(`teams must be a whole number >= 1, got ${teams}`);
  }
  const tribes = Math.ceil(teams / TEAMS_PER_TRIBE);
  const tribeOf = (i: number) => `tribe-${Math.floor(i / TEAMS_PER_TRIBE) + 1}`;
  const entities: Entity[] = [];
  for (let t = 0; t < tribes; t++) {
    const members = Array.from(
      { length: Math.min(TEAMS_PER_TRIBE, teams - t * TEAMS_PER_TRIBE) },
      (_, k) => orgTeamName(t * TEAMS_PER_TRIBE + k),
    );
    entities.push(group(`tribe-${t + 1}`, 'tribe', members));
  }
  for (let i = 0; i < teams; i++) {
    entities.push(group(orgTeamName(i), 'squad', [], tribeOf(i)));
  }
  for (let i = 0; i < teams; i++) {
    for (let j = 0; j < perTeam; j++) {
      const n = i * perTeam + j;
      const demo = services[n];
      entities.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: orgComponentName(i, j),
          namespace: 'default',
          annotations: demo
            ? {
                [PROMETHEUS_SERVICE_ANNOTATION]: demo.service,
                ...(demo.convention
                  ? { [CONVENTION_ANNOTATION]: demo.convention }
                  : {}),
              }
            : { [PROMETHEUS_SERVICE_ANNOTATION]: orgComponentName(i, j) },
        },
        spec: {
          type: 'service',
          lifecycle: 'production',
          owner: `group:default/${orgTeamName(i)}`,
        },
      });
    }
  }
  return entities;
}

function group(
  name: string,
  type: string,
  children: string[],
  parent?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: {
      type,
      children: children.map(c => `group:default/${c}`),
      ...(parent ? { parent: `group:default/${parent}` } : {}),
    },
  };
}
