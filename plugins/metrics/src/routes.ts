import { createRouteRef } from '@backstage/core-plugin-api';

export const rootRouteRef = createRouteRef({ id: 'metrics' });

/** The org-wide maturity scorecard page (mounted at `/metrics-maturity` by convention). */
export const scorecardRouteRef = createRouteRef({ id: 'metrics:scorecard' });

/** A squad's TV mode page (mounted at `/metrics-tv/:namespace/:name` by convention). */
export const tvRouteRef = createRouteRef({
  id: 'metrics:tv',
  params: ['namespace', 'name'],
});
