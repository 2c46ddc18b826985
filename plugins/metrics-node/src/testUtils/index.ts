// Through the package's main entry point, so that the API report of this entry point refers to
// those types instead of counting them as exports it forgot.
import type {
  MetricsSource,
  MetricsSourceCountRequest,
  MetricsSourceCountResult,
  MetricsSourcesExtensionPoint,
} from '@metrics-suite/backstage-plugin-metrics-node';

/**
 * Builds a source for tests.
 *
 * @public
 */
export function mockMetricsSource(
  overrides: Partial<MetricsSource> & Pick<MetricsSource, 'id'>,
): MetricsSource {
  return { type: 'mock', ...overrides };
}

/**
 * A source for tests that answers `countEvents` with `count(request)` and records every
 * request it was asked, in order.
 *
 * @public
 */
export function mockCountingSource(options: {
  id: string;
  type?: string;
  description?: string;
  count: (
    request: MetricsSourceCountRequest,
  ) => number | null | Promise<number | null>;
}): MetricsSource & { requests: MetricsSourceCountRequest[] } {
  const requests: MetricsSourceCountRequest[] = [];
  return {
    id: options.id,
    type: options.type ?? 'mock',
    ...(options.description !== undefined
      ? { description: options.description }
      : {}),
    requests,
    async countEvents(
      request: MetricsSourceCountRequest,
    ): Promise<MetricsSourceCountResult> {
      requests.push(request);
      return { value: await options.count(request) };
    },
  };
}

/**
 * An in-memory stand-in for the extension point, for testing a module with
 * `startTestBackend({ extensionPoints: [[metricsSourcesExtensionPoint, ext]] })`.
 *
 * @public
 */
export class TestMetricsSourcesExtensionPoint
  implements MetricsSourcesExtensionPoint
{
  readonly sources: MetricsSource[] = [];

  addSource(...sources: MetricsSource[]): void {
    this.sources.push(...sources);
  }

  /** The added source with this id; undefined when none was added. */
  get(id: string): MetricsSource | undefined {
    return this.sources.find(source => source.id === id);
  }
}
