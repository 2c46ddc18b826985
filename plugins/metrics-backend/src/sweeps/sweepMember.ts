import type { ResolvedEntityMetrics } from '@metrics-suite/backstage-plugin-metrics-common';

/** A service a sweep reads: resolved as the views resolve it, sensitive metrics hidden. */
export interface SweepMember {
  entityRef: string;
  resolved: ResolvedEntityMetrics;
  /** The instance it reads, when it reads Prometheus and may use one. */
  instanceName?: string;
}

/** What one part of a sweep gave, and why some of it is missing. */
export interface SweepPart<T> {
  items: T[];
  errors: string[];
}
