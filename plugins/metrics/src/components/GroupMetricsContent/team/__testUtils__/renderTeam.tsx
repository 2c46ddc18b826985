import type { ReactNode } from 'react';
import type { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type { MetricsApi } from '@metrics-suite/backstage-plugin-metrics-common';
import { metricsApiRef } from '../../../../api';
import { TeamRefreshProvider } from '../TeamRefresh';
import { goal, review, squadEntity, teamMaturity } from './teamData';

/** A metrics API answering with the fixtures; every method is a jest mock. */
export function fakeMetricsApi(overrides: Partial<MetricsApi> = {}) {
  const api = {
    getSources: jest.fn(async () => []),
    getEntityView: jest.fn(),
    getGroupView: jest.fn(),
    getMaturity: jest.fn(async () => ({ items: [teamMaturity()] })),
    getTeamMaturity: jest.fn(async () => teamMaturity()),
    listGoals: jest.fn(async () => [goal()]),
    getMetricValue: jest.fn(),
    createGoal: jest.fn(),
    createFollowUp: jest.fn(),
    listReviews: jest.fn(async () => [review()]),
    createReview: jest.fn(),
    getNorthStar: jest.fn(async () => null),
    setNorthStar: jest.fn(),
    clearNorthStar: jest.fn(async () => {}),
    updateGoal: jest.fn(),
    withdrawGoal: jest.fn(),
    updateFollowUp: jest.fn(),
    withdrawFollowUp: jest.fn(),
    getGoalHistory: jest.fn(async () => []),
    updateReview: jest.fn(),
    withdrawReview: jest.fn(),
    getReviewHistory: jest.fn(async () => []),
  };
  for (const [name, impl] of Object.entries(overrides)) {
    (api as Record<string, jest.Mock>)[name] = jest.fn(impl as any);
  }
  return api as typeof api & jest.Mocked<MetricsApi>;
}

/** Renders team sections on a squad's page, with the refresh shared as on the real tab. */
export async function renderTeam(
  ui: ReactNode,
  options: {
    api: ReturnType<typeof fakeMetricsApi>;
    permission?: PermissionApi;
    entity?: Entity;
  },
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [metricsApiRef, options.api],
        [permissionApiRef, options.permission ?? mockApis.permission()],
      ]}
    >
      <EntityProvider entity={options.entity ?? squadEntity()}>
        <TeamRefreshProvider>{ui}</TeamRefreshProvider>
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}
