/**
 * The scheduler id of the plugin's burn-rate alerts task
 * (plugins/metrics-backend/src/tasks/nudges/scheduleNudges.ts, not exported by the plugin).
 */
export const BURN_RATE_TASK_ID = 'metrics-burn-rate-alerts';
