import {
  ForwardedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { CustomSourceParams } from '@metrics-suite/backstage-plugin-metrics-common';
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
export async function countWithCustomSource(
  sources: CustomSources | undefined,
  sourceId: string,
  params: CustomSourceParams,
  range: { start: Date; end: Date },
): Promise<number | null> {
  const source = sources?.get(sourceId);
  if (!source) {
    const known = [...(sources?.keys() ?? [])];
    throw new NotFoundError(
      `No metrics source "${sourceId}" is added by a backend module (added: ${
        known.map(id => `"${id}"`).join(', ') || 'none'
      })`,
    );
  }
  const countEvents = source.countEvents?.bind(source);
  if (!countEvents) {
    throw new NotFoundError(
      `Metrics source "${sourceId}" cannot count: its module gives it no countEvents`,
    );
  }
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
