import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_MATURITY_THRESHOLDS,
  MaturityThresholds,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { positive } from './read';

/** `metrics.maturity`. */
export interface MaturityConfig {
  /** `spec.type` of the groups assessed as teams. */
  teamTypes: string[];
  thresholds: MaturityThresholds;
}

type Section = keyof MaturityThresholds;

export function readMaturityConfig(root: Config): MaturityConfig {
  const where = 'metrics.maturity';
  const config = root.getOptionalConfig(where);
  const given = config?.getOptionalConfig('thresholds');
  const thresholds = structuredClone(DEFAULT_MATURITY_THRESHOLDS);
  for (const section of Object.keys(thresholds) as Section[]) {
    const sectionConfig = given?.getOptionalConfig(section);
    const values = thresholds[section] as unknown as Record<string, number>;
    for (const key of Object.keys(values)) {
      const isShare = key.endsWith('Share');
      values[key] = positive(
        sectionConfig,
        key,
        values[key],
        `${where}.thresholds.${section}`,
        isShare ? { max: 1 } : { integer: true },
      );
    }
  }
  if (thresholds.looking.weeksRequired > thresholds.looking.weeksConsidered) {
    throw new InputError(
      `${where}.thresholds.looking.weeksRequired must not exceed weeksConsidered`,
    );
  }
  return {
    teamTypes: config?.getOptionalStringArray('teamTypes') ?? ['team', 'squad'],
    thresholds,
  };
}
