import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { createMetricsTelemetry } from '../telemetry';

// The plugin's telemetry on a real OpenTelemetry SDK meter, read back on demand: what an
// exporter would see. Test-only (devDependency).

class OnDemandReader extends MetricReader {
  protected async onForceFlush() {}
  protected async onShutdown() {}
}

export interface RecordedPoint {
  attributes: Record<string, unknown>;
  /** A counter's sum, or a histogram's count and sum. */
  value: number | { count: number; sum: number };
}

export function recordingTelemetry() {
  const reader = new OnDemandReader();
  const provider = new MeterProvider({ readers: [reader] });
  const telemetry = createMetricsTelemetry(provider.getMeter('test'));

  /** The points of one instrument (empty when it recorded nothing), and its unit. */
  async function read(
    name: string,
  ): Promise<{ unit?: string; points: RecordedPoint[] }> {
    const { resourceMetrics } = await reader.collect();
    const metric = resourceMetrics.scopeMetrics
      .flatMap(scope => scope.metrics)
      .find(m => m.descriptor.name === name);
    if (!metric) return { points: [] };
    return {
      unit: metric.descriptor.unit,
      points: metric.dataPoints.map(point => {
        const value = point.value as number | { count: number; sum?: number };
        return {
          attributes: { ...point.attributes },
          value:
            typeof value === 'number'
              ? value
              : { count: value.count, sum: value.sum ?? 0 },
        };
      }),
    };
  }

  return { telemetry, read };
}
