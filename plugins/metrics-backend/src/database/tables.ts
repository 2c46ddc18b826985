/** Table names of the migrations in `migrations/`; each store reads and writes its own. */
export const T = {
  snapshots: 'metrics_snapshots',
  collectedDays: 'metrics_collected_days',
  fingerprints: 'metrics_definition_fingerprints',
  definitionChanges: 'metrics_definition_changes',
  goals: 'metrics_goals',
  followUps: 'metrics_goal_follow_ups',
  reviews: 'metrics_weekly_reviews',
  views: 'metrics_view_records',
  assessments: 'metrics_maturity_assessments',
  alertStates: 'metrics_alert_states',
  digests: 'metrics_digests',
  metricAlerts: 'metrics_metric_alerts',
  northStars: 'metrics_north_stars',
  recordRevisions: 'metrics_record_revisions',
} as const;
