import type { MetricsSourcesExtensionPoint } from '../extensions';
import type { MetricsSource } from '../types';

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
}
