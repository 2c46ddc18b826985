import { parseEntityRef } from '@backstage/catalog-model';
import { stringify } from 'yaml';
import type { SloDefinition } from '../definitions/resolve';
import { openSloName } from './name';
import { objectiveToTarget } from './objective';
import {
  OPENSLO_ANNOTATIONS,
  OPENSLO_API_VERSION,
  OPENSLO_LABELS,
  OpenSloDocument,
  OpenSloMetricSource,
} from './types';

function prometheusSource(query: string): OpenSloMetricSource {
  return { metricSource: { type: 'Prometheus', spec: { query } } };
}

/**
 * An SLO as an OpenSLO v1 SLO document (docs/openslo.md#export). The queries stay templates over
 * `{{window}}`: counts of events over the window, which the reader fills in. The alert level is an
 * annotation, not an AlertPolicy: OpenSLO alert conditions have a single window and cannot hold
 * the suite's multi-window, multi-burn-rate alerts. The suite's own fields (name, alert,
 * sensitive, owner) are kept in annotations and labels, so importing the document gives back
 * the same SLO.
 *
 * @public
 */
export function sloToOpenSlo(slo: SloDefinition): OpenSloDocument {
  const entityName = parseEntityRef(slo.entityRef).name;
  const name = openSloName(entityName, slo.name);
  const labels: Record<string, string> = {
    [OPENSLO_LABELS.entity]: slo.entityRef,
  };
  if (slo.owner !== undefined) labels[OPENSLO_LABELS.owner] = slo.owner;
  const annotations: Record<string, string> = {
    [OPENSLO_ANNOTATIONS.name]: slo.name,
  };
  if (slo.alert !== 'none') annotations[OPENSLO_ANNOTATIONS.alert] = slo.alert;
  if (slo.sensitive) annotations[OPENSLO_ANNOTATIONS.sensitive] = 'true';
  if (slo.policy) {
    annotations[OPENSLO_ANNOTATIONS.policy] = JSON.stringify(slo.policy);
  }
  return {
    apiVersion: OPENSLO_API_VERSION,
    kind: 'SLO',
    metadata: {
      name,
      displayName: `${entityName} ${slo.name}`,
      labels,
      annotations,
    },
    spec: {
      ...(slo.description !== undefined
        ? { description: slo.description }
        : {}),
      service: entityName,
      indicator: {
        metadata: { name },
        spec: {
          ratioMetric: {
            counter: true,
            good: prometheusSource(slo.queries.good),
            total: prometheusSource(slo.queries.total),
          },
        },
      },
      timeWindow: [{ duration: slo.window, isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [
        {
          displayName: `${slo.objective} % over ${slo.window}`,
          target: objectiveToTarget(slo.objective),
        },
      ],
    },
  };
}

/**
 * Documents as one multi-document YAML text, `---` between documents; empty for none.
 *
 * @public
 */
export function renderOpenSlo(docs: ReadonlyArray<OpenSloDocument>): string {
  // lineWidth 0: long PromQL stays on one line instead of being folded. Single quotes, as
  // Prettier writes YAML with this repository's (Backstage's) settings.
  return docs
    .map(doc => stringify(doc, { lineWidth: 0, singleQuote: true }))
    .join('---\n');
}
