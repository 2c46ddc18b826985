import {
  KpiDefinition,
  KpiViewItem,
  SourceLink,
  meetsTarget,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { ViewRequest } from '../http/parseViewRequest';
import { DefinitionSources, readKpi } from '../readers';
import { errorMessage } from './resolveForView';
import { graphLinks } from './links';
import { metricFields } from './metricFields';
import type { SectionResult } from './section';

/**
 * The KPI section of the service view: each KPI over the view's range and the period of the
 * same length before it, each with its own `error` when its source failed.
 */
export async function evaluateKpis(
  definitions: KpiDefinition[],
  sources: DefinitionSources,
  request: ViewRequest,
): Promise<SectionResult<KpiViewItem>> {
  const length = request.end - request.start;
  const current = { start: request.start, end: request.end };
  const before = { start: request.start - length, end: request.start };
  const notes = new Set<string>();
  const items = await Promise.all(
    definitions.map(async (definition): Promise<KpiViewItem> => {
      const [now, then] = await Promise.allSettled([
        readKpi(definition, sources, current),
        readKpi(definition, sources, before),
      ]);
      const value = now.status === 'fulfilled' ? now.value.value : null;
      if (now.status === 'fulfilled' && now.value.note)
        notes.add(now.value.note);
      const targetMet = meetsTarget(value, definition.target);
      let links: SourceLink[] | undefined;
      if (
        now.status === 'fulfilled' &&
        now.value.promql &&
        sources.prometheus
      ) {
        links = graphLinks(sources.prometheus.client, request, [
          ['Query', now.value.promql],
        ]);
      }
      return {
        ...metricFields(definition),
        ...(definition.description
          ? { description: definition.description }
          : {}),
        bucket: definition.bucket,
        ...(definition.unit ? { unit: definition.unit } : {}),
        value,
        ...(then.status === 'fulfilled' ? { previous: then.value.value } : {}),
        ...(definition.target ? { target: definition.target } : {}),
        ...(targetMet !== undefined ? { targetMet } : {}),
        ...(links ? { links } : {}),
        ...(now.status === 'rejected'
          ? { error: errorMessage(now.reason) }
          : {}),
      };
    }),
  );
  const failed = items.filter(item => item.error !== undefined);
  // One failing source fails only its KPIs; the section fails when every KPI did.
  const allFailed = items.length > 0 && failed.length === items.length;
  return {
    items,
    notes: [...notes],
    ...(allFailed
      ? { errors: [...new Set(failed.map(i => `${i.name}: ${i.error}`))] }
      : {}),
  };
}
