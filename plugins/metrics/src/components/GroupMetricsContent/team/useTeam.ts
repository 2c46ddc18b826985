import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useMemo } from 'react';

/** The team (Group) whose page is shown. */
export interface Team {
  /** Entity ref string, e.g. `group:default/mobility-squad`: the permissions' resourceRef. */
  ref: string;
  compoundRef: CompoundEntityRef;
  /** How people call the team: its title, or its name. */
  label: string;
}

/** The Group entity of the page as a team. */
export function useTeam(): Team {
  const { entity } = useEntity();
  const ref = stringifyEntityRef(entity);
  const label = entity.metadata.title ?? entity.metadata.name;
  return useMemo(
    () => ({ ref, compoundRef: parseEntityRef(ref), label }),
    [ref, label],
  );
}
