import type { SloDefinition } from '@metrics-suite/backstage-plugin-metrics-common';
import { sloRuleIdentity } from '@metrics-suite/backstage-plugin-metrics-common';
import type { PrometheusClient } from '../sources/prometheus';
import { RULES_REFRESH_MS, RecordedSlos } from './RecordedSlos';

const slo = {
  name: 'availability',
  entityRef: 'component:default/checkout',
  queries: {
    good: 'sum(increase(good[{{window}}]))',
    total: 'sum(increase(all[{{window}}]))',
  },
} as SloDefinition;
const other = { ...slo, name: 'latency' } as SloDefinition;

function fakeClient(answers: Array<Array<Record<string, string>> | Error>) {
  const recordingRules = jest.fn(async () => {
    const next = answers.length > 1 ? answers.shift()! : answers[0];
    if (next instanceof Error) throw next;
    return next;
  });
  return {
    client: { name: 'main', recordingRules } as unknown as PrometheusClient,
    recordingRules,
  };
}

describe('RecordedSlos', () => {
  it('reads the SLOs whose recordings the instance lists, by entity, name and revision', async () => {
    const { client } = fakeClient([
      [{ ...sloRuleIdentity(slo), owner: 'group:default/checkout' }],
    ]);
    const recordings = new RecordedSlos({
      client,
      config: { read: 'auto', alertsDeployed: false },
    });
    await expect(recordings.decide(slo)).resolves.toEqual({ read: true });
    await expect(recordings.decide(other)).resolves.toEqual({ read: false });
    // A changed query is another revision: its old recordings are not read.
    const changed = {
      ...slo,
      queries: { ...slo.queries, good: 'sum(increase(ok[{{window}}]))' },
    } as SloDefinition;
    await expect(recordings.decide(changed)).resolves.toEqual({ read: false });
  });

  it('lists the rules once per refresh, answering from the last list meanwhile', async () => {
    let now = 0;
    const { client, recordingRules } = fakeClient([[], [sloRuleIdentity(slo)]]);
    const recordings = new RecordedSlos({
      client,
      config: { read: 'auto', alertsDeployed: false },
      now: () => now,
    });
    await Promise.all([recordings.decide(slo), recordings.decide(slo)]);
    expect(recordingRules).toHaveBeenCalledTimes(1);
    now = RULES_REFRESH_MS;
    // Stale: a new list is read in the background; this answer is the old one's.
    await expect(recordings.decide(slo)).resolves.toEqual({ read: false });
    await new Promise(resolve => setImmediate(resolve));
    await expect(recordings.decide(slo)).resolves.toEqual({ read: true });
    expect(recordingRules).toHaveBeenCalledTimes(2);
  });

  it('reads raw series, saying why, when the rules cannot be listed', async () => {
    const { client } = fakeClient([new Error('404 Not Found')]);
    const recordings = new RecordedSlos({
      client,
      config: { read: 'auto', alertsDeployed: false },
    });
    await expect(recordings.decide(slo)).resolves.toEqual({
      read: false,
      note: "the instance's rules could not be listed: 404 Not Found",
    });
  });

  it('never lists under always and never', async () => {
    const { client, recordingRules } = fakeClient([[]]);
    const always = new RecordedSlos({
      client,
      config: { read: 'always', alertsDeployed: false },
    });
    const never = new RecordedSlos({
      client,
      config: { read: 'never', alertsDeployed: false },
    });
    await expect(always.decide(slo)).resolves.toEqual({ read: true });
    await expect(never.decide(slo)).resolves.toEqual({ read: false });
    expect(recordingRules).not.toHaveBeenCalled();
  });
});
