import { expect, test } from './fixtures';
import { navigate, openTab } from './helpers';

test('a service page has a Metrics tab showing its annotations', async ({
  portal: page,
}) => {
  await navigate(page, '/catalog/default/component/user-profile-service');
  await openTab(page, 'Metrics');
  await expect(page).toHaveURL(/\/user-profile-service\/metrics$/);
  await expect(page.getByText('Metrics configuration')).toBeVisible();
  await expect(
    page.getByText('service="user-profile-service"', { exact: true }),
  ).toBeVisible();
  // caller-id differs from the service label for this entity
  await expect(
    page.getByText('caller="profiles"', { exact: true }),
  ).toBeVisible();
  // resolved against the backend's configuration
  await expect(page.getByText('main (default instance)')).toBeVisible();
});

test('a service without metrics explains how to configure them', async ({
  portal: page,
}) => {
  await navigate(page, '/catalog/default/component/referral-service/metrics');
  await expect(
    page.getByText('Metrics are not configured for this service'),
  ).toBeVisible();
  await expect(
    page.getByText('metrics-suite/prometheus-service').first(),
  ).toBeVisible();
});

test('a squad page has a Metrics tab listing what the squad owns', async ({
  portal: page,
}) => {
  await navigate(page, '/catalog/default/group/growth-squad');
  await openTab(page, 'Metrics');
  await expect(page).toHaveURL(/\/growth-squad\/metrics$/);
  const table = page.getByRole('table');
  await expect(table.getByRole('link', { name: 'Web frontend' })).toBeVisible();
  await expect(
    table.getByRole('link', { name: 'Referral service' }),
  ).toBeVisible();
  await expect(page.getByText('Services and SLOs')).toBeVisible();
  // a service that declares no metrics is an ownership gap of the squad, not hidden
  await expect(
    page.getByRole('row').filter({ hasText: 'Referral service' }),
  ).toContainText('no metrics annotation');

  // a tribe rolls up its squads
  await navigate(page, '/catalog/default/group/commerce-tribe/metrics');
  await expect(
    page
      .getByRole('table')
      .getByRole('link', { name: 'Payment gateway' })
      .first(),
  ).toBeVisible();
});

test('an entity whose service label matches no series is told why, with the nearest values', async ({
  portal: page,
}) => {
  // experiments-service is annotated, but the demo world has no series for it.
  await navigate(
    page,
    '/catalog/default/component/experiments-service/metrics',
  );
  const check = page.getByTestId('series-check').first();
  await expect(check).toContainText(
    'No series of http_server_requests_total has service="experiments-service"',
  );
  // Nearest first: pricing-service is the fewest edits away.
  await expect(check).toContainText(
    'Values seen for service: pricing-service, checkout-service',
  );
});
