import assert from 'node:assert/strict';
import { MemoryCache } from '@cache/memory';
import { MultiLevelCache } from '@cache/multilevel';
import { observeCacheMetrics, recordOperationDurations, traceCache } from '@cache/otel';
import { instrument, multilevelSources } from '@cache/stats';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

// Your SDK. In a service: @opentelemetry/sdk-node with OTLP exporters, registered globally
// (then leave out meterProvider/tracerProvider below: the global providers are the default).
const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
const meterProvider = new MeterProvider({ readers: [reader] });
const spans = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });

const l1 = instrument(new MemoryCache<unknown>({ maxEntries: 10_000, name: 'l1' }).asAsync());
const users = traceCache(new MultiLevelCache<string>({ name: 'users', levels: [{ name: 'l1', tier: l1 }] }), { tracerProvider });
const metrics = observeCacheMetrics(() => multilevelSources(users, { tiers: { l1 } }), { meterProvider });
const stopDurations = recordOperationDurations({ meterProvider });

await users.getOrSet('user:1', () => 'Ada'); // span cache.getOrSet (cache.outcome = load) + child cache.load
await users.getOrSet('user:1', () => 'Ada'); // span cache.getOrSet (cache.outcome = hit)

await reader.forceFlush();
const exported = exporter.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
const loads = exported.find((m) => m.descriptor.name === 'cache.loads')?.dataPoints[0];
assert.equal(loads?.value, 1);
assert.deepEqual(loads?.attributes, { 'cache.name': 'users' });
const hits = exported.find((m) => m.descriptor.name === 'cache.hits')?.dataPoints[0];
assert.deepEqual(hits?.attributes, { 'cache.name': 'users', 'cache.level': 'l1' });
assert.ok(exported.some((m) => m.descriptor.name === 'cache.operation.duration'));
assert.deepEqual(
  spans.getFinishedSpans().map((span) => [span.name, span.attributes['cache.outcome']]),
  [['cache.load', undefined], ['cache.getOrSet', 'load'], ['cache.getOrSet', 'hit']],
);

metrics.close();
stopDurations();
await Promise.all([meterProvider.shutdown(), tracerProvider.shutdown(), users.close()]);
