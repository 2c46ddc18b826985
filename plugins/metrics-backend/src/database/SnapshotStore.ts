/**
 * Numerator and denominator of one metric over one UTC day. Ratios (SLOs, integrations) have
 * both; counts (KPIs) only a numerator. Summing rows and dividing gives any longer window.
 */
export interface SnapshotRow {
  entityRef: string;
  metricId: string;
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  numerator: number;
  /** null for counts. */
  denominator: number | null;
  /** Source id, e.g. `prometheus:main`. */
  source: string;
}

/** A change of an entity's `metadata.metrics` block, seen by the collector. */
export interface DefinitionChangeRow {
  entityRef: string;
  /** The owner of the entity when the change was seen. */
  teamRef: string;
  change: 'added' | 'changed' | 'removed';
  fingerprint: string;
  seenAt: string;
}

/**
 * What the collector writes: daily snapshots outliving Prometheus, the days it completed, and
 * the history of metric definitions. Implemented by `DatabaseSnapshotStore`.
 */
export interface SnapshotStore {
  // Snapshots (written by the collector).
  upsertSnapshots(rows: SnapshotRow[]): Promise<void>;
  /** Inclusive day bounds; optionally narrowed to entities and/or metrics. */
  listSnapshots(query: {
    fromDay: string;
    toDay: string;
    entityRefs?: string[];
    metricIds?: string[];
  }): Promise<SnapshotRow[]>;
  deleteSnapshotsBefore(day: string): Promise<number>;
  /** Days the collector completed, so gaps can be back-filled. */
  markDaysCollected(days: string[], at?: string): Promise<void>;
  listCollectedDays(query: {
    fromDay: string;
    toDay: string;
  }): Promise<string[]>;

  // Definitions.
  /**
   * Records the current fingerprint of an entity's definitions. Returns the change seen
   * (`added` for an entity seen for the first time after the first collection, `changed`,
   * `unchanged`), and stores a DefinitionChangeRow for `added`/`changed`. The first ever
   * sighting of an entity while `baseline` is true counts as `unchanged` (install time is not
   * a change by the team).
   */
  recordDefinitionFingerprint(input: {
    entityRef: string;
    teamRef: string;
    fingerprint: string;
    seenAt?: string;
    baseline: boolean;
  }): Promise<'added' | 'changed' | 'unchanged'>;
  listDefinitionChanges(query: {
    teamRefs?: string[];
    since: string;
  }): Promise<DefinitionChangeRow[]>;
  /** Adds a change row directly (seeding history, tests). */
  addDefinitionChange(row: DefinitionChangeRow): Promise<void>;
}
