import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { JsonValue } from '@backstage/types';

export const WEBHOOK_FORMATS = ['slack', 'teams', 'discord'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** One incoming webhook and the teams it serves. */
export interface WebhookDestination {
  name: string;
  /** A credential: never logged nor stored in the outbox. */
  url: string;
  format: WebhookFormat;
  /** Full, lower-case group refs. */
  teams: string[];
  /** Topics delivered; undefined: the suite's topics (`Metrics: …`). */
  topics?: string[];
}

export interface WebhookDelivery {
  maxAttempts: number;
  initialBackoffSeconds: number;
  timeoutMs: number;
  keepDays: number;
}

/** `metrics.notifications.webhooks` and `app.baseUrl`, read once at start-up. */
export interface WebhooksConfig {
  destinations: WebhookDestination[];
  delivery: WebhookDelivery;
  /** `app.baseUrl`: relative notification links are made absolute against it. */
  appBaseUrl?: string;
}

const WHERE = 'metrics.notifications.webhooks';

/** A team ref as the config and the notification recipients are compared. */
export function normalizeTeamRef(ref: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind: 'group', defaultNamespace: 'default' }),
  ).toLocaleLowerCase('en-US');
}

// Read with getOptional and checked here, so every mistake is an InputError naming its key.
function text(value: JsonValue | undefined, key: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(`${key} must be a non-empty string`);
  }
  return value.trim();
}

function texts(value: JsonValue | undefined, key: string): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InputError(`${key} must be a non-empty list of strings`);
  }
  return value.map((item, i) => text(item, `${key}[${i}]`));
}

function webhookUrl(value: JsonValue | undefined, key: string): string {
  const raw = text(value, key);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // The value is a secret: the message names the key only.
    throw new InputError(`${key} must be an absolute http(s) URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(`${key} must be an absolute http(s) URL`);
  }
  return raw;
}

function teamRef(value: string, key: string): string {
  let ref: string;
  try {
    ref = normalizeTeamRef(value);
  } catch {
    throw new InputError(`${key} must be a group entity ref, got "${value}"`);
  }
  if (!ref.startsWith('group:')) {
    throw new InputError(`${key} must be a group entity ref, got "${value}"`);
  }
  return ref;
}

function readDestination(config: Config, key: string): WebhookDestination {
  const name = text(config.getOptional('name'), `${key}.name`);
  const url = webhookUrl(config.getOptional('url'), `${key}.url`);
  const format = config.getOptional('format');
  if (!WEBHOOK_FORMATS.includes(format as WebhookFormat)) {
    throw new InputError(
      `${key}.format must be one of ${WEBHOOK_FORMATS.join(
        ', ',
      )}, got ${JSON.stringify(format ?? null)}`,
    );
  }
  const teams = texts(config.getOptional('teams'), `${key}.teams`).map(
    (team, i) => teamRef(team, `${key}.teams[${i}]`),
  );
  const topics = config.has('topics')
    ? texts(config.getOptional('topics'), `${key}.topics`)
    : undefined;
  return {
    name,
    url,
    format: format as WebhookFormat,
    teams: [...new Set(teams)],
    ...(topics && { topics }),
  };
}

function positive(
  config: Config | undefined,
  key: string,
  fallback: number,
  options: { integer?: boolean } = {},
): number {
  const value = config?.getOptional(key) ?? fallback;
  const bad =
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value <= 0 ||
    (options.integer && !Number.isInteger(value));
  if (bad) {
    throw new InputError(
      `${WHERE}.delivery.${key} must be a positive ${
        options.integer ? 'whole number' : 'number'
      }, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

export function readWebhooksConfig(root: Config): WebhooksConfig {
  const config = root.getOptionalConfig(WHERE);
  const destinations = (
    config?.getOptionalConfigArray('destinations') ?? []
  ).map((destination, i) =>
    readDestination(destination, `${WHERE}.destinations[${i}]`),
  );
  const seen = new Set<string>();
  destinations.forEach((destination, i) => {
    if (seen.has(destination.name)) {
      throw new InputError(
        `${WHERE}.destinations[${i}].name "${destination.name}" is used twice; names must be unique`,
      );
    }
    seen.add(destination.name);
  });
  const delivery = config?.getOptionalConfig('delivery');
  const appBaseUrl = root.getOptionalString('app.baseUrl');
  return {
    destinations,
    delivery: {
      maxAttempts: positive(delivery, 'maxAttempts', 8, { integer: true }),
      initialBackoffSeconds: positive(delivery, 'initialBackoffSeconds', 30),
      timeoutMs: positive(delivery, 'timeoutMs', 10_000, { integer: true }),
      keepDays: positive(delivery, 'keepDays', 14),
    },
    ...(appBaseUrl && { appBaseUrl }),
  };
}
