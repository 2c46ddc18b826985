import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** Metrics tab on every Component page (a not-configured state explains the annotations). */
export const componentMetricsContent = EntityContentBlueprint.make({
  name: 'component',
  params: {
    path: '/metrics',
    title: 'Metrics',
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
    path: '/metrics',
    title: 'Metrics',
    filter: { kind: 'group' },
    loader: () =>
      import('../components/GroupMetricsContent').then(m => (
        <m.EntityGroupMetricsContent />
      )),
  },
});
