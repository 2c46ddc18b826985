import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { readSchedulerServiceTaskScheduleDefinitionFromConfig } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { parseDuration } from '@metrics-suite/backstage-plugin-metrics-common';

/** Reads a positive number, naming the key when it is not one. */
export function positive(
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

/** A window key's text (`7d`) and its seconds. */
export interface WindowValue {
  window: string;
  seconds: number;
}

/** Reads a window (a whole number with one unit: `90d`, `12w`, `1h`), naming the key when it is not one. */
export function readWindow(
  config: Config | undefined,
  key: string,
  fallback: string,
  where: string,
): WindowValue {
  const text = config?.getOptionalString(key) ?? fallback;
  try {
    return { window: text, seconds: parseDuration(text, { window: true }) };
  } catch {
    throw new InputError(
      `${where}.${key} must look like 90d, 12w or 1h, got "${text}"`,
    );
  }
}

/**
 * Reads the optional `schedule` key (or `key`) of a task's config with the scheduler's own
 * reader. `deprecated` are the older keys it replaces: setting both is refused, not merged.
 */
export function readSchedule(
  config: Config | undefined,
  where: string,
  deprecated: string[],
  key: string = 'schedule',
): SchedulerServiceTaskScheduleDefinition | undefined {
  const schedule = config?.getOptionalConfig(key);
  if (!config || !schedule) return undefined;
  const old = deprecated.filter(name => config.has(name));
  if (old.length > 0) {
    throw new InputError(
      `${where}.${key} replaces the deprecated ${old.join(
        ', ',
      )}; set only ${key}`,
    );
  }
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule);
  } catch (error) {
    throw new InputError(
      `${where}.${key} is not a valid task schedule: ${
        (error as Error).message
      }`,
      error,
    );
  }
}
