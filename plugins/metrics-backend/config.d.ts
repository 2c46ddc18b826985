import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration of the metrics suite's backend. */
  metrics?: {
    /** Prometheus-compatible servers (Prometheus, Thanos, Mimir, Cortex). */
    prometheus?: {
      instances: Array<{
        /** Referenced by the `metrics-suite/prometheus-instance` annotation. */
        name: string;
        /** Base URL of the HTTP API, without `/api/v1`, e.g. `http://prometheus:9090`. */
        baseUrl: string;
        /** The instance used by entities that name none. At most one may be default; a lone instance is the default unless this says `false`. */
        default?: boolean;
        /**
         * URL that people open for this instance: graph links and the sources list. Without
         * it no links are made and no address is shown (`baseUrl` is internal).
         */
        externalUrl?: string;
        /** Authentication sent with every request. */
        auth?:
          | {
              type: 'bearer';
              /** @visibility secret */
              token: string;
            }
          | {
              type: 'basic';
              username: string;
              /** @visibility secret */
              password: string;
            };
        /**
         * Extra headers sent with every request, e.g. `X-Scope-OrgID` for Mimir and Cortex.
         * @visibility secret
         */
        headers?: { [name: string]: string };
        /** Per-request timeout in milliseconds; default 30000. */
        timeoutMs?: number;
        /**
         * The telemetry convention of this instance's series: `metrics-suite` (default),
         * `opentelemetry`, `service-graph`, `istio` or `linkerd`, or several combined, e.g.
         * `opentelemetry, service-graph` (callers and the integration counter come from the
         * first that has them). An entity may override it with the
         * `metrics-suite/convention` annotation.
         */
        convention?: string | string[];
        /**
         * Renames of the convention's metric names on this instance, applied wherever the
         * convention uses the name.
         */
        metricNames?: {
          /** The request counter (or the histogram whose `_count` counts requests). */
          requests?: string;
          /** The latency histogram, without `_bucket`/`_count`. */
          requestDuration?: string;
          /** The integration call counter. */
          integrationRequests?: string;
        };
        /** Renames of the convention's label names on this instance. */
        labelNames?: {
          service?: string;
          caller?: string;
          code?: string;
          integration?: string;
          outcome?: string;
          errorClass?: string;
          le?: string;
        };
        /**
         * What this instance does with PromQL written in the catalog (ratio SLOs, custom
         * integration queries, KPI queries); docs/security.md#catalog-promql.
         */
        catalogQueries?: {
          /**
           * `scoped` (default): every selector must match the entity's service
           * (`prometheus-service`) with `=` on a service label of its convention, or carry
           * every matcher of a grant to its owner, and name one metric. `any`: run it as
           * written. `none`: run none; only annotations and conventions. Ranges longer than
           * `limits.maxQueryRange` are refused under every policy.
           */
          policy?: 'any' | 'scoped' | 'none';
          /** Extra label sets an owner's entities may read under `scoped`. */
          grants?: Array<{
            /** Entity ref of the owning group or user, e.g. `group:default/payments`. */
            owner: string;
            /** Equality matchers a selector must all carry, e.g. `{ namespace: payments }`. */
            matchers: { [label: string]: string };
          }>;
        };
        /** The suite's SLO recording and alerting rules on this instance (docs/slo-rules.md). */
        rules?: {
          /**
           * `auto` (default): read the recordings of the SLOs whose rules this instance lists
           * (`/api/v1/rules`, every 5 minutes). `always`: read recordings for every SLO without
           * listing (a server whose rules API is elsewhere); an SLO without recordings is read
           * raw. `never`: raw series only.
           */
          read?: 'auto' | 'always' | 'never';
          /**
           * The generated rules' alerts are deployed on this instance: the suite's own
           * burn-rate notifications skip its SLOs, so nobody is paged twice. Default false.
           */
          alertsDeployed?: boolean;
        };
        /**
         * Only entities owned by one of these (entity refs; `payments` means
         * `group:default/payments`) may use this instance. Others get no instance at all.
         */
        allowedOwners?: string[];
        /** Only entities in these catalog namespaces may use this instance. */
        allowedNamespaces?: string[];
        /** What this instance may be made to do; each key over `metrics.prometheus.limits`. */
        limits?: {
          /** Queries in flight at once on this replica, across users and the collector; default 16. */
          maxConcurrentQueries?: number;
          /** Milliseconds a query waits for a free slot before "Prometheus is busy"; default 10000. */
          queueTimeoutMs?: number;
          /** Queries one service view (or one squad member's own definitions) may send; default 120. */
          queriesPerView?: number;
          /** Queries the collector may send for one entity in one run; default 400. */
          queriesPerCollectorRun?: number;
          /** Longest SLO window a definition may declare, e.g. `90d` (default). */
          maxSloWindow?: string;
          /** Longest range (`[…]`, subquery) catalog PromQL may read, e.g. `90d` (default). */
          maxQueryRange?: string;
          /** An answer larger than this many bytes is cut off and reported; default 8388608 (8 MB). */
          maxResponseBytes?: number;
          /** An answer with more series than this is reported as that item's error; default 10000. */
          maxSeries?: number;
        };
      }>;
      /** Limits of every instance (docs/non-functional.md, "Limits"); an instance may override each. */
      limits?: {
        /** Queries in flight at once on this replica, across users and the collector; default 16. */
        maxConcurrentQueries?: number;
        /** Milliseconds a query waits for a free slot before "Prometheus is busy"; default 10000. */
        queueTimeoutMs?: number;
        /** Queries one service view (or one squad member's own definitions) may send; default 120. */
        queriesPerView?: number;
        /** Queries the collector may send for one entity in one run; default 400. */
        queriesPerCollectorRun?: number;
        /** Longest SLO window a definition may declare, e.g. `90d` (default). */
        maxSloWindow?: string;
        /** Longest range (`[…]`, subquery) catalog PromQL may read, e.g. `90d` (default). */
        maxQueryRange?: string;
        /** An answer larger than this many bytes is cut off and reported; default 8388608 (8 MB). */
        maxResponseBytes?: number;
        /** An answer with more series than this is reported as that item's error; default 10000. */
        maxSeries?: number;
      };
    };
    /** Amplitude projects read through the Dashboard REST API (event segmentation). */
    amplitude?: {
      projects: Array<{
        /** Referenced by the `metrics-suite/amplitude-project` annotation. Unique. */
        name: string;
        /**
         * The project's API key (HTTP basic auth user name).
         * @visibility secret
         */
        apiKey: string;
        /**
         * The project's secret key (HTTP basic auth password).
         * @visibility secret
         */
        secretKey: string;
        /**
         * Base URL without `/api/2`. Default `https://amplitude.com`;
         * EU data residency: `https://analytics.eu.amplitude.com`.
         */
        baseUrl?: string;
        /**
         * IANA time zone of the Amplitude project (Amplitude answers in the project's zone);
         * used to turn time ranges into the `YYYYMMDD` dates the API expects. Default `UTC`.
         */
        timeZone?: string;
        /** Per-request timeout in milliseconds; default 30000. */
        timeoutMs?: number;
        /**
         * Requests in flight at once for this project, 1 to 5; default 5
         * (Amplitude allows 5 concurrent requests per project across its REST APIs).
         */
        maxConcurrency?: number;
        /** What to do when Amplitude answers 429 (rate limited). */
        retry?: {
          /** Retries after the first attempt, 0 to 10; default 3. 0 disables retrying. */
          maxRetries?: number;
          /** Most time in milliseconds spent waiting between attempts of one request; default 20000. */
          maxWaitMs?: number;
          /** First backoff in milliseconds when Amplitude sends no `Retry-After`; doubles per retry; default 1000. */
          initialDelayMs?: number;
          /** Cap on one backoff in milliseconds when Amplitude sends no `Retry-After`; default 8000. */
          maxDelayMs?: number;
        };
      }>;
    };
    /** Product events kept in a database table (the way teams use Redash). */
    sqlEvents?: {
      /** Schema (PostgreSQL) holding the table; default: the connection's current schema. */
      schema?: string;
      /** Table of events; default `analytics_events`. */
      table?: string;
      /** Column names, where they differ from the defaults. */
      columns?: {
        /**
         * When the event happened; default `occurred_at`. PostgreSQL: timestamptz, or timestamp
         * holding UTC; SQLite: milliseconds since the epoch or ISO-8601 text.
         */
        time?: string;
        /** Event name; default `event_type`. */
        type?: string;
        /** Third party involved (nullable); default `partner`. */
        partner?: string;
        /** `success` / `failure` (nullable); default `outcome`. */
        outcome?: string;
        /** Failure classification (nullable); default `error_class`. */
        errorClass?: string;
        /** Who triggered the event, counted distinct for unique users; default `user_id`. */
        user?: string;
      };
    };
    /** SLOs applied to annotated services that declare none of their own. */
    defaultSlos?: Array<{
      name: string;
      /** Objective in percent, e.g. 99.9. */
      objective: number;
      /** Rolling window, e.g. `28d`. */
      window: string;
    }>;
    /** The error-budget policy of SLOs that declare no `policy` of their own (none by default). */
    errorBudgetPolicy?: {
      steps: Array<{
        /** Id of the step, `[a-z0-9][a-z0-9-]*`, unique in the policy. */
        name: string;
        /** Remaining error budget in percent (0–100) under which the step applies; 0: spent. */
        below: number;
        /** What the team does while the step applies (at most 200 characters). */
        action: string;
      }>;
    };
    /** Daily snapshots of numerators and denominators, so history outlives Prometheus. */
    history?: {
      collector?: {
        /** Run the collector (one replica at a time); default true. */
        enabled?: boolean;
        /**
         * The collector's task schedule (`frequency`, `timeout`, optional `initialDelay`), read
         * by Backstage's scheduler reader; replaces the three keys below. The task stays global.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * Minutes between runs; default 60.
         * @deprecated Use `schedule.frequency`.
         */
        frequencyMinutes?: number;
        /**
         * Seconds after start-up before the first run; default 10.
         * @deprecated Use `schedule.initialDelay`.
         */
        initialDelaySeconds?: number;
        /**
         * Minutes a run may take; default 15.
         * @deprecated Use `schedule.timeout`.
         */
        timeoutMinutes?: number;
      };
      /** Snapshots older than this many days are deleted; default 400. */
      retentionDays?: number;
      /** Missing days up to this many days back are back-filled; default 28 (≤ retentionDays). */
      backfillDays?: number;
    };
    /** The maturity model (docs/maturity.md#thresholds). */
    maturity?: {
      /** `spec.type` of the groups assessed as teams; default [team, squad]. */
      teamTypes?: string[];
      /** Evidence thresholds; every key is optional and defaults as documented. */
      thresholds?: {
        exploration?: { minViews?: number; lookbackDays?: number };
        preplanning?: { minGoals?: number };
        followUp?: { minFollowUps?: number };
        looking?: {
          weeksRequired?: number;
          weeksConsidered?: number;
          minViewDaysPerWeek?: number;
        };
        adjusting?: { minChanges?: number; lookbackDays?: number };
        acting?: {
          weeksConsidered?: number;
          minActedReviews?: number;
          /** 0–1. */
          minActedShare?: number;
        };
      };
    };
    /** Nudges sent through Backstage notifications. */
    notifications?: {
      /** Weekly digest per team. */
      digest?: {
        /** Default true. */
        enabled?: boolean;
        /** The digest's task schedule; replaces `cron` (whose timeout is 60 minutes). */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * Cron expression (five fields) in the backend's time zone; default `0 8 * * 1`.
         * @deprecated Use `schedule.frequency.cron`.
         */
        cron?: string;
      };
      /** Notifications when an SLO pages or tickets (multi-window burn rates). */
      burnRateAlerts?: {
        /** Default true. */
        enabled?: boolean;
        /** The alerts' task schedule; replaces `frequencyMinutes`. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * Minutes between checks; default 5.
         * @deprecated Use `schedule.frequency`.
         */
        frequencyMinutes?: number;
      };
      /**
       * Notifications when a declared or discovered integration misses its success-rate target,
       * or its unclassified failures (error class unknown or missing) are too many or grow week
       * over week; once per episode, with a recovery notice (docs/architecture.md#nudges).
       */
      integrationAlerts?: {
        /** Default true. */
        enabled?: boolean;
        /** Minutes between checks; default 15. */
        frequencyMinutes?: number;
        /** The alerts' task schedule; replaces `frequencyMinutes` (set only one). */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /** Window the success rate and the unclassified share are judged over; default `1h`. */
        window?: string;
        /** Calls over the window (and in each week compared) below which nothing is judged; default 20. */
        minRequests?: number;
        /** `unclassified-share` alerts above this share of failures, in percent; default 20. */
        unclassifiedSharePercent?: number;
        /**
         * `unclassified-growth` alerts when the share over the last 7 days exceeds the 7 days
         * before by more than this many percentage points; default 5.
         */
        unclassifiedGrowthPoints?: number;
      };
      /** Notifications when a KPI with a target misses it; once per episode, with a recovery notice. */
      kpiAlerts?: {
        /** Default true. */
        enabled?: boolean;
        /** Minutes between checks; default 60. */
        frequencyMinutes?: number;
        /** The alerts' task schedule; replaces `frequencyMinutes` (set only one). */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /** Window a KPI's value is read over; default `7d`, the squad tab's default range. */
        window?: string;
      };
    };
    /** Who may read sensitive metrics besides users (docs/security.md). */
    permissions?: {
      /**
       * Service subjects (`plugin:<pluginId>`, `external:<subject>`) that may ask the permission
       * policy for `metrics.sensitive.read`, e.g. `plugin:catalog` or `external:digest-bot`.
       * Every other service principal is denied sensitive metrics whatever the policy says
       * (Backstage's policies allow service principals by default). Default: none. The
       * plugin's own nudges read a team's sensitive metrics for that team only, listed or not.
       */
      sensitiveReadServices?: string[];
    };
    /** The view cache (docs/non-functional.md, "View cache"). */
    viewCache?: {
      /** Seconds an answer is reused; default 30. */
      ttlSeconds?: number;
      /** Answers kept at most per replica; default 500. */
      maxEntries?: number;
      /** Megabytes of answers (their JSON) kept at most per replica; default 64. */
      maxMegabytes?: number;
    };
    /** What one requester may ask of the views. */
    limits?: {
      /** Service and squad views (and configuration checks) per requester per minute; default 120. */
      viewRequestsPerMinute?: number;
    };
    /** What the suite records about people, and for how long (README: "Data about people"). */
    privacy?: {
      /**
       * Days view records (who looked at which team's or service's metrics) are kept, before
       * today (UTC); older ones are purged by the `metrics-privacy-purge` task. Default 180.
       * Start-up fails below what the maturity evidence reads: the larger of
       * `maturity.thresholds.exploration.lookbackDays` and 7 × `looking.weeksConsidered`
       * (90 with the default thresholds).
       */
      viewRecordRetentionDays?: number;
      /** The purge task's schedule; default daily (first run 5 minutes after start-up). */
      purgeSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
