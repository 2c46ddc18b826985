import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ViewSection } from '@metrics-suite/backstage-plugin-metrics-common';
import { isSourceOutage } from '../readers';
import { errorMessage } from './resolveForView';
import { beforeDeadline } from './viewScope';

/** What a section's work gave: its items, notes on how they were counted, failed parts. */
export interface SectionResult<T> {
  items: T[];
  notes?: string[];
  /** Parts that failed while others gave items: the section is `error` and says which. */
  errors?: string[];
}

/** The section a result makes: `error` with the failed parts joined when any failed. */
export function toSection<T>(result: SectionResult<T>): ViewSection<T> {
  const errors = result.errors ?? [];
  const notes = result.notes ?? [];
  return {
    status: errors.length > 0 ? 'error' : 'ok',
    ...(errors.length > 0 ? { error: errors.join('; ') } : {}),
    ...(notes.length > 0 ? { notes } : {}),
    items: result.items,
  };
}

/** A section with nothing to read. */
export function notConfigured<T>(error: string): ViewSection<T> {
  return { status: 'not-configured', error, items: [] };
}

/**
 * Runs one section; a failure becomes that section's error, never the whole view's. When the
 * source is down (not for a bad definition), `fallback` may still give items from stored
 * snapshots; the section keeps its error so people know the numbers are not live.
 */
export async function section<T>(
  name: string,
  logger: LoggerService,
  run: () => Promise<T[] | SectionResult<T>>,
  fallback?: (reason: string) => Promise<T[]>,
): Promise<ViewSection<T>> {
  try {
    const result = await beforeDeadline(`The ${name} section`, run);
    return toSection(Array.isArray(result) ? { items: result } : result);
  } catch (error) {
    const reason = errorMessage(error);
    logger.warn(`metrics ${name} section failed: ${reason}`);
    let items: T[] = [];
    if (fallback && isSourceOutage(error)) {
      try {
        items = await fallback(reason);
      } catch (storeError) {
        logger.warn(
          `metrics ${name} section: stored snapshots could not be read either: ${errorMessage(
            storeError,
          )}`,
        );
      }
    }
    return { status: 'error', error: reason, items };
  }
}
