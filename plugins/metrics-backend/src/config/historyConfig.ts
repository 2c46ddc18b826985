import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_MATURITY_THRESHOLDS,
  MaturityThresholds,
} from '@metrics-suite/backstage-plugin-metrics-common';

/** `metrics.history`: the collector of daily snapshots. */
export interface HistoryConfig {
  collector: {
    enabled: boolean;
    /** How often the collector runs, in minutes. */
    frequencyMinutes: number;
    /** Delay before the first run after start-up, in seconds. */
    initialDelaySeconds: number;
    timeoutMinutes: number;
  };
  /** Snapshots older than this many days are deleted. */
  retentionDays: number;
  /** Missing days within this many days back are back-filled on the next run. */
  backfillDays: number;
}

/** `metrics.maturity`. */
export interface MaturityConfig {
  /** `spec.type` of the groups assessed as teams. */
  teamTypes: string[];
  thresholds: MaturityThresholds;
}

/** `metrics.notifications`: weekly digest and burn-rate alerts. */
export interface NotificationsConfig {
  digest: {
    enabled: boolean;
    /** Cron expression (backend time zone) of the digest, e.g. Mondays 08:00. */
    cron: string;
  };
  burnRateAlerts: {
    enabled: boolean;
    frequencyMinutes: number;
  };
}

function positive(
  config: Config | undefined,
  key: string,
  fallback: number,
  where: string,
  options: { integer?: boolean; max?: number } = {},
): number {
  const value = config?.getOptionalNumber(key) ?? fallback;
  const bad =
    !Number.isFinite(value) ||
    value <= 0 ||
    (options.integer && !Number.isInteger(value)) ||
    (options.max !== undefined && value > options.max);
  if (bad) {
    throw new InputError(
      `${where}.${key} must be a positive ${
        options.integer ? 'whole number' : 'number'
      }${
        options.max !== undefined ? ` up to ${options.max}` : ''
      }, got ${value}`,
    );
  }
  return value;
}

export function readHistoryConfig(root: Config): HistoryConfig {
  const where = 'metrics.history';
  const config = root.getOptionalConfig(where);
  const collector = config?.getOptionalConfig('collector');
  const retentionDays = positive(config, 'retentionDays', 400, where, {
    integer: true,
  });
  const backfillDays = positive(config, 'backfillDays', 28, where, {
    integer: true,
    max: retentionDays,
  });
  return {
    collector: {
      enabled: collector?.getOptionalBoolean('enabled') ?? true,
      frequencyMinutes: positive(
        collector,
        'frequencyMinutes',
        60,
        `${where}.collector`,
      ),
      initialDelaySeconds:
        collector?.getOptionalNumber('initialDelaySeconds') ?? 10,
      timeoutMinutes: positive(
        collector,
        'timeoutMinutes',
        15,
        `${where}.collector`,
      ),
    },
    retentionDays,
    backfillDays,
  };
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

export function readNotificationsConfig(root: Config): NotificationsConfig {
  const where = 'metrics.notifications';
  const config = root.getOptionalConfig(where);
  const digest = config?.getOptionalConfig('digest');
  const alerts = config?.getOptionalConfig('burnRateAlerts');
  const cron = digest?.getOptionalString('cron') ?? '0 8 * * 1';
  if (cron.trim().split(/\s+/).length !== 5) {
    throw new InputError(
      `${where}.digest.cron must be a cron expression with five fields, got "${cron}"`,
    );
  }
  return {
    digest: { enabled: digest?.getOptionalBoolean('enabled') ?? true, cron },
    burnRateAlerts: {
      enabled: alerts?.getOptionalBoolean('enabled') ?? true,
      frequencyMinutes: positive(
        alerts,
        'frequencyMinutes',
        5,
        `${where}.burnRateAlerts`,
      ),
    },
  };
}
