import type {
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import type {
  MetricsReadinessResponse,
  MetricsSourceReadiness,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { MetricsSource } from '@metrics-suite/backstage-plugin-metrics-node';
import type { PrometheusInstance } from '../readers';
import { PrometheusUnavailableError } from './prometheus';

/** Probes come every few seconds; a slow source must not hold them longer than this. */
export const READINESS_TIMEOUT_MS = 2000;

/** Probes from several replicas' kubelets and load balancers share one check this long. */
export const READINESS_REUSE_MS = 5000;

/** The SQL events source; it is a table in the plugin's database. */
const SQL_EVENTS_ID = 'sql:events';

export interface ReadinessResult {
  ready: boolean;
  body: MetricsReadinessResponse;
}

/**
 * Checks which sources answer, for `GET /health/ready`: each configured Prometheus instance
 * with a cheap query through its client (same credentials, short timeout) and the plugin's
 * database with `select 1`; Amplitude and module sources are listed as configured, without a
 * call. Ready unless Prometheus instances are configured and none of them answers. The
 * answer holds ids and reason codes only: no URLs, no error messages.
 */
export class ReadinessProbe {
  readonly #prometheus: ReadonlyMap<string, PrometheusInstance>;
  readonly #sources: ReadonlyArray<MetricsSource>;
  readonly #database: DatabaseService;
  readonly #logger: LoggerService;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  #last?: { at: number; result: Promise<ReadinessResult> };

  constructor(options: {
    prometheus: ReadonlyMap<string, PrometheusInstance>;
    /** Every source, as `/v1/sources` lists them. */
    sources: ReadonlyArray<MetricsSource>;
    database: DatabaseService;
    logger: LoggerService;
    timeoutMs?: number;
    now?: () => number;
  }) {
    this.#prometheus = options.prometheus;
    this.#sources = options.sources;
    this.#database = options.database;
    this.#logger = options.logger;
    this.#timeoutMs = options.timeoutMs ?? READINESS_TIMEOUT_MS;
    this.#now = options.now ?? Date.now;
  }

  /** The last check when it is recent (or still running), else a new one. */
  check(): Promise<ReadinessResult> {
    const now = this.#now();
    if (!this.#last || now - this.#last.at >= READINESS_REUSE_MS) {
      this.#last = { at: now, result: this.#run() };
    }
    return this.#last.result;
  }

  async #run(): Promise<ReadinessResult> {
    const clients = new Map(
      [...this.#prometheus.values()].map(({ client }) => [
        client.describe().id,
        client,
      ]),
    );
    const database = this.#checkDatabase();
    const sources = await Promise.all(
      this.#sources.map(async (source): Promise<MetricsSourceReadiness> => {
        const { id, type } = source;
        const client = clients.get(id);
        if (client) {
          const reason = await client.ping(this.#timeoutMs).then(
            () => undefined,
            error => reasonOf(error),
          );
          return reason
            ? { id, type, status: 'down', reason }
            : { id, type, status: 'ok' };
        }
        if (id === SQL_EVENTS_ID && type === 'sql') {
          return (await database)
            ? { id, type, status: 'ok' }
            : { id, type, status: 'down', reason: 'database' };
        }
        return { id, type, status: 'configured' };
      }),
    );
    const prometheusUp = sources.some(
      s => clients.has(s.id) && s.status === 'ok',
    );
    const ready = clients.size === 0 || prometheusUp;
    return {
      ready,
      body: {
        status: ready ? 'ready' : 'not-ready',
        sources,
        database: { status: (await database) ? 'ok' : 'down' },
      },
    };
  }

  async #checkDatabase(): Promise<boolean> {
    try {
      const knex = await this.#database.getClient();
      await knex.raw('select 1').timeout(this.#timeoutMs);
      return true;
    } catch (error) {
      this.#logger.warn(
        `Readiness: the metrics database did not answer select 1: ${
          isError(error) ? error.message : String(error)
        }`,
      );
      return false;
    }
  }
}

/** A reason code, never the message: the answer is public and messages name hosts. */
function reasonOf(error: unknown): string {
  return error instanceof PrometheusUnavailableError ? error.reason : 'error';
}
