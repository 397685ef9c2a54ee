/**
 * The OpenTelemetry SDK's in-memory exporters, wired the way an application
 * would: a MeterProvider with a reader exporting to an InMemoryMetricExporter,
 * and a tracer provider exporting finished spans to an InMemorySpanExporter.
 */
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type DataPoint, type Histogram, type MetricData } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

export function metricsHarness() {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  /** Collects now and returns every metric exported by this collection. */
  const collect = async (): Promise<MetricData[]> => {
    exporter.reset();
    await reader.forceFlush();
    return exporter.getMetrics().flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics));
  };
  return { meterProvider, collect, close: () => meterProvider.shutdown() };
}

/** The value of the point of `name` whose attributes include `attributes`. */
export function point(metrics: MetricData[], name: string, attributes: Record<string, string>): DataPoint<number | Histogram> | undefined {
  const metric = metrics.find((m) => m.descriptor.name === name);
  return (metric?.dataPoints as DataPoint<number | Histogram>[] | undefined)?.find((p) => Object.entries(attributes).every(([k, v]) => p.attributes[k] === v));
}

export function value(metrics: MetricData[], name: string, attributes: Record<string, string>): number | undefined {
  const found = point(metrics, name, attributes)?.value;
  return typeof found === 'number' ? found : undefined;
}

export function tracingHarness() {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { tracerProvider, spans: () => exporter.getFinishedSpans(), reset: () => exporter.reset(), close: () => tracerProvider.shutdown() };
}
