import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ConventionNameOverrides,
  DEFAULT_CONVENTION,
  ErrorBudgetPolicyStep,
  TelemetryConvention,
  isWindow,
  parseDuration,
  resolveConvention,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { AmplitudeConfig, readAmplitudeConfig } from '../sources/amplitude';
import { SqlEventsConfig, readSqlEventsConfig } from '../sources/sql';
import { HistoryConfig, readHistoryConfig } from './history';
import { readErrorBudgetPolicy } from './errorBudgetPolicy';
import { MaturityConfig, readMaturityConfig } from './maturity';
import { NotificationsConfig, readNotificationsConfig } from './notifications';
import { PermissionsConfig, readPermissionsConfig } from './permissions';
import { PrivacyConfig, readPrivacyConfig } from './privacy';
import { PrometheusLimits, readPrometheusLimits } from './prometheusLimits';
import { ViewCacheConfig, readViewCacheConfig } from './viewCache';
import { ViewRateConfig, readViewRateConfig } from './viewRate';
import {
  RecordingRulesConfig,
  readRecordingRulesConfig,
} from './recordingRules';
import {
  CatalogQueriesConfig,
  InstanceAccessConfig,
  readCatalogQueries,
  readInstanceAccess,
} from './catalogQueries';

/** Authentication of a Prometheus instance. */
export type PrometheusAuth =
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string };

/** One configured Prometheus-compatible server. */
export interface PrometheusInstanceConfig extends InstanceAccessConfig {
  name: string;
  /** Internal address: never shown to people. */
  baseUrl: string;
  /** The address people open (graph links, the sources list); no links without it. */
  externalUrl?: string;
  default: boolean;
  auth?: PrometheusAuth;
  headers: Record<string, string>;
  timeoutMs: number;
  /** The telemetry convention of this instance's series, renames applied. */
  convention: TelemetryConvention;
  /** The renames of `metricNames`/`labelNames`, applied to any convention an entity names. */
  renames?: ConventionNameOverrides;
  /** What this instance may be made to do (`limits`). */
  limits: PrometheusLimits;
  /** What it does with PromQL written in the catalog. */
  catalogQueries: CatalogQueriesConfig;
  /** Whether the views read the suite's recording rules here, and whether its alerts run here. */
  rules: RecordingRulesConfig;
}

/** An SLO applied to annotated services without their own definitions. */
export interface DefaultSloConfig {
  name: string;
  objective: number;
  window: string;
  windowSeconds: number;
}

/** The `metrics` configuration, read once and checked. */
export interface MetricsConfig {
  prometheus: PrometheusInstanceConfig[];
  /** `app.baseUrl`: where the portal is, for links in generated rules; absent when unset. */
  appBaseUrl?: string;
  defaultSlos: DefaultSloConfig[];
  /** `metrics.errorBudgetPolicy.steps`: the policy of SLOs that declare none; absent when unset. */
  errorBudgetPolicy?: ErrorBudgetPolicyStep[];
  amplitude: AmplitudeConfig;
  /** Set when `metrics.sqlEvents` is configured. */
  sqlEvents?: SqlEventsConfig;
  history: HistoryConfig;
  maturity: MaturityConfig;
  notifications: NotificationsConfig;
  permissions: PermissionsConfig;
  privacy: PrivacyConfig;
  viewCache: ViewCacheConfig;
  /** `metrics.limits`: what one requester may ask of the views. */
  limits: ViewRateConfig;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
function readUrl(config: Config, key: string, where: string): string {
  const value = config.getString(key);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(
      `${where}.${key} must be an absolute URL, got "${value}"`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(
      `${where}.${key} must be an http(s) URL, got "${value}"`,
    );
  }
  // externalUrl is shown to people and baseUrl is logged: credentials belong in `auth`.
  if (url.username || url.password) {
    throw new InputError(
      `${where}.${key} must not contain credentials; use ${where}.auth instead`,
    );
  }
  return value.replace(/\/+$/, '');
}

function readAuth(config: Config, where: string): PrometheusAuth | undefined {
  const auth = config.getOptionalConfig('auth');
  if (!auth) return undefined;
  const type = auth.getString('type');
  if (type === 'bearer') return { type, token: auth.getString('token') };
  if (type === 'basic') {
    return {
      type,
      username: auth.getString('username'),
      password: auth.getString('password'),
    };
  }
  throw new InputError(
    `${where}.auth.type must be "bearer" or "basic", got "${type}"`,
  );
}

function readStringMap(
  config: Config,
  key: string,
): Record<string, string> | undefined {
  const map = config.getOptionalConfig(key);
  if (!map) return undefined;
  return Object.fromEntries(map.keys().map(k => [k, map.getString(k)]));
}

/** `convention: istio`, `convention: opentelemetry, service-graph` or a list. */
function readConventionNames(config: Config): string[] {
  if (!config.has('convention')) return [DEFAULT_CONVENTION];
  const value = config.get('convention');
  return typeof value === 'string'
    ? value.split(/[,+]/)
    : config.getStringArray('convention');
}

function readInstance(
  config: Config,
  index: number,
  sharedLimits: PrometheusLimits,
): PrometheusInstanceConfig & { explicitDefault: boolean } {
  const where = `metrics.prometheus.instances[${index}]`;
  const name = config.getString('name');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new InputError(
      `${where}.name "${name}" must hold only letters, digits, ".", "_" and "-"`,
    );
  }
  const baseUrl = readUrl(config, 'baseUrl', where);
  const timeoutMs = config.getOptionalNumber('timeoutMs') ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new InputError(`${where}.timeoutMs must be a positive number`);
  }
  const headersConfig = config.getOptionalConfig('headers');
  const headers: Record<string, string> = {};
  for (const key of headersConfig?.keys() ?? []) {
    headers[key] = headersConfig!.getString(key);
  }
  const metricNames = readStringMap(config, 'metricNames');
  const labelNames = readStringMap(config, 'labelNames');
  const renames: ConventionNameOverrides = {
    ...(metricNames ? { metricNames } : {}),
    ...(labelNames ? { labelNames } : {}),
  };
  let convention: TelemetryConvention;
  try {
    convention = resolveConvention(readConventionNames(config), renames);
  } catch (error) {
    throw new InputError(`${where}: ${(error as Error).message}`);
  }
  return {
    name,
    baseUrl,
    convention,
    renames,
    ...(config.has('externalUrl')
      ? { externalUrl: readUrl(config, 'externalUrl', where) }
      : {}),
    default: config.getOptionalBoolean('default') ?? false,
    explicitDefault: config.has('default'),
    auth: readAuth(config, where),
    headers,
    timeoutMs,
    limits: readPrometheusLimits(config, where, sharedLimits),
    catalogQueries: readCatalogQueries(config, where),
    rules: readRecordingRulesConfig(config, where),
    ...readInstanceAccess(config, where),
  };
}

function readDefaultSlo(config: Config, index: number): DefaultSloConfig {
  const where = `metrics.defaultSlos[${index}]`;
  const objective = config.getNumber('objective');
  if (!(objective > 0 && objective < 100)) {
    throw new InputError(
      `${where}.objective must be a percentage above 0 and below 100, got ${objective}`,
    );
  }
  const window = config.getString('window');
  if (!isWindow(window)) {
    throw new InputError(
      `${where}.window must look like 28d, 7d, 12h or 30m, got "${window}"`,
    );
  }
  return {
    name: config.getString('name'),
    objective,
    window,
    windowSeconds: parseDuration(window, { window: true }),
  };
}

function optionalPolicy(steps: ErrorBudgetPolicyStep[] | undefined) {
  return steps ? { errorBudgetPolicy: steps } : {};
}

/** Reads and checks the `metrics` configuration; throws InputError naming the bad key. */
export function readMetricsConfig(root: Config): MetricsConfig {
  const config = root.getOptionalConfig('metrics');
  const sharedLimits = readPrometheusLimits(
    config?.getOptionalConfig('prometheus'),
    'metrics.prometheus',
  );
  const instances = (
    config?.getOptionalConfigArray('prometheus.instances') ?? []
  ).map((instance, index) => readInstance(instance, index, sharedLimits));

  const names = new Set<string>();
  for (const instance of instances) {
    if (names.has(instance.name)) {
      throw new InputError(
        `metrics.prometheus.instances: the name "${instance.name}" is used twice`,
      );
    }
    names.add(instance.name);
  }
  const defaults = instances.filter(i => i.default);
  if (defaults.length > 1) {
    throw new InputError(
      `metrics.prometheus.instances: only one instance may be default, found ${defaults
        .map(i => `"${i.name}"`)
        .join(', ')}`,
    );
  }
  // A lone instance is the default unless the operator said `default: false`.
  const prometheus = instances.map(({ explicitDefault, ...instance }) =>
    instances.length === 1 && !explicitDefault
      ? { ...instance, default: true }
      : instance,
  );

  const defaultSlos = (config?.getOptionalConfigArray('defaultSlos') ?? []).map(
    readDefaultSlo,
  );
  const maturity = readMaturityConfig(root);
  const appBaseUrl = root.getOptionalString('app.baseUrl');
  return {
    prometheus,
    ...(appBaseUrl ? { appBaseUrl: appBaseUrl.replace(/\/+$/, '') } : {}),
    defaultSlos,
    ...optionalPolicy(readErrorBudgetPolicy(root)),
    amplitude: readAmplitudeConfig(root),
    ...(config?.has('sqlEvents')
      ? { sqlEvents: readSqlEventsConfig(root) }
      : {}),
    history: readHistoryConfig(root),
    maturity,
    notifications: readNotificationsConfig(root),
    permissions: readPermissionsConfig(root),
    // The retention is checked against the views the maturity evidence reads.
    privacy: readPrivacyConfig(root, maturity.thresholds),
    viewCache: readViewCacheConfig(root),
    limits: readViewRateConfig(root),
  };
}
