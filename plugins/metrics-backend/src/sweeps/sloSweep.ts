import {
  BURN_RATE_WINDOWS,
  SloDefinition,
  SloViewItem,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { PrometheusInstance, batchSlos, readSloBatch } from '../readers';
import { errorMessage } from '../views/resolveForView';
import { readSloCounts } from '../views/sloCounts';
import { sloItemFromWindows } from '../views/sloSection';
import { chunkByService } from './serviceChunks';
import type { SweepMember, SweepPart } from './sweepMember';

/** One SLO of one service, evaluated as the views evaluate it. */
export interface SweptSlo {
  entityRef: string;
  item: SloViewItem;
}

function slosOf(member: SweepMember): SloDefinition[] {
  return member.resolved.definitions.filter(
    (d): d is SloDefinition => d.kind === 'slo',
  );
}

/**
 * Every SLO of the members on one instance at `end`, over its window and the burn windows.
 * Availability and latency SLOs: two batched queries per convention, indicator and SLO
 * window (`sum by (service)` over all the services, chunked only by query size and the
 * instance's `limits.maxSeries`), whatever the number of teams. SLOs with queries of their
 * own: two queries each. A failing query leaves out only the SLOs it reads.
 */
export async function sweepInstanceSlos(
  instance: PrometheusInstance,
  members: SweepMember[],
  end: number,
): Promise<SweepPart<SweptSlo>> {
  const { client } = instance;
  const batches = batchSlos(
    members.flatMap(owner =>
      slosOf(owner).map(slo => ({
        slo,
        owner,
        convention: owner.resolved.convention,
      })),
    ),
    { byWindow: true },
  );
  const batched = batches.flatMap(batch => {
    const windows = [batch.window!, ...BURN_RATE_WINDOWS];
    // Each service answers one series per window.
    const maxServices = Math.floor(client.limits.maxSeries / windows.length);
    return chunkByService(batch.slos, s => s.service, { maxServices }).map(
      async (slos): Promise<SweepPart<SweptSlo>> => {
        try {
          const read = await readSloBatch(
            instance,
            { ...batch, slos },
            windows,
            end,
          );
          return {
            items: read.map(({ slo, owner, good, total }) => ({
              entityRef: owner.entityRef,
              item: sloItemFromWindows(slo, good, total),
            })),
            errors: [],
          };
        } catch (error) {
          return {
            items: [],
            errors: [
              `Prometheus "${client.name}" ${batch.what}: ${errorMessage(
                error,
              )}`,
            ],
          };
        }
      },
    );
  });
  const ratio = members.flatMap(member =>
    slosOf(member)
      .filter(slo => slo.indicator.type === 'ratio')
      .map(async (slo): Promise<SweepPart<SweptSlo>> => {
        try {
          const { good, total } = await readSloCounts(
            slo,
            client,
            [slo.window, ...BURN_RATE_WINDOWS],
            end,
          );
          return {
            items: [
              {
                entityRef: member.entityRef,
                item: sloItemFromWindows(slo, good, total),
              },
            ],
            errors: [],
          };
        } catch (error) {
          return {
            items: [],
            errors: [
              `Prometheus "${client.name}" ${member.entityRef} ${
                slo.name
              }: ${errorMessage(error)}`,
            ],
          };
        }
      }),
  );
  const parts = await Promise.all([...batched, ...ratio]);
  return {
    items: parts.flatMap(p => p.items),
    errors: parts.flatMap(p => p.errors),
  };
}
