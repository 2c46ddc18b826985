import fs from 'node:fs';
import { expect, test } from './fixtures';
import { navigate } from './helpers';

// One example service per telemetry convention (docs/conventions.md): the Metrics tab shows
// its SLO, totals, p95 and callers as the demo world's ground truth says, read from that
// convention's own series. scripts/test.sh sets DEMO_TRUTH_FILE. Named to run after
// maturity-journey.spec.ts: viewing mobility-squad's services counts as the squad looking.
const truthFile = process.env.DEMO_TRUTH_FILE;
test.skip(!truthFile, 'DEMO_TRUTH_FILE is not set: run scripts/test.sh');

type Window = {
  requests: number;
  availability: number;
  p95Seconds: number;
  callers: Array<{
    caller: string;
    requests: number;
    share: number;
    p95Seconds: number | null;
  }>;
};
type Truth = {
  t0Iso: string;
  services: Record<
    string,
    { convention: string; windows: Record<string, Window> }
  >;
};
const truth: Truth = truthFile
  ? JSON.parse(fs.readFileSync(truthFile, 'utf8'))
  : { t0Iso: '', services: {} };

// The UI's formats (plugins/metrics/src/components/shared/format.ts).
const percent = (ratio: number, decimals: number) =>
  `${(ratio * 100).toFixed(decimals)} %`;
const count = (n: number) =>
  new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(n);
const latency = (seconds: number) => {
  const ms = seconds * 1000;
  return `${ms < 10 ? ms.toFixed(1) : count(Math.round(ms))} ms`;
};

const SERVICES = [
  'search-service',
  'booking-service',
  'loyalty-service',
  'fleet-service',
  'ticketing-service',
];

for (const name of SERVICES) {
  test(`${name} (${
    truth.services[name]?.convention ?? '?'
  }) shows its SLO, totals, p95 and callers as the ground truth says`, async ({
    portal: page,
  }) => {
    const { windows } = truth.services[name];
    const week = windows['7d'];
    await navigate(
      page,
      `/catalog/default/component/${name}/metrics?range=7d&end=${encodeURIComponent(
        truth.t0Iso,
      )}`,
    );
    await expect(
      page.getByText('Current SLI (over 28d)', { exact: true }).locator('..'),
    ).toContainText(percent(windows['28d'].availability, 3));
    await expect(page.getByTestId('callers-requests')).toContainText(
      count(week.requests),
    );
    await expect(page.getByTestId('callers-p95')).toContainText(
      latency(week.p95Seconds),
    );

    if (week.callers.length === 0) {
      await expect(page.getByTestId('callers-unavailable')).toContainText(
        'has no caller information',
      );
      return;
    }
    for (const caller of week.callers) {
      const row = page
        .getByRole('row')
        .filter({ hasText: `${count(caller.requests)} req` });
      await expect(row).toContainText(percent(caller.share, 1));
      if (caller.p95Seconds !== null) {
        await expect(row).toContainText(latency(caller.p95Seconds));
      }
    }
  });
}
