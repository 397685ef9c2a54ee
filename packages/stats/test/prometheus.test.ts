import { snapshotOf, type CacheStatsSnapshot } from '@cache/core';
import { describe, expect, it } from 'vitest';
import { aggregate, DEFAULT_LATENCY_BUCKETS, Histogram, levelSources, toPrometheus, type MetricsSource, type OperationLatency } from '../src/index.js';
import { parseExposition, type ParsedFamily } from '@cache/test-support/exposition';

const snapshot = (counters: Partial<CacheStatsSnapshot> = {}, size = 3, memory = 1024, uptime = 2500): CacheStatsSnapshot =>
  snapshotOf({ hits: 8, misses: 2, sets: 5, deletes: 1, evictions: 4, expiredEvictions: 1, errors: 0, ...counters }, size, memory, uptime);

function latency(operation: OperationLatency['operation'], outcome: OperationLatency['outcome'], ns: number[]): OperationLatency {
  const histogram = new Histogram();
  for (const v of ns) histogram.record(v);
  return { operation, outcome, histogram };
}

const sampleOf = (families: ParsedFamily[], name: string, labels: Record<string, string>) =>
  families.flatMap((f) => f.samples).find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v) && Object.keys(s.labels).length === Object.keys(labels).length)?.value;

describe('toPrometheus', () => {
  it('writes counters, gauges and histograms that parse strictly and match the snapshot', () => {
    const stats = snapshot();
    const text = toPrometheus({ cache: 'users', stats, latencies: [latency('get', 'hit', [800, 1500, 2_000_000]), latency('set', 'ok', [3000])] });
    const families = parseExposition(text);
    const types = Object.fromEntries(families.map((f) => [f.name, f.type]));
    expect(types).toEqual({
      cache_deletes_total: 'counter',
      cache_entries: 'gauge',
      cache_errors_total: 'counter',
      cache_evictions_total: 'counter',
      cache_expired_evictions_total: 'counter',
      cache_hit_ratio: 'gauge',
      cache_hits_total: 'counter',
      cache_memory_bytes: 'gauge',
      cache_misses_total: 'counter',
      cache_operation_duration_seconds: 'histogram',
      cache_sets_total: 'counter',
      cache_uptime_seconds: 'gauge',
    });
    expect(families.map((f) => f.name)).toEqual(Object.keys(types).sort());
    for (const f of families) expect(f.help).toMatch(/\S/);
    const l = { cache: 'users' };
    expect(sampleOf(families, 'cache_hits_total', l)).toBe(stats.hits);
    expect(sampleOf(families, 'cache_misses_total', l)).toBe(stats.misses);
    expect(sampleOf(families, 'cache_sets_total', l)).toBe(stats.sets);
    expect(sampleOf(families, 'cache_deletes_total', l)).toBe(stats.deletes);
    expect(sampleOf(families, 'cache_evictions_total', l)).toBe(stats.evictions);
    expect(sampleOf(families, 'cache_expired_evictions_total', l)).toBe(stats.expiredEvictions);
    expect(sampleOf(families, 'cache_errors_total', l)).toBe(0);
    expect(sampleOf(families, 'cache_entries', l)).toBe(3);
    expect(sampleOf(families, 'cache_memory_bytes', l)).toBe(1024);
    expect(sampleOf(families, 'cache_hit_ratio', l)).toBe(0.8);
    expect(sampleOf(families, 'cache_uptime_seconds', l)).toBe(2.5);

    const h = { cache: 'users', operation: 'get', outcome: 'hit' };
    const bucket = (le: string) => sampleOf(families, 'cache_operation_duration_seconds_bucket', { ...h, le });
    expect(bucket('0.000001')).toBe(1); // 800 ns
    expect(bucket('0.0000025')).toBe(2); // 1.5 µs
    expect(bucket('0.001')).toBe(2);
    expect(bucket('0.0025')).toBe(3); // 2 ms
    expect(bucket('+Inf')).toBe(3);
    expect(sampleOf(families, 'cache_operation_duration_seconds_count', h)).toBe(3);
    expect(sampleOf(families, 'cache_operation_duration_seconds_sum', h)).toBeCloseTo(0.0020023, 12);
    const buckets = families.find((f) => f.type === 'histogram')!.samples.filter((s) => s.name.endsWith('_bucket') && s.labels.operation === 'get');
    expect(buckets).toHaveLength(DEFAULT_LATENCY_BUCKETS.length + 1);
  });

  it('escapes label values (backslash, double quote, line feed) so they read back unchanged', () => {
    const name = 'we"ird\\name\nwith "quotes" \\n';
    const text = toPrometheus({ cache: name, level: 'l\\1', stats: snapshot() });
    expect(text).toContain('cache="we\\"ird\\\\name\\nwith \\"quotes\\" \\\\n"');
    const families = parseExposition(text);
    expect(families[0]!.samples[0]!.labels).toEqual({ cache: name, level: 'l\\1' });
  });

  it('is sorted and stable: the order of sources does not change the text', () => {
    const sources: MetricsSource[] = [
      { cache: 'b', stats: snapshot({ hits: 1 }), latencies: [latency('set', 'ok', [10]), latency('get', 'miss', [5])] },
      { cache: 'a', level: 'l2', stats: snapshot({ hits: 2 }) },
      { cache: 'a', level: 'l1', stats: snapshot({ hits: 3 }), latencies: [latency('get', 'hit', [7])] },
    ];
    const text = toPrometheus(sources);
    expect(toPrometheus([...sources].reverse())).toBe(text);
    const hits = parseExposition(text).find((f) => f.name === 'cache_hits_total')!.samples;
    expect(hits.map((s) => [s.labels.cache, s.labels.level, s.value])).toEqual([
      ['a', 'l1', 3],
      ['a', 'l2', 2],
      ['b', undefined, 1],
    ]);
  });

  it('exports an aggregate level by level', () => {
    const agg = aggregate([
      { name: 'l1', stats: snapshot({ hits: 6, misses: 4 }) },
      { name: 'l2', stats: snapshot({ hits: 3, misses: 1 }) },
    ]);
    const families = parseExposition(toPrometheus(levelSources('app', agg, { l1: [latency('get', 'hit', [100])] })));
    expect(sampleOf(families, 'cache_hit_ratio', { cache: 'app', level: 'l1' })).toBe(0.6);
    expect(sampleOf(families, 'cache_hit_ratio', { cache: 'app', level: 'l2' })).toBe(0.75);
    expect(families.find((f) => f.type === 'histogram')!.samples.every((s) => s.labels.level === 'l1')).toBe(true);
  });

  it('takes a prefix, custom buckets and constant labels', () => {
    const text = toPrometheus({ cache: 'c', stats: snapshot(), latencies: [latency('get', 'hit', [1e9])] }, { prefix: 'app_cache_', buckets: [0.5, 2], labels: { service: 'api' } });
    const families = parseExposition(text);
    expect(families.every((f) => f.name.startsWith('app_cache_'))).toBe(true);
    expect(sampleOf(families, 'app_cache_hits_total', { cache: 'c', service: 'api' })).toBe(8);
    const les = families.find((f) => f.type === 'histogram')!.samples.filter((s) => s.name.endsWith('_bucket')).map((s) => [s.labels.le, s.value]);
    expect(les).toEqual([
      ['0.5', 0],
      ['2', 1],
      ['+Inf', 1],
    ]);
  });

  it('writes nothing for no sources, and only latency families for sources without stats', () => {
    expect(toPrometheus([])).toBe('');
    const families = parseExposition(toPrometheus({ cache: 'c', latencies: [latency('has', 'ok', [1])] }));
    expect(families.map((f) => f.name)).toEqual(['cache_operation_duration_seconds']);
  });

  it('rejects duplicate series, bad prefixes, buckets and labels with typed errors', () => {
    const s = { cache: 'c', stats: snapshot() };
    expect(() => toPrometheus([s, s])).toThrow(expect.objectContaining({ code: 'CACHE_INVALID_ARGUMENT', argument: 'sources' }));
    expect(() => toPrometheus({ cache: 1 } as never)).toThrow(/cache name/);
    expect(() => toPrometheus(s, { prefix: '1bad-' })).toThrow(expect.objectContaining({ option: 'prefix' }));
    expect(() => toPrometheus(s, { buckets: [1, 1] })).toThrow(expect.objectContaining({ option: 'buckets' }));
    expect(() => toPrometheus(s, { buckets: [Infinity] })).toThrow(expect.objectContaining({ option: 'buckets' }));
    for (const bad of ['cache', 'le', '__x', 'bad-name']) expect(() => toPrometheus(s, { labels: { [bad]: 'v' } })).toThrow(expect.objectContaining({ option: 'labels' }));
  });
});

describe('the test parser', () => {
  it('rejects what the format does not allow', () => {
    expect(() => parseExposition('x 1')).toThrow(/line feed/);
    expect(() => parseExposition('# TYPE x counter\nx{a="b} 1\n')).toThrow(/not a valid line/);
    expect(() => parseExposition('# TYPE x counter\nx{a="\n"} 1\n')).toThrow(/not a valid line/);
    expect(() => parseExposition('# TYPE x counter\ny 1\n')).toThrow(/outside its family/);
    expect(() => parseExposition('x 1\n# TYPE x counter\n')).toThrow(/outside its family/);
    expect(() => parseExposition('# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n')).toThrow(/cumulative/);
    expect(() => parseExposition('# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n')).toThrow(/\+Inf/);
  });
});
