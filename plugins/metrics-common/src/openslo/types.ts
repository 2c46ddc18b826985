/**
 * The OpenSLO version the suite writes and reads.
 *
 * @public
 */
export const OPENSLO_API_VERSION = 'openslo/v1';

/**
 * Annotations of the suite on an OpenSLO SLO document: what OpenSLO has no field for, so that a
 * document the suite exports reads back as the same SLO (docs/openslo.md#annotations-and-labels).
 *
 * @public
 */
export const OPENSLO_ANNOTATIONS = {
  /** The SLO's name in its entity (`metadata.name` also carries the entity's name). */
  name: 'metrics-suite/name',
  /** The declared alert level, `page` or `ticket`. */
  alert: 'metrics-suite/alert',
  /** `"true"` for an SLO shown only to callers allowed `metrics.sensitive.read`. */
  sensitive: 'metrics-suite/sensitive',
  /** The SLO's error-budget policy: its steps as JSON (docs/openslo.md#annotations-and-labels). */
  policy: 'metrics-suite/error-budget-policy',
} as const;

/**
 * Labels of the suite on an OpenSLO SLO document. OpenSLO label keys hold no `/`, hence the dot.
 *
 * @public
 */
export const OPENSLO_LABELS = {
  /** The declaring entity's ref, e.g. `component:default/checkout-service`. */
  entity: 'metrics-suite.entity',
  /** The SLO's owner ref. */
  owner: 'metrics-suite.owner',
} as const;

/**
 * A Prometheus query as an OpenSLO metric source: a count of events over `{{window}}`.
 *
 * @public
 */
export interface OpenSloMetricSource {
  metricSource: { type: 'Prometheus'; spec: { query: string } };
}

/**
 * An OpenSLO v1 SLO document as the suite exports it: an inline ratio SLI of Prometheus
 * counts, one rolling window, occurrences budgeting and one objective.
 *
 * @public
 */
export interface OpenSloDocument {
  apiVersion: typeof OPENSLO_API_VERSION;
  kind: 'SLO';
  metadata: {
    /** RFC 1123 label of at most 63 characters: `<entity name>-<SLO name>`. */
    name: string;
    displayName: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  };
  spec: {
    description?: string;
    /** The entity's name. */
    service: string;
    indicator: {
      metadata: { name: string };
      spec: {
        ratioMetric: {
          counter: true;
          good: OpenSloMetricSource;
          total: OpenSloMetricSource;
        };
      };
    };
    timeWindow: Array<{ duration: string; isRolling: true }>;
    budgetingMethod: 'Occurrences';
    objectives: Array<{ displayName: string; target: number }>;
  };
}
