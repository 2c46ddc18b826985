import type { Entity } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/core-plugin-api';
import { LinkButton } from '@backstage/core-components';
import Tv from '@material-ui/icons/Tv';
import { tvRouteRef } from '../../routes';

/**
 * The path of the squad's TV mode page; undefined when the app does not mount it.
 * `useRouteRef` throws for an unmounted route, after its own hooks, so catching keeps the
 * hook order stable; an app without the page simply shows no TV mode button.
 */
function useTvPath(group: Entity): string | undefined {
  let route;
  try {
    // eslint-disable-next-line react-hooks/rules-of-hooks -- see above: same hooks every render
    route = useRouteRef(tvRouteRef);
  } catch {
    return undefined;
  }
  return route({
    namespace: group.metadata.namespace ?? 'default',
    name: group.metadata.name,
  });
}

/** Opens the squad's TV mode, a full-screen page for a screen in the team's room. */
export function TvModeLink(props: { group: Entity }) {
  const path = useTvPath(props.group);
  if (!path) return null;
  return (
    <LinkButton to={path} variant="outlined" size="small" startIcon={<Tv />}>
      TV mode
    </LinkButton>
  );
}
