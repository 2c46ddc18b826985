/** Open burn-rate alert of an SLO, so a notification is sent once per escalation. */
export interface AlertStateRow {
  entityRef: string;
  sloId: string;
  level: 'ticket' | 'page';
  since: string;
}

/**
 * What the nudges remember between runs, so each notification is sent once. Implemented by
 * `DatabaseNudgeStore`.
 */
export interface NudgeStore {
  getAlertState(
    entityRef: string,
    sloId: string,
  ): Promise<AlertStateRow | undefined>;
  setAlertState(row: AlertStateRow): Promise<void>;
  clearAlertState(entityRef: string, sloId: string): Promise<void>;
  /** Whether the digest of a team for a week was sent; marks it sent when not. */
  claimDigest(teamRef: string, week: string): Promise<boolean>;
}
