import type { MaturityEvidence } from '@metrics-suite/backstage-plugin-metrics-common';
import { plural } from '../shared/format';

/** Weeks of the "regularly looking" window in which the team looked at its metrics. */
export function weeksLooked(evidence: MaturityEvidence): number {
  return evidence.weeks.filter(w => w.looked).length;
}

/**
 * The evidence in one line, e.g. `3/4 weeks looked · 2 goals · 1 follow-up`, followed by
 * definition changes and reviews ending in an action when there are any.
 */
export function evidenceSummary(evidence: MaturityEvidence): string {
  const parts = [
    `${weeksLooked(evidence)}/${evidence.weeks.length} weeks looked`,
    plural(evidence.goals.count, 'goal'),
    plural(evidence.followUps.count, 'follow-up'),
  ];
  if (evidence.definitionChanges.count > 0) {
    parts.push(plural(evidence.definitionChanges.count, 'definition change'));
  }
  if (evidence.decisions.actedWithMetric > 0) {
    parts.push(plural(evidence.decisions.actedWithMetric, 'acted review'));
  }
  return parts.join(' · ');
}
