// Org-wide sweeps: every team's services read with a fixed number of Prometheus queries per
// instance, for the nudges (burn-rate alerts, weekly digest) and the benchmark.
export { OrgSweep } from './OrgSweep';
export type {
  CredentialsFor,
  OrgSweepOptions,
  SweepRequest,
  SweepResult,
  SweptMetric,
  SweptService,
  TeamSweep,
} from './OrgSweep';
export type {
  IntegrationCounts,
  IntegrationHealth,
  KpiHealth,
  SweptHealth,
} from './metricHealth';
