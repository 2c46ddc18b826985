import { expect, test } from './fixtures';
import { navigate } from './helpers';

// The demo world's Prometheus evaluates the rules the suite generates from the example catalog
// (packages/demo-world), so the SLO cards read them back and say so.

test('an SLO card reads its recording rules, and the rules are there to copy', async ({
  portal: page,
}) => {
  await navigate(page, '/catalog/default/component/checkout-service/metrics');
  const card = page.getByTestId('slo-slo:availability');
  await expect(card.getByTestId('slo-computed-from')).toHaveText(
    /^From recording rules/,
  );
  // The burning service pages, from the recordings as from the raw series.
  await expect(card.getByTestId('slo-alert')).toHaveAttribute(
    'data-alert',
    'page',
  );

  await page.getByTestId('prometheus-rules-open').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('prometheus-rules-text')).toContainText(
    'alert: ErrorBudgetBurn',
  );
  await expect(dialog.getByTestId('prometheus-rules-text')).toContainText(
    'slo:sli_error:ratio_rate5m',
  );
  await dialog.getByRole('tab', { name: 'PrometheusRule' }).click();
  await expect(dialog.getByTestId('prometheus-rules-text')).toContainText(
    'kind: PrometheusRule',
  );
  await dialog.getByRole('tab', { name: 'OpenSLO' }).click();
  await expect(dialog.getByTestId('prometheus-rules-text')).toContainText(
    'apiVersion: openslo/v1',
  );
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.openslo\.yaml$/);
});

test("a squad's rules hold every SLO it owns", async ({ portal: page }) => {
  await navigate(page, '/catalog/default/group/checkout-squad/metrics');
  await page.getByTestId('prometheus-rules-open').click();
  const text = page.getByRole('dialog').getByTestId('prometheus-rules-text');
  await expect(text).toContainText(
    'metrics-suite:component:default/checkout-service:availability',
  );
});
