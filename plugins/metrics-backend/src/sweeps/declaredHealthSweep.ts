import type {
  IntegrationDefinition,
  KpiDefinition,
} from '@metrics-suite/backstage-plugin-metrics-common';
import pLimit from 'p-limit';
import {
  Period,
  SourcesForInstance,
  isConventional,
  readIntegration,
  readKpi,
} from '../readers';
import { errorMessage } from '../views/resolveForView';
import { IntegrationHealth, KpiHealth, countsOf } from './metricHealth';
import type { SweepMember, SweepPart } from './sweepMember';

// Sources other than the conventional counter have no batched form: one read per definition,
// a few at a time so a large org does not flood Amplitude or the SQL database.
const READS_AT_ONCE = 8;

/** Each member's definitions that `pick` keeps, read one by one; a failed read is left out. */
async function readEach<D, T>(
  members: SweepMember[],
  pick: (member: SweepMember) => D[],
  read: (definition: D, member: SweepMember) => Promise<T>,
  what: (definition: D, member: SweepMember) => string,
): Promise<SweepPart<T>> {
  const limit = pLimit(READS_AT_ONCE);
  const settled = await Promise.all(
    members.flatMap(member =>
      pick(member).map(definition =>
        limit(() =>
          read(definition, member).then(
            (item): SweepPart<T> => ({ items: [item], errors: [] }),
            (error): SweepPart<T> => ({
              items: [],
              errors: [`${what(definition, member)}: ${errorMessage(error)}`],
            }),
          ),
        ),
      ),
    ),
  );
  return {
    items: settled.flatMap(p => p.items),
    errors: settled.flatMap(p => p.errors),
  };
}

/**
 * The members' declared integrations that are not on the conventional counter, over
 * `period`: one read each from its own source, through the readers the views use. Their
 * two weeks are not read (two more reads each), so `unclassified-growth` is not judged.
 */
export function sweepDeclaredIntegrationHealth(
  members: SweepMember[],
  sourcesFor: SourcesForInstance,
  period: Period,
): Promise<SweepPart<IntegrationHealth>> {
  return readEach(
    members,
    member =>
      member.resolved.definitions.filter(
        (d): d is IntegrationDefinition =>
          d.kind === 'integration' && !isConventional(d),
      ),
    async (definition, member) => ({
      entityRef: member.entityRef,
      definition,
      current: countsOf(
        definition,
        (
          await readIntegration(
            definition,
            sourcesFor(member.instanceName),
            period,
          )
        ).rows,
      ),
    }),
    (definition, member) => `${member.entityRef} ${definition.name}`,
  );
}

/** The members' KPIs with a target over `period`: one read each (KPIs without one cost none). */
export function sweepKpiHealth(
  members: SweepMember[],
  sourcesFor: SourcesForInstance,
  period: Period,
): Promise<SweepPart<KpiHealth>> {
  return readEach(
    members,
    member =>
      member.resolved.definitions.filter(
        (d): d is KpiDefinition => d.kind === 'kpi' && d.target !== undefined,
      ),
    async (definition, member) => ({
      entityRef: member.entityRef,
      definition,
      value: (
        await readKpi(definition, sourcesFor(member.instanceName), period)
      ).value,
    }),
    (definition, member) => `${member.entityRef} ${definition.name}`,
  );
}
