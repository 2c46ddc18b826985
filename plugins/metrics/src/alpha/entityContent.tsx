import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import ShowChart from '@material-ui/icons/ShowChart';

// Grouped with the other observability tabs (the catalog's default `observability` group),
// so the entity page's tab bar does not grow one tab per plugin.
const tab = {
  path: '/metrics',
  title: 'Metrics',
  group: 'observability',
  icon: <ShowChart fontSize="inherit" />,
} as const;

/** Metrics tab on every Component page (a not-configured state explains the annotations). */
export const componentMetricsContent = EntityContentBlueprint.make({
  name: 'component',
  params: {
    ...tab,
    filter: { kind: 'component' },
    loader: () =>
      import('../components/EntityMetricsContent').then(m => (
        <m.EntityMetricsContent />
      )),
  },
});

/** Metrics tab on every Group page: what the group and its sub-teams own. */
export const groupMetricsContent = EntityContentBlueprint.make({
  name: 'group',
  params: {
    ...tab,
    filter: { kind: 'group' },
    loader: () =>
      import('../components/GroupMetricsContent').then(m => (
        <m.EntityGroupMetricsContent />
      )),
  },
});
