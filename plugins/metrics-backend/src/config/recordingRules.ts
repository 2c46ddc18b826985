import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * Whether the views read an SLO's recording rules on this instance
 * (docs/slo-rules.md#reading-back):
 * - `auto`: the SLOs whose rules the instance lists (`/api/v1/rules`, every few minutes);
 * - `always`: every SLO, without listing (for servers whose rules API is elsewhere, such as a
 *   separate Thanos or Mimir ruler); an SLO whose recordings answer nothing is read raw;
 * - `never`: raw series only.
 */
export type RecordingRulesRead = 'auto' | 'always' | 'never';

/** `metrics.prometheus.instances[].rules`, read once. */
export interface RecordingRulesConfig {
  read: RecordingRulesRead;
  /**
   * The generated rules' alerts are deployed on this instance (they page through
   * Alertmanager): the suite's own burn-rate notifications leave its SLOs alone, so nobody is
   * paged twice.
   */
  alertsDeployed: boolean;
}

const READ_VALUES: ReadonlyArray<RecordingRulesRead> = [
  'auto',
  'always',
  'never',
];

/** Reads `rules` of one instance; `where` names it in errors. */
export function readRecordingRulesConfig(
  instance: Config,
  where: string,
): RecordingRulesConfig {
  const rules = instance.getOptionalConfig('rules');
  const read = rules?.getOptionalString('read') ?? 'auto';
  if (!(READ_VALUES as readonly string[]).includes(read)) {
    throw new InputError(
      `${where}.rules.read must be one of ${READ_VALUES.join(', ')}, got "${read}"`,
    );
  }
  return {
    read: read as RecordingRulesRead,
    alertsDeployed: rules?.getOptionalBoolean('alertsDeployed') ?? false,
  };
}
