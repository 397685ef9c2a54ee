/**
 * Spans for getOrSet and loads reach the OpenTelemetry SDK's in-memory span
 * exporter, from a traced MultiLevelCache over MemoryCache levels: one
 * `cache.getOrSet` span per call with how it was answered, one `cache.load`
 * child per loader call, errors recorded, the rest of the cache untouched.
 */
import { FakeClock } from '@cache/core/testing';
import { MemoryCache } from '@cache/memory';
import { MultiLevelCache } from '@cache/multilevel';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { traceCache } from '../src/index.js';
import { tracingHarness } from './otel-harness.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup() {
  const otel = tracingHarness();
  const clock = new FakeClock(Date.now());
  const cache = new MultiLevelCache<string>({ name: 'users', clock, defaultTtl: '1m', grace: '1h', levels: [{ name: 'l1', tier: new MemoryCache({ maxEntries: 100, clock }) }] });
  cleanups.push(otel.close, () => cache.close());
  return { otel, clock, cache, traced: traceCache(cache, { tracerProvider: otel.tracerProvider }) };
}

const byName = (spans: ReadableSpan[], name: string) => spans.filter((span) => span.name === name);
const outcomes = (spans: ReadableSpan[]) => byName(spans, 'cache.getOrSet').map((span) => span.attributes['cache.outcome']);

describe('traceCache', () => {
  it('opens a getOrSet span per call and a child load span per loader call', async () => {
    const { otel, traced } = setup();
    expect(await traced.getOrSet('u:1', () => 'Ada')).toBe('Ada');
    expect(await traced.getOrSet('u:1', () => 'never')).toBe('Ada');
    const spans = otel.spans();
    expect(outcomes(spans)).toEqual(['load', 'hit']);
    const [load] = byName(spans, 'cache.load');
    const [first] = byName(spans, 'cache.getOrSet');
    expect(load?.parentSpanContext?.spanId).toBe(first!.spanContext().spanId);
    expect(load?.spanContext().traceId).toBe(first!.spanContext().traceId);
    expect(first!.attributes).toEqual({ 'cache.name': 'users', 'cache.outcome': 'load' }); // no key unless asked
    expect(byName(spans, 'cache.load')).toHaveLength(1);
  });

  it('marks callers that joined a load in flight as coalesced: one load span for all of them', async () => {
    const { otel, traced } = setup();
    let release!: (value: string) => void;
    const slow = new Promise<string>((resolve) => (release = resolve));
    const calls = [traced.getOrSet('hot', () => slow), traced.getOrSet('hot', () => 'never'), traced.getOrSet('hot', () => 'never')];
    await Promise.resolve();
    release('v');
    expect(await Promise.all(calls)).toEqual(['v', 'v', 'v']);
    expect(outcomes(otel.spans()).sort()).toEqual(['coalesced', 'coalesced', 'load']);
    expect(byName(otel.spans(), 'cache.load')).toHaveLength(1);
  });

  it('records a failing loader on both spans, and a stale answer within grace', async () => {
    const { otel, traced, clock } = setup();
    await expect(traced.getOrSet('u:9', () => Promise.reject(new Error('db down')))).rejects.toMatchObject({ code: 'CACHE_LOADER' });
    let spans = otel.spans();
    for (const span of spans) {
      expect(span.status).toMatchObject({ code: SpanStatusCode.ERROR });
      expect(span.events.some((event) => event.name === 'exception')).toBe(true);
    }
    expect(byName(spans, 'cache.load')[0]?.status.message).toBe('db down');

    otel.reset();
    await traced.getOrSet('u:1', () => 'Ada');
    clock.advance(120_000); // past the ttl, within grace
    expect(await traced.getOrSet('u:1', () => Promise.reject(new Error('db down')))).toBe('Ada');
    spans = otel.spans();
    expect(outcomes(spans)).toEqual(['load', 'stale']);
    expect(byName(spans, 'cache.getOrSet')[1]?.status.code).toBe(SpanStatusCode.UNSET); // the caller got a value
    expect(byName(spans, 'cache.load')[1]?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('traces wrap, puts keys in spans only when asked, and leaves every other member to the cache', async () => {
    const otel = tracingHarness();
    const cache = new MultiLevelCache<string>({ name: 'fn', levels: [{ name: 'l1', tier: new MemoryCache({ maxEntries: 10 }) }] });
    cleanups.push(otel.close, () => cache.close());
    const traced = traceCache(cache, { tracerProvider: otel.tracerProvider, includeKeys: true });
    const greet = traced.wrap((name: string) => `hello ${name}`, { key: (name) => `greet:${name}` });
    expect(await greet('Ada')).toBe('hello Ada');
    expect(await greet('Ada')).toBe('hello Ada');
    expect(byName(otel.spans(), 'cache.getOrSet').map((span) => [span.attributes['cache.key'], span.attributes['cache.outcome']])).toEqual([
      ['greet:Ada', 'load'],
      ['greet:Ada', 'hit'],
    ]);
    expect(traced.name).toBe('fn');
    expect(traced.levelNames).toEqual(['l1']);
    expect(traced.levelStats().map((level) => [level.name, level.hits])).toEqual([['l1', 1]]);
    expect(await traced.get('greet:Ada')).toBe('hello Ada'); // untraced: only getOrSet and loads make spans
    expect(otel.spans()).toHaveLength(3);
  });

  it('rejects what cannot be traced with typed errors', () => {
    expect(() => traceCache({} as never)).toThrow(expect.objectContaining({ code: 'CACHE_INVALID_ARGUMENT', argument: 'cache' }));
    const cache = new MultiLevelCache<string>({ levels: [{ name: 'l1', tier: new MemoryCache({ maxEntries: 1 }) }] });
    cleanups.push(() => cache.close());
    expect(() => traceCache(cache, { includeKeys: 'yes' as never })).toThrow(expect.objectContaining({ code: 'CACHE_INVALID_OPTION', option: 'includeKeys' }));
  });
});
