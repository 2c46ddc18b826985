import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { ActivityStore } from './ActivityStore';
import { DatabaseActivityStore } from './DatabaseActivityStore';
import { DatabaseMetricAlertStore } from './DatabaseMetricAlertStore';
import { DatabaseNudgeStore } from './DatabaseNudgeStore';
import { DatabaseSnapshotStore } from './DatabaseSnapshotStore';
import { DatabaseTeamRecordStore } from './DatabaseTeamRecordStore';
import type { MetricAlertStore } from './MetricAlertStore';
import { DatabaseNorthStarStore } from './DatabaseNorthStarStore';
import type { NorthStarStore } from './NorthStarStore';
import type { NudgeStore } from './NudgeStore';
import type { SnapshotStore } from './SnapshotStore';
import type { TeamRecordStore } from './TeamRecordStore';

/** Everything the suite keeps in the Backstage database, one store per domain. */
export interface MetricsStores {
  snapshots: SnapshotStore;
  teamRecords: TeamRecordStore;
  activity: ActivityStore;
  nudges: NudgeStore;
  metricAlerts: MetricAlertStore;
  northStars: NorthStarStore;
}

/** All the stores on one database; the migrations run once for them. */
export async function createMetricsStores(options: {
  database: DatabaseService;
}): Promise<MetricsStores> {
  const [snapshots, teamRecords, activity, nudges, metricAlerts, northStars] =
    await Promise.all([
      DatabaseSnapshotStore.create(options),
      DatabaseTeamRecordStore.create(options),
      DatabaseActivityStore.create(options),
      DatabaseNudgeStore.create(options),
      DatabaseMetricAlertStore.create(options),
      DatabaseNorthStarStore.create(options),
    ]);
  return {
    snapshots,
    teamRecords,
    activity,
    nudges,
    metricAlerts,
    northStars,
  };
}
