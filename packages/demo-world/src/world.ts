/*
 * The demo world: the example services of examples/entities.yaml, who calls
 * them, which third-party integrations they use, and the scripted events.
 *
 * Everything here is data. The traffic model (model.ts) turns it into
 * per-minute counts. Rates are mean requests per second before seasonality.
 */

/** How traffic varies over the day and the week (UTC). */
export type DayProfile = 'consumer' | 'business' | 'flat';

/** Latency distribution name (see LATENCY_PROFILES). */
export type LatencyProfile = 'fast' | 'medium' | 'slow' | 'degraded';

/** Error classes of failed integration calls. '' means "no class" (counted as unknown). */
export type ErrorClass =
  | 'timeout'
  | 'rate_limited'
  | 'auth_expired'
  | 'bad_request'
  | 'unknown'
  | '';

export const ERROR_CLASSES: ErrorClass[] = [
  'timeout',
  'rate_limited',
  'auth_expired',
  'bad_request',
  'unknown',
  '',
];

export interface CallerSpec {
  /**
   * The caller's id: the `caller` label (metrics-suite), `client`
   * (service graph), `source_canonical_service`/`source_workload` (Istio),
   * `deployment` of the outbound metrics (Linkerd). A catalog entity's
   * caller-id or one of EXTERNAL_CALLERS.
   */
  caller: string;
  /** Share of the service's traffic (weights are normalised per service). */
  weight: number;
  /** Overrides the service's day profile for this caller's traffic. */
  profile?: DayProfile;
  /** Multiplies the service's client error (4xx) ratio for this caller. */
  clientErrorMultiplier?: number;
  /** Overrides the service's latency for this caller's traffic (convention histograms only). */
  latency?: LatencyProfile;
  /** Istio: false for a workload without a sidecar (reported as `unknown`, only by the destination). */
  sidecar?: boolean;
}

export interface IntegrationSpec {
  /** Value of the `integration` label. */
  name: string;
  /** Description of the partner, for the README and the UI. */
  description: string;
  /** Mean calls per second before seasonality. */
  rps: number;
  profile: DayProfile;
  /** Mean share of calls that fail. */
  failureRatio: number;
  /** Weights of the error classes among failures ('' = failure without class). */
  classes: Partial<Record<ErrorClass, number>>;
}

/**
 * Telemetry conventions the example services follow (the value of the
 * `metrics-suite/convention` annotation is the list joined by ", ";
 * no annotation = `metrics-suite`).
 *
 * - `metrics-suite`: the suite's own `http_server_requests_total{service,caller,code}`, …
 * - `opentelemetry`: OpenTelemetry HTTP server semantic conventions as the
 *   Collector's Prometheus exporter writes them (resource attributes promoted).
 * - `service-graph`: the Collector's servicegraph connector / Tempo's service graphs.
 * - `istio`: Istio's standard metrics (both reporters).
 * - `linkerd`: Linkerd's proxy metrics (inbound and outbound).
 */
export type Convention =
  | 'metrics-suite'
  | 'opentelemetry'
  | 'service-graph'
  | 'istio'
  | 'linkerd';

export const CONVENTIONS: Convention[] = [
  'metrics-suite',
  'opentelemetry',
  'service-graph',
  'istio',
  'linkerd',
];

export interface ServiceSpec {
  /** Catalog entity name (component:default/<entity>). */
  entity: string;
  /** metrics-suite/prometheus-service; null = not annotated. */
  service: string | null;
  /** metrics-suite/caller-id (defaults to the service value). */
  callerId: string;
  owner: string;
  /** 'normal' services have traffic; 'none' is annotated but has no series at all. */
  traffic: 'normal' | 'low' | 'none';
  /** Mean requests per second before seasonality. */
  rps: number;
  profile: DayProfile;
  latency: LatencyProfile;
  /** Mean share of requests answered with 4xx / 5xx. */
  clientErrorRatio: number;
  serverErrorRatio: number;
  /** Status codes and their weights within each class. */
  okCodes: Record<string, number>;
  clientCodes: Record<string, number>;
  serverCodes: Record<string, number>;
  callers: CallerSpec[];
  integrations: IntegrationSpec[];
  /** The conventions its series follow; default ['metrics-suite']. */
  conventions?: Convention[];
  /** Latency of 5xx answers (convention histograms, which carry the status code); default: `latency`. */
  serverErrorLatency?: LatencyProfile;
  /** OpenTelemetry: `http_request_method` and `http_route` of its one route. */
  route?: { method: string; route: string };
  /** Istio / Linkerd: the Kubernetes namespace of the service and its meshed callers. */
  namespace?: string;
}

/** The conventions of a service (default: the suite's own). */
export function conventionsOf(spec: ServiceSpec): Convention[] {
  return spec.conventions ?? ['metrics-suite'];
}

/** The `metrics-suite/convention` annotation value of a service ("metrics-suite" when not annotated). */
export function conventionAnnotation(spec: ServiceSpec): string {
  return conventionsOf(spec).join(', ');
}

/** Histogram buckets (upper bounds, seconds) of http_server_request_duration_seconds. */
export const LATENCY_BUCKETS = [
  0.005, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10,
] as const;

/**
 * Share of requests per latency interval: (0, 0.005], (0.005, 0.025], …,
 * (2.5, 10], (10, +Inf). Hard-coded (rather than computed from a
 * distribution) so the numbers are identical on every platform.
 */
export const LATENCY_PROFILES: Record<LatencyProfile, number[]> = {
  fast: [0.12, 0.45, 0.22, 0.12, 0.06, 0.02, 0.007, 0.002, 0.0009, 0.0001],
  medium: [0.01, 0.08, 0.16, 0.32, 0.27, 0.1, 0.04, 0.015, 0.0045, 0.0005],
  slow: [0.0, 0.01, 0.03, 0.08, 0.25, 0.33, 0.2, 0.08, 0.018, 0.002],
  degraded: [0.0, 0.005, 0.01, 0.03, 0.08, 0.12, 0.18, 0.27, 0.25, 0.055],
};

/**
 * Bucket upper bounds (without +Inf) of the other conventions' histograms,
 * in the unit of each histogram (see CONVENTION_HISTOGRAMS).
 */
export const OTEL_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
] as const;
export const SERVICE_GRAPH_BUCKETS = [
  0.002, 0.004, 0.006, 0.008, 0.01, 0.05, 0.1, 0.2, 0.4, 0.8, 1, 1.4, 2, 5, 10,
  15,
] as const;
export const ISTIO_DURATION_BUCKETS_MS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000,
  300000, 600000, 1800000, 3600000,
] as const;
export const LINKERD_LATENCY_BUCKETS_MS = [
  1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 100, 200, 300, 400, 500, 1000, 2000, 3000,
  4000, 5000, 10000, 20000, 30000, 40000, 50000,
] as const;

/**
 * For the convention histograms, a latency profile is read as a CDF:
 * LATENCY_PROFILES' cumulative shares at the LATENCY_BUCKETS bounds,
 * linear in between, reaching 1 at this many milliseconds.
 */
export const LATENCY_CDF_END_MS = 30000;

/** Representative latency (milliseconds) of each interval, used for `_sum`. */
export const LATENCY_REPRESENTATIVE_MS = [
  3, 15, 37, 75, 175, 375, 750, 1750, 5000, 15000,
];

/**
 * Relative traffic per UTC hour (0..23); linear interpolation in between.
 * Plain tables rather than trigonometry, so results are bit-identical everywhere.
 */
export const HOURLY: Record<DayProfile, number[]> = {
  consumer: [
    0.35, 0.28, 0.24, 0.22, 0.24, 0.32, 0.5, 0.75, 1.0, 1.15, 1.22, 1.25, 1.28,
    1.3, 1.3, 1.32, 1.38, 1.45, 1.5, 1.45, 1.3, 1.05, 0.78, 0.52,
  ],
  business: [
    0.1, 0.08, 0.08, 0.08, 0.1, 0.2, 0.5, 1.1, 1.7, 2.0, 2.0, 1.9, 1.6, 1.9,
    2.0, 1.9, 1.6, 1.2, 0.7, 0.4, 0.25, 0.18, 0.14, 0.12,
  ],
  flat: Array.from({ length: 24 }, () => 1),
};

/** Relative traffic per UTC weekday, Sunday first. */
export const WEEKLY: Record<DayProfile, number[]> = {
  consumer: [0.8, 1.0, 1.0, 1.0, 1.02, 1.08, 0.9],
  business: [0.25, 1.1, 1.15, 1.15, 1.1, 1.0, 0.3],
  flat: [1, 1, 1, 1, 1, 1, 1],
};

const ridelyClasses = {
  timeout: 0.45,
  rate_limited: 0.2,
  bad_request: 0.1,
  unknown: 0.15,
  '': 0.1,
};

const code = (w: Record<string, number>) => w;

/**
 * The example services (examples/entities.yaml). Order matters for the
 * generated series order only.
 */
export const SERVICES: ServiceSpec[] = [
  {
    entity: 'api-gateway',
    service: 'api-gateway',
    callerId: 'gateway',
    owner: 'core-api-squad',
    traffic: 'normal',
    rps: 320,
    profile: 'consumer',
    latency: 'fast',
    clientErrorRatio: 0.02,
    serverErrorRatio: 0.0008,
    okCodes: code({ '200': 1 }),
    clientCodes: code({ '401': 0.3, '404': 0.7 }),
    serverCodes: code({ '500': 0.3, '502': 0.4, '503': 0.3 }),
    callers: [
      { caller: 'web-bff', weight: 0.55 },
      { caller: 'mobile-app', weight: 0.35 },
      { caller: 'partner-portal', weight: 0.07, profile: 'business' },
      { caller: 'unknown', weight: 0.03, clientErrorMultiplier: 6 },
    ],
    integrations: [],
  },
  {
    entity: 'customer-api',
    service: 'customer-api',
    callerId: 'customer-api',
    owner: 'core-api-squad',
    traffic: 'normal',
    rps: 520,
    profile: 'consumer',
    latency: 'fast',
    clientErrorRatio: 0.01,
    serverErrorRatio: 0.0005,
    okCodes: code({ '200': 1 }),
    clientCodes: code({ '404': 0.6, '429': 0.4 }),
    serverCodes: code({ '500': 0.7, '503': 0.3 }),
    callers: [
      { caller: 'gateway', weight: 0.3 },
      { caller: 'trip-planner', weight: 0.12 },
      { caller: 'checkout-service', weight: 0.1 },
      { caller: 'mobile-app', weight: 0.12 },
      { caller: 'payment-gateway', weight: 0.06 },
      { caller: 'notification-service', weight: 0.05 },
      { caller: 'partner-portal', weight: 0.04, profile: 'business' },
      { caller: 'referral-service', weight: 0.03 },
      { caller: 'invoice-service', weight: 0.002, profile: 'business' },
      { caller: 'unknown', weight: 0.02, clientErrorMultiplier: 5 },
    ],
    integrations: [],
  },
  {
    entity: 'auth-service',
    service: 'auth-service',
    callerId: 'auth-service',
    owner: 'identity-squad',
    traffic: 'normal',
    rps: 45,
    profile: 'consumer',
    latency: 'medium',
    clientErrorRatio: 0.03,
    serverErrorRatio: 0.001,
    okCodes: code({ '200': 1 }),
    clientCodes: code({ '401': 1 }),
    serverCodes: code({ '500': 0.6, '503': 0.4 }),
    callers: [
      { caller: 'gateway', weight: 0.6 },
      { caller: 'web-bff', weight: 0.25 },
      { caller: 'mobile-app', weight: 0.15 },
    ],
    integrations: [
      {
        name: 'google',
        description: 'Google social login (OAuth)',
        rps: 9,
        profile: 'consumer',
        failureRatio: 0.004,
        classes: {
          timeout: 0.2,
          rate_limited: 0.1,
          auth_expired: 0.3,
          bad_request: 0.2,
          unknown: 0.1,
          '': 0.1,
        },
      },
      {
        name: 'linkedin',
        description: 'LinkedIn professional-network login (OAuth)',
        rps: 2,
        profile: 'business',
        failureRatio: 0.03,
        classes: {
          auth_expired: 0.6,
          rate_limited: 0.15,
          bad_request: 0.1,
          unknown: 0.05,
          '': 0.1,
        },
      },
    ],
  },
  {
    entity: 'user-profile-service',
    service: 'user-profile-service',
    callerId: 'profiles',
    owner: 'identity-squad',
    traffic: 'normal',
    rps: 18,
    profile: 'consumer',
    latency: 'medium',
    clientErrorRatio: 0.015,
    serverErrorRatio: 0.0005,
    okCodes: code({ '200': 1 }),
    clientCodes: code({ '404': 1 }),
    serverCodes: code({ '500': 1 }),
    callers: [
      { caller: 'auth-service', weight: 0.4 },
      { caller: 'customer-api', weight: 0.6 },
    ],
    integrations: [
      {
        name: 'linkedin',
        description: 'LinkedIn work-history import',
        rps: 0.6,
        profile: 'business',
        failureRatio: 0.025,
        classes: {
          auth_expired: 0.5,
          rate_limited: 0.3,
          unknown: 0.1,
          '': 0.1,
        },
      },
    ],
  },
  {
    entity: 'notification-service',
    service: 'notification-service',
    callerId: 'notification-service',
    owner: 'core-api-squad',
    traffic: 'normal',
    rps: 4,
    profile: 'consumer',
    latency: 'medium',
    clientErrorRatio: 0.01,
    serverErrorRatio: 0.003,
    okCodes: code({ '200': 1 }),
    clientCodes: code({ '400': 1 }),
    serverCodes: code({ '500': 1 }),
    callers: [
      { caller: 'checkout-service', weight: 0.5 },
      { caller: 'profiles', weight: 0.25 },
      { caller: 'referral-service', weight: 0.2 },
      { caller: 'invoice-service', weight: 0.05, profile: 'business' },
    ],
    integrations: [
      {
        name: 'twilio',
        description: 'SMS provider',
        rps: 1.5,
        profile: 'consumer',
        failureRatio: 0.012,
        classes: { timeout: 0.3, bad_request: 0.5, unknown: 0.1, '': 0.1 },
      },
    ],
  },
  {
    entity: 'trip-planner',
    service: 'trip-planner',
    callerId: 'trip-planner',
    owner: 'mobility-squad',
    traffic: 'normal',
    rps: 16,
    profile: 'consumer',
    latency: 'medium',
    clientErrorRatio: 0.01,
    serverErrorRatio: 0.004,
    okCodes: code({ '200': 1 }),
    clientCodes: code({ '404': 1 }),
    serverCodes: code({ '500': 0.5, '503': 0.5 }),
    callers: [
      { caller: 'gateway', weight: 0.85 },
      { caller: 'partner-sync', weight: 0.15, profile: 'flat' },
    ],
    integrations: [
      {
        name: 'ridely',
        description: 'Ridely, the ride-sharing partner (flaky)',
        rps: 5,
        profile: 'consumer',
        failureRatio: 0.05,
        classes: ridelyClasses,
      },
    ],
  },
  {
    entity: 'pricing-service',
    service: 'pricing-service',
    callerId: 'pricing-service',
    owner: 'mobility-squad',
    traffic: 'normal',
    rps: 30,
    profile: 'consumer',
    latency: 'fast',
    clientErrorRatio: 0.005,
    serverErrorRatio: 0.0002,
    okCodes: code({ '200': 1 }),
    clientCodes: code({ '400': 1 }),
    serverCodes: code({ '500': 1 }),
    callers: [
      { caller: 'trip-planner', weight: 0.7 },
      { caller: 'checkout-service', weight: 0.3 },
    ],
    integrations: [],
  },
  {
    entity: 'partner-sync',
    service: 'partner-sync',
    callerId: 'partner-sync',
    owner: 'mobility-squad',
    traffic: 'normal',
    rps: 0.2,
    profile: 'flat',
    latency: 'slow',
    clientErrorRatio: 0,
    serverErrorRatio: 0.005,
    okCodes: code({ '200': 1 }),
    clientCodes: code({}),
    serverCodes: code({ '500': 1 }),
    callers: [{ caller: 'scheduler', weight: 1 }],
    integrations: [
      {
        name: 'ridely',
        description: 'Ridely vehicle-availability sync',
        rps: 0.5,
        profile: 'flat',
        failureRatio: 0.04,
        classes: { timeout: 0.5, rate_limited: 0.3, unknown: 0.1, '': 0.1 },
      },
    ],
  },
  {
    entity: 'checkout-service',
    service: 'checkout-service',
    callerId: 'checkout-service',
    owner: 'checkout-squad',
    traffic: 'normal',
    rps: 9,
    profile: 'consumer',
    latency: 'medium',
    clientErrorRatio: 0.02,
    serverErrorRatio: 0.0003,
    okCodes: code({ '200': 1 }),
    clientCodes: code({ '400': 1 }),
    serverCodes: code({ '500': 0.6, '503': 0.4 }),
    callers: [
      { caller: 'web-bff', weight: 0.6 },
      { caller: 'mobile-app', weight: 0.35 },
      { caller: 'gateway', weight: 0.05 },
    ],
    integrations: [],
  },
  {
    entity: 'payment-gateway',
    service: 'payment-gateway',
    callerId: 'payment-gateway',
    owner: 'payments-squad',
    traffic: 'normal',
    rps: 6,
    profile: 'consumer',
    latency: 'slow',
    clientErrorRatio: 0.03,
    serverErrorRatio: 0.0008,
    okCodes: code({ '200': 1 }),
    clientCodes: code({ '402': 1 }),
    serverCodes: code({ '500': 1 }),
    callers: [
      { caller: 'checkout-service', weight: 0.93 },
      { caller: 'invoice-service', weight: 0.07, profile: 'business' },
    ],
    integrations: [
      {
        name: 'stripe',
        description: 'Stripe card payments',
        rps: 4,
        profile: 'consumer',
        failureRatio: 0.006,
        classes: {
          timeout: 0.2,
          rate_limited: 0.05,
          bad_request: 0.6,
          unknown: 0.1,
          '': 0.05,
        },
      },
      {
        name: 'adyen',
        description: 'Adyen card payments',
        rps: 1.8,
        profile: 'consumer',
        failureRatio: 0.012,
        classes: {
          timeout: 0.35,
          bad_request: 0.4,
          auth_expired: 0.05,
          unknown: 0.1,
          '': 0.1,
        },
      },
    ],
  },
  {
    entity: 'invoice-service',
    service: 'invoice-service',
    callerId: 'invoice-service',
    owner: 'payments-squad',
    traffic: 'low',
    rps: 0.004,
    profile: 'business',
    latency: 'slow',
    clientErrorRatio: 0,
    serverErrorRatio: 0.01,
    okCodes: code({ '200': 1 }),
    clientCodes: code({}),
    serverCodes: code({ '500': 1 }),
    callers: [
      { caller: 'checkout-service', weight: 0.8 },
      { caller: 'partner-portal', weight: 0.2 },
    ],
    integrations: [],
  },
  {
    entity: 'web-frontend',
    service: 'web-frontend',
    callerId: 'web-bff',
    owner: 'growth-squad',
    traffic: 'normal',
    rps: 140,
    profile: 'consumer',
    latency: 'fast',
    clientErrorRatio: 0.015,
    serverErrorRatio: 0.001,
    okCodes: code({ '200': 0.8, '304': 0.2 }),
    clientCodes: code({ '404': 1 }),
    serverCodes: code({ '500': 1 }),
    callers: [{ caller: 'browser', weight: 1 }],
    integrations: [],
  },
  {
    entity: 'experiments-service',
    service: 'experiments-service',
    callerId: 'experiments-service',
    owner: 'growth-squad',
    traffic: 'none',
    rps: 0,
    profile: 'flat',
    latency: 'fast',
    clientErrorRatio: 0,
    serverErrorRatio: 0,
    okCodes: {},
    clientCodes: {},
    serverCodes: {},
    callers: [],
    integrations: [],
  },
  {
    entity: 'referral-service',
    service: null,
    callerId: 'referral-service',
    owner: 'growth-squad',
    traffic: 'none',
    rps: 0,
    profile: 'flat',
    latency: 'fast',
    clientErrorRatio: 0,
    serverErrorRatio: 0,
    okCodes: {},
    clientCodes: {},
    serverCodes: {},
    callers: [],
    integrations: [],
  },
  {
    entity: 'search-service',
    service: 'search-service',
    callerId: 'search-service',
    owner: 'growth-squad',
    traffic: 'normal',
    rps: 60,
    profile: 'consumer',
    latency: 'fast',
    serverErrorLatency: 'slow',
    clientErrorRatio: 0.03,
    serverErrorRatio: 0.0006,
    okCodes: code({ '200': 1 }),
    clientCodes: code({ '404': 1 }),
    serverCodes: code({ '500': 0.6, '503': 0.4 }),
    // Its series carry no caller: these only shape its traffic.
    callers: [
      { caller: 'web-bff', weight: 0.6 },
      { caller: 'mobile-app', weight: 0.35 },
      { caller: 'gateway', weight: 0.05 },
    ],
    integrations: [],
    conventions: ['opentelemetry'],
    route: { method: 'GET', route: '/search' },
  },
  {
    entity: 'booking-service',
    service: 'booking-service',
    callerId: 'booking-service',
    owner: 'checkout-squad',
    traffic: 'normal',
    rps: 12,
    profile: 'consumer',
    latency: 'medium',
    serverErrorLatency: 'degraded',
    clientErrorRatio: 0.02,
    serverErrorRatio: 0.0015,
    okCodes: code({ '200': 1 }),
    clientCodes: code({ '404': 1 }),
    serverCodes: code({ '500': 0.5, '503': 0.5 }),
    callers: [
      { caller: 'checkout-service', weight: 0.5 },
      { caller: 'trip-planner', weight: 0.35, latency: 'slow' },
      { caller: 'gateway', weight: 0.15, clientErrorMultiplier: 3 },
    ],
    integrations: [],
    conventions: ['opentelemetry', 'service-graph'],
    route: { method: 'POST', route: '/bookings' },
  },
  {
    entity: 'loyalty-service',
    service: 'loyalty-service',
    callerId: 'loyalty-service',
    owner: 'growth-squad',
    traffic: 'normal',
    rps: 3,
    profile: 'consumer',
    latency: 'medium',
    serverErrorLatency: 'slow',
    clientErrorRatio: 0.01,
    serverErrorRatio: 0.002,
    okCodes: code({ '200': 1 }),
    clientCodes: code({ '404': 1 }),
    serverCodes: code({ '500': 0.7, '503': 0.3 }),
    callers: [
      { caller: 'checkout-service', weight: 0.7 },
      { caller: 'web-bff', weight: 0.3, latency: 'fast' },
    ],
    integrations: [],
    conventions: ['service-graph'],
  },
  {
    entity: 'fleet-service',
    service: 'fleet-service',
    callerId: 'fleet-service',
    owner: 'mobility-squad',
    traffic: 'normal',
    rps: 8,
    profile: 'consumer',
    latency: 'fast',
    serverErrorLatency: 'slow',
    clientErrorRatio: 0.015,
    serverErrorRatio: 0.001,
    okCodes: code({ '200': 1 }),
    clientCodes: code({ '404': 1 }),
    serverCodes: code({ '500': 0.3, '503': 0.7 }),
    callers: [
      { caller: 'trip-planner', weight: 0.6 },
      { caller: 'pricing-service', weight: 0.3 },
      // A workload without a sidecar: Istio reports it as "unknown", from the destination only.
      {
        caller: 'unknown',
        weight: 0.1,
        sidecar: false,
        latency: 'medium',
        clientErrorMultiplier: 4,
      },
    ],
    integrations: [],
    conventions: ['istio'],
    namespace: 'travel',
  },
  {
    entity: 'ticketing-service',
    service: 'ticketing-service',
    callerId: 'ticketing-service',
    owner: 'mobility-squad',
    traffic: 'normal',
    rps: 5,
    profile: 'consumer',
    latency: 'medium',
    serverErrorLatency: 'degraded',
    clientErrorRatio: 0.01,
    serverErrorRatio: 0.003,
    okCodes: code({ '200': 1 }),
    clientCodes: code({ '404': 1 }),
    serverCodes: code({ '500': 0.4, '503': 0.6 }),
    callers: [
      { caller: 'checkout-service', weight: 0.6 },
      { caller: 'trip-planner', weight: 0.4, latency: 'slow' },
    ],
    integrations: [],
    conventions: ['linkerd'],
    namespace: 'travel',
  },
];

/** Callers that are not catalog entities. */
export const EXTERNAL_CALLERS = [
  'mobile-app',
  'partner-portal',
  'browser',
  'scheduler',
  'unknown',
];

const MIN = 60;
const HOUR = 3600;
const DAY = 86400;

/**
 * Scripted events. Times are seconds relative to T0 (the end of the
 * generated history); `from` is inclusive, `to` exclusive, applied to whole
 * minutes (a minute belongs to an event when its start is inside).
 */
export type WorldEvent =
  | {
      id: string;
      kind: 'integration-outage';
      description: string;
      services: string[];
      integration: string;
      from: number;
      to: number;
      failureRatio: number;
      classes: Partial<Record<ErrorClass, number>>;
      /** Server-error ratio of the affected services while it lasts (if higher). */
      serverErrorRatio: number;
      latency: LatencyProfile;
    }
  | {
      id: string;
      kind: 'caller-spike';
      description: string;
      service: string;
      caller: string;
      from: number;
      to: number;
      rateMultiplier: number;
      clientErrorRatio: number;
      clientCodes: Record<string, number>;
    }
  | {
      id: string;
      kind: 'error-burst';
      description: string;
      service: string;
      from: number;
      to: number;
      serverErrorRatio: number;
      serverCodes: Record<string, number>;
      latency: LatencyProfile;
    }
  | {
      id: string;
      kind: 'restart';
      description: string;
      service: string;
      /** Counters restart from zero right after the sample at this time. */
      at: number;
      /** No traffic at all for this long after the restart. */
      downtimeSeconds: number;
    };

export const EVENTS: WorldEvent[] = [
  {
    id: 'ridely-outage',
    kind: 'integration-outage',
    description:
      'Ridely (ride-sharing partner) outage: 93% of calls fail, mostly timeouts; trip-planner answers some requests with 5xx',
    services: ['trip-planner', 'partner-sync'],
    integration: 'ridely',
    from: -(4 * DAY + 20 * HOUR),
    to: -(4 * DAY + 15 * HOUR + 30 * MIN),
    failureRatio: 0.93,
    classes: { timeout: 0.82, unknown: 0.08, '': 0.1 },
    serverErrorRatio: 0.04,
    latency: 'degraded',
  },
  {
    id: 'partner-portal-spike',
    kind: 'caller-spike',
    description:
      'partner-portal traffic to customer-api jumps to 14x its mean rate (a partner batch job), whatever the time of day; a quarter of it is rate limited (429)',
    service: 'customer-api',
    caller: 'partner-portal',
    from: -20 * HOUR,
    to: -16 * HOUR,
    rateMultiplier: 14,
    clientErrorRatio: 0.25,
    clientCodes: { '429': 0.95, '404': 0.05 },
  },
  {
    id: 'checkout-burn',
    kind: 'error-burst',
    description:
      'checkout-service answers 3% of requests with 5xx from T0-1h (30x burn rate against 99.9%); it lasts until T0+3h, so the live exporter keeps burning',
    service: 'checkout-service',
    from: -1 * HOUR,
    to: 3 * HOUR,
    serverErrorRatio: 0.03,
    serverCodes: { '500': 0.3, '503': 0.7 },
    latency: 'degraded',
  },
  {
    id: 'payment-gateway-restart',
    kind: 'restart',
    description:
      'payment-gateway restarts (a deploy): every payment-gateway counter resets to 0, with 5 minutes without traffic',
    service: 'payment-gateway',
    at: -36 * HOUR,
    downtimeSeconds: 5 * MIN,
  },
];

export const WINDOWS = {
  '1h': HOUR,
  '1d': DAY,
  '7d': 7 * DAY,
  '28d': 28 * DAY,
} as const;

export type WindowName = keyof typeof WINDOWS;
export const WINDOW_NAMES = Object.keys(WINDOWS) as WindowName[];

/** SLO targets (percent) the ground truth is computed for. */
export const SLO_TARGETS = [99, 99.5, 99.9] as const;
