import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { IANAZone } from 'luxon';

/** How a project retries when Amplitude answers 429 (rate limited). */
export interface AmplitudeRetryConfig {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  /** Upper bound on the total time spent waiting between attempts of one request. */
  maxWaitMs: number;
  /** First backoff delay when Amplitude sends no `Retry-After`; doubles per retry. */
  initialDelayMs: number;
  /** Cap on a single backoff delay when Amplitude sends no `Retry-After`. */
  maxDelayMs: number;
}

/** One configured Amplitude project (Dashboard REST API credentials). */
export interface AmplitudeProjectConfig {
  /** Referenced by the `metrics-suite/amplitude-project` annotation. */
  name: string;
  apiKey: string;
  secretKey: string;
  /** Without `/api/2`, e.g. `https://amplitude.com` or `https://analytics.eu.amplitude.com`. */
  baseUrl: string;
  /** IANA time zone of the Amplitude project; `start`/`end` dates are computed in it. */
  timeZone: string;
  timeoutMs: number;
  /** Requests in flight at once for this project (Amplitude allows 5). */
  maxConcurrency: number;
  retry: AmplitudeRetryConfig;
}

/** The `metrics.amplitude` configuration, read once and checked. */
export interface AmplitudeConfig {
  projects: AmplitudeProjectConfig[];
}

export const AMPLITUDE_DEFAULT_BASE_URL = 'https://amplitude.com';
export const AMPLITUDE_EU_BASE_URL = 'https://analytics.eu.amplitude.com';
export const AMPLITUDE_DEFAULT_TIMEOUT_MS = 30_000;
/** Amplitude's documented limit: 5 concurrent requests per project across its REST APIs. */
export const AMPLITUDE_MAX_CONCURRENCY = 5;
export const AMPLITUDE_DEFAULT_RETRY: Readonly<AmplitudeRetryConfig> = {
  maxRetries: 3,
  maxWaitMs: 20_000,
  initialDelayMs: 1_000,
  maxDelayMs: 8_000,
};
const MAX_RETRIES_LIMIT = 10;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function readBaseUrl(config: Config, where: string): string {
  const value = config.getOptionalString('baseUrl');
  if (value === undefined) return AMPLITUDE_DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(
      `${where}.baseUrl must be an absolute URL, got "${value}"`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(
      `${where}.baseUrl must be an http(s) URL, got "${value}"`,
    );
  }
  if (url.username || url.password) {
    throw new InputError(
      `${where}.baseUrl must not contain credentials; use ${where}.apiKey and ${where}.secretKey instead`,
    );
  }
  if (url.search || url.hash) {
    throw new InputError(
      `${where}.baseUrl must not have a query or fragment, got "${value}"`,
    );
  }
  // The client appends `/api/2/...`; accept a base URL that already ends with it.
  return value.replace(/\/+$/, '').replace(/\/api\/2$/, '');
}

function readSecret(config: Config, key: string, where: string): string {
  const value = config.getString(key);
  if (value.trim() === '') {
    throw new InputError(`${where}.${key} must not be empty`);
  }
  if (/[\r\n]/.test(value)) {
    throw new InputError(`${where}.${key} must be a single line`);
  }
  return value;
}

/**
 * Reads an optional number. Without `min` it must be above 0; with `min` at least `min`.
 */
function readNumber(
  config: Config,
  key: string,
  where: string,
  fallback: number,
  options: { integer?: boolean; min?: number; max?: number } = {},
): number {
  const { integer = false, min, max = Infinity } = options;
  const value = config.getOptionalNumber(key) ?? fallback;
  const tooSmall = min === undefined ? !(value > 0) : value < min;
  if (
    !Number.isFinite(value) ||
    (integer && !Number.isInteger(value)) ||
    tooSmall ||
    value > max
  ) {
    const kind = integer ? 'whole number' : 'number';
    let range: string;
    if (max !== Infinity) range = `a ${kind} from ${min ?? 1} to ${max}`;
    else if (min !== undefined) range = `a ${kind} of at least ${min}`;
    else range = `a positive ${kind}`;
    throw new InputError(`${where}.${key} must be ${range}, got ${value}`);
  }
  return value;
}

function readTimeZone(config: Config, where: string): string {
  const value = config.getOptionalString('timeZone') ?? 'UTC';
  if (!IANAZone.isValidZone(value)) {
    throw new InputError(
      `${where}.timeZone must be an IANA time zone such as "UTC" or "Europe/Berlin", got "${value}"`,
    );
  }
  return value;
}

function readRetry(config: Config, where: string): AmplitudeRetryConfig {
  const retry = config.getOptionalConfig('retry');
  if (!retry) return { ...AMPLITUDE_DEFAULT_RETRY };
  const at = `${where}.retry`;
  const d = AMPLITUDE_DEFAULT_RETRY;
  const maxRetries = readNumber(retry, 'maxRetries', at, d.maxRetries, {
    integer: true,
    min: 0,
    max: MAX_RETRIES_LIMIT,
  });
  const maxWaitMs = readNumber(retry, 'maxWaitMs', at, d.maxWaitMs, {
    min: 0,
  });
  const initialDelayMs = readNumber(
    retry,
    'initialDelayMs',
    at,
    d.initialDelayMs,
  );
  const maxDelayMs = readNumber(retry, 'maxDelayMs', at, d.maxDelayMs);
  if (maxDelayMs < initialDelayMs) {
    throw new InputError(
      `${at}.maxDelayMs (${maxDelayMs}) must not be below ${at}.initialDelayMs (${initialDelayMs})`,
    );
  }
  return { maxRetries, maxWaitMs, initialDelayMs, maxDelayMs };
}

function readProject(config: Config, index: number): AmplitudeProjectConfig {
  const where = `metrics.amplitude.projects[${index}]`;
  const name = config.getString('name');
  if (!NAME.test(name)) {
    throw new InputError(
      `${where}.name "${name}" must hold only letters, digits, ".", "_" and "-"`,
    );
  }
  return {
    name,
    apiKey: readSecret(config, 'apiKey', where),
    secretKey: readSecret(config, 'secretKey', where),
    baseUrl: readBaseUrl(config, where),
    timeZone: readTimeZone(config, where),
    timeoutMs: readNumber(
      config,
      'timeoutMs',
      where,
      AMPLITUDE_DEFAULT_TIMEOUT_MS,
    ),
    maxConcurrency: readNumber(
      config,
      'maxConcurrency',
      where,
      AMPLITUDE_MAX_CONCURRENCY,
      { integer: true, min: 1, max: AMPLITUDE_MAX_CONCURRENCY },
    ),
    retry: readRetry(config, where),
  };
}

/**
 * Reads and checks `metrics.amplitude`; throws InputError naming the bad key.
 * Without the section there are no projects.
 */
export function readAmplitudeConfig(root: Config): AmplitudeConfig {
  const projects = (
    root.getOptionalConfigArray('metrics.amplitude.projects') ?? []
  ).map(readProject);
  const names = new Set<string>();
  for (const project of projects) {
    if (names.has(project.name)) {
      throw new InputError(
        `metrics.amplitude.projects: the name "${project.name}" is used twice`,
      );
    }
    names.add(project.name);
  }
  return { projects };
}
