import {
  ForwardedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type {
  CustomIntegrationDefinition,
  CustomSourceParams,
  CustomKpiDefinition,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { Period, instantsOf } from './period';
import {
  IntegrationReading,
  KpiReading,
  successAndTotalRows,
} from './readings';
import type { SourceReader } from './SourceReader';

import type { MetricsSource } from '@metrics-suite/backstage-plugin-metrics-node';

/** Longest a module-added source may take to count, so one slow source cannot hold a view. */
export const CUSTOM_SOURCE_TIMEOUT_MS = 30_000;

/** Module-added sources by id. */
export type CustomSources = ReadonlyMap<string, MetricsSource>;

/** Indexes module-added sources by id (ids are unique: the plugin checks at start-up). */
export function customSourcesById(
  sources: ReadonlyArray<MetricsSource>,
): CustomSources {
  return new Map(sources.map(source => [source.id, source]));
}

/**
 * Asks the module-added source `sourceId` to count `params` over `[start, end)`. Throws
 * NotFoundError when no such source can count, ServiceUnavailableError when it times out or
 * answers something that is not a count.
 */
/** Why `sourceId` cannot count with these module sources, if it cannot. */
export function customSourceProblem(
  sources: CustomSources | undefined,
  sourceId: string,
): string | undefined {
  const source = sources?.get(sourceId);
  if (!source) {
    const known = [...(sources?.keys() ?? [])];
    return `No metrics source "${sourceId}" is added by a backend module (added: ${
      known.map(id => `"${id}"`).join(', ') || 'none'
    })`;
  }
  return source.countEvents
    ? undefined
    : `Metrics source "${sourceId}" cannot count: its module gives it no countEvents`;
}

export async function countWithCustomSource(
  sources: CustomSources | undefined,
  sourceId: string,
  params: CustomSourceParams,
  range: { start: Date; end: Date },
): Promise<number | null> {
  const problem = customSourceProblem(sources, sourceId);
  if (problem) throw new NotFoundError(problem);
  const source = sources!.get(sourceId)!;
  const countEvents = source.countEvents!.bind(source);
  const controller = new AbortController();
  const timedOut = new ServiceUnavailableError(
    `Metrics source "${sourceId}" did not answer within ${
      CUSTOM_SOURCE_TIMEOUT_MS / 1000
    } s`,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(timedOut);
    }, CUSTOM_SOURCE_TIMEOUT_MS);
  });
  let answer: unknown;
  try {
    answer = await Promise.race([
      countEvents({ ...range, params, signal: controller.signal }),
      timeout,
    ]);
  } catch (error) {
    if (error === timedOut) throw error;
    // The view shows the message: say which source failed, keep its own words.
    throw new ForwardedError(`Metrics source "${sourceId}" failed`, error);
  } finally {
    clearTimeout(timer);
  }
  const value = (answer as { value?: unknown } | undefined)?.value;
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ServiceUnavailableError(
      `Metrics source "${sourceId}" answered ${
        typeof value === 'number' || value === undefined
          ? String(value)
          : JSON.stringify(value)
      } where a count (a finite number or null) belongs`,
    );
  }
  return value;
}

/** Successes and the total of an integration, each counted by the module-added source. */
export async function readCustomIntegration(
  definition: CustomIntegrationDefinition,
  custom: CustomSources | undefined,
  period: Period,
): Promise<IntegrationReading> {
  const range = instantsOf(period);
  const [success, total] = await Promise.all([
    countWithCustomSource(
      custom,
      definition.sourceId,
      definition.success,
      range,
    ),
    countWithCustomSource(custom, definition.sourceId, definition.total, range),
  ]);
  return successAndTotalRows(definition, success ?? 0, total ?? 0);
}

/** A KPI counted by the module-added source. */
export async function readCustomKpi(
  definition: CustomKpiDefinition,
  custom: CustomSources | undefined,
  period: Period,
): Promise<KpiReading> {
  return {
    value: await countWithCustomSource(
      custom,
      definition.sourceId,
      definition.params,
      instantsOf(period),
    ),
  };
}

export const customReader: SourceReader<'custom'> = {
  missing: (definition, sources) =>
    customSourceProblem(sources.custom, definition.sourceId),
  sourceId: definition => definition.sourceId,
  integration: (definition, sources, period) =>
    readCustomIntegration(definition, sources.custom, period),
  kpi: (definition, sources, period) =>
    readCustomKpi(definition, sources.custom, period),
};
