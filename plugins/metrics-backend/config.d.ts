export interface Config {
  /** Configuration of the metrics suite's backend. */
  metrics?: {
    /** Prometheus-compatible servers (Prometheus, Thanos, Mimir, Cortex). */
    prometheus?: {
      instances: Array<{
        /** Referenced by the `metrics.backstage.io/prometheus-instance` annotation. */
        name: string;
        /** Base URL of the HTTP API, without `/api/v1`, e.g. `http://prometheus:9090`. */
        baseUrl: string;
        /** The instance used by entities that name none. At most one may be default; a lone instance is the default unless this says `false`. */
        default?: boolean;
        /** URL that people open for this instance (deep links); defaults to `baseUrl`. */
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
      }>;
    };
    /** SLOs applied to annotated services that declare none of their own. */
    defaultSlos?: Array<{
      name: string;
      /** Objective in percent, e.g. 99.9. */
      objective: number;
      /** Rolling window, e.g. `28d`. */
      window: string;
    }>;
  };
}
