import {
  BURN_RATE_WINDOWS,
  SloDefinition,
  SloViewItem,
} from '@metrics-suite/backstage-plugin-metrics-common';
import {
  PrometheusInstance,
  SloWindowCounts,
  batchSlos,
  readSloBatch,
} from '../readers';
import { errorMessage } from '../views/resolveForView';
import { readSloCounts } from '../views/sloCounts';
import { sloItemFromWindows } from '../views/sloSection';
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

/** Good and valid counts by window, merged from one read per window. */
function mergeWindows<T>(
  reads: ReadonlyArray<ReadonlyArray<SloWindowCounts<T>>>,
): SloWindowCounts<T>[] {
  const [first = []] = reads;
  return first.map((item, i) => ({
    ...item,
    good: new Map(reads.flatMap(read => [...read[i].good])),
    total: new Map(reads.flatMap(read => [...read[i].total])),
  }));
}

/**
 * Every SLO of the members on one instance at `end`, over its window and the burn windows.
 * Availability and latency SLOs: per convention and indicator, two queries per window over
 * every service of the instance (`sum by (service)`, no list of services: a list of ten
 * thousand would not fit a query), the members' services picked from the answers. That is
 * a fixed number of queries whatever the number of teams, and each answer holds one series
 * per service with traffic, within `limits.maxSeries`. SLOs with queries of their own: two
 * queries each. A failing query leaves out only the SLOs it reads.
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
  const batched = batches.map(async (batch): Promise<SweepPart<SweptSlo>> => {
    const windows = [batch.window!, ...BURN_RATE_WINDOWS];
    try {
      const reads = await Promise.all(
        windows.map(window =>
          readSloBatch(instance, batch, [window], end, { allServices: true }),
        ),
      );
      return {
        items: mergeWindows(reads).map(({ slo, owner, good, total }) => ({
          entityRef: owner.entityRef,
          item: sloItemFromWindows(slo, good, total),
        })),
        errors: [],
      };
    } catch (error) {
      return {
        items: [],
        errors: [
          `Prometheus "${client.name}" ${batch.what}: ${errorMessage(error)}`,
        ],
      };
    }
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
