/**
 * Spans for getOrSet and loads reach the OpenTelemetry SDK's in-memory span
 * exporter from the tracing channels MultiLevelCache publishes on: one
 * `cache.getOrSet` span per call with how the cache says it was answered
 * (hit, coalesced, lock-wait, load, stale), one `cache.load` child per
 * loader call, errors recorded; nothing is published without a subscriber.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { FakeClock, MemoryLoadLock } from '@cache/core/testing';
import { MemoryCache } from '@cache/memory';
import { GETORSET_CHANNEL as MULTILEVEL_GETORSET, LOAD_CHANNEL as MULTILEVEL_LOAD, MultiLevelCache } from '@cache/multilevel';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { GETORSET_CHANNEL, LOAD_CHANNEL, traceCaches } from '../src/index.js';
import { tracingHarness } from './otel-harness.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup(includeKeys?: boolean) {
  const otel = tracingHarness();
  const tracing = traceCaches({ tracerProvider: otel.tracerProvider, includeKeys });
  const clock = new FakeClock(Date.now());
  const cache = new MultiLevelCache<string>({ name: 'users', clock, defaultTtl: '1m', grace: '1h', levels: [{ name: 'l1', tier: new MemoryCache({ maxEntries: 100, clock }) }] });
  cleanups.push(otel.close, () => tracing.close(), () => cache.close());
  return { otel, clock, cache, tracing };
}

const byName = (spans: ReadableSpan[], name: string) => spans.filter((span) => span.name === name);
const outcomes = (spans: ReadableSpan[]) => byName(spans, 'cache.getOrSet').map((span) => span.attributes['cache.outcome']);

describe('traceCaches', () => {
  it('listens on the channels @cache/multilevel publishes on', () => {
    expect([GETORSET_CHANNEL, LOAD_CHANNEL]).toEqual([MULTILEVEL_GETORSET, MULTILEVEL_LOAD]);
  });

  it('opens a getOrSet span per call and a child load span per loader call', async () => {
    const { otel, cache } = setup();
    expect(await cache.getOrSet('u:1', () => 'Ada')).toBe('Ada');
    expect(await cache.getOrSet('u:1', () => 'never')).toBe('Ada');
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
    const { otel, cache } = setup();
    let release!: (value: string) => void;
    const slow = new Promise<string>((resolve) => (release = resolve));
    const calls = [cache.getOrSet('hot', () => slow), cache.getOrSet('hot', () => 'never'), cache.getOrSet('hot', () => 'never')];
    await Promise.resolve();
    release('v');
    expect(await Promise.all(calls)).toEqual(['v', 'v', 'v']);
    expect(outcomes(otel.spans()).sort()).toEqual(['coalesced', 'coalesced', 'load']);
    expect(byName(otel.spans(), 'cache.load')).toHaveLength(1);
  });

  it('marks a caller answered by another instance\'s load under the load lock as lock-wait', async () => {
    const otel = tracingHarness();
    const tracing = traceCaches({ tracerProvider: otel.tracerProvider });
    const lock = new MemoryLoadLock();
    const shared = new MemoryCache<unknown>({ maxEntries: 100 }).asAsync(); // stands for a shared remote level
    const instance = (name: string) =>
      new MultiLevelCache<string>({ name, lock, lockPollInterval: 5, levels: [{ name: 'l1', tier: new MemoryCache({ maxEntries: 100 }) }, { name: 'shared', tier: shared, shared: true }] });
    const a = instance('a');
    const b = instance('b');
    cleanups.push(otel.close, () => tracing.close(), () => a.close(), () => b.close());
    let release!: (value: string) => void;
    const slow = new Promise<string>((resolve) => (release = resolve));
    const holder = a.getOrSet('hot', () => slow);
    for (let i = 0; i < 100 && a.multilevelStats().loads === 0; i++) await new Promise((resolve) => setTimeout(resolve, 2));
    const waiter = b.getOrSet('hot', () => 'never');
    for (let i = 0; i < 200 && b.multilevelStats().lockWaits === 0; i++) await new Promise((resolve) => setTimeout(resolve, 2));
    release('v');
    expect(await Promise.all([holder, waiter])).toEqual(['v', 'v']);
    const spans = byName(otel.spans(), 'cache.getOrSet');
    expect(spans.map((span) => [span.attributes['cache.name'], span.attributes['cache.outcome']]).sort()).toEqual([
      ['a', 'load'],
      ['b', 'lock-wait'],
    ]);
    expect(byName(otel.spans(), 'cache.load').map((span) => span.attributes['cache.name'])).toEqual(['a']);
  });

  it('records a failing loader on both spans, and a stale answer within grace', async () => {
    const { otel, cache, clock } = setup();
    await expect(cache.getOrSet('u:9', () => Promise.reject(new Error('db down')))).rejects.toMatchObject({ code: 'CACHE_LOADER' });
    let spans = otel.spans();
    expect(spans).toHaveLength(2);
    for (const span of spans) {
      expect(span.status).toMatchObject({ code: SpanStatusCode.ERROR });
      expect(span.events.some((event) => event.name === 'exception')).toBe(true);
    }
    expect(byName(spans, 'cache.load')[0]?.status.message).toBe('db down');

    otel.reset();
    await cache.getOrSet('u:1', () => 'Ada');
    clock.advance(120_000); // past the ttl, within grace
    expect(await cache.getOrSet('u:1', () => Promise.reject(new Error('db down')))).toBe('Ada');
    spans = otel.spans();
    expect(outcomes(spans)).toEqual(['load', 'stale']);
    expect(byName(spans, 'cache.getOrSet')[1]?.status.code).toBe(SpanStatusCode.UNSET); // the caller got a value
    expect(byName(spans, 'cache.load')[1]?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('answers stale at a soft timeout of 0 and ends the load span when the loader settles', async () => {
    const { otel, cache, clock } = setup();
    await cache.getOrSet('u:1', () => 'Ada');
    clock.advance(120_000);
    let release!: (value: string) => void;
    const slow = new Promise<string>((resolve) => (release = resolve));
    expect(await cache.getOrSet('u:1', () => slow, { softTimeout: 0 })).toBe('Ada');
    expect(outcomes(otel.spans())).toEqual(['load', 'stale']);
    expect(byName(otel.spans(), 'cache.load')).toHaveLength(1); // the second load is still running
    release('Grace');
    for (let i = 0; i < 100 && byName(otel.spans(), 'cache.load').length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 2));
    expect(byName(otel.spans(), 'cache.load')).toHaveLength(2);
    expect(outcomes(otel.spans())).toEqual(['load', 'stale']);
  });

  it('traces wrap, puts keys in spans only when asked, and leaves other calls alone', async () => {
    const { otel, cache } = setup(true);
    const greet = cache.wrap((name: string) => `hello ${name}`, { key: (name) => `greet:${name}` });
    expect(await greet('Ada')).toBe('hello Ada');
    expect(await greet('Ada')).toBe('hello Ada');
    expect(byName(otel.spans(), 'cache.getOrSet').map((span) => [span.attributes['cache.key'], span.attributes['cache.outcome']])).toEqual([
      ['greet:Ada', 'load'],
      ['greet:Ada', 'hit'],
    ]);
    expect(await cache.get('greet:Ada')).toBe('hello Ada'); // only getOrSet and loads make spans
    expect(otel.spans()).toHaveLength(3);
  });

  it('publishes nothing while nobody subscribes, and stops at close()', async () => {
    const getOrSet = diagnosticsChannel.tracingChannel(GETORSET_CHANNEL);
    const load = diagnosticsChannel.tracingChannel(LOAD_CHANNEL);
    expect(getOrSet.hasSubscribers).toBe(false);
    expect(load.hasSubscribers).toBe(false);
    // a raw listener on the start channels sees every publication of either kind
    const seen: unknown[] = [];
    const listener = (message: unknown) => seen.push(message);
    const { otel, cache, tracing } = setup();
    expect(getOrSet.hasSubscribers).toBe(true);
    tracing.close();
    tracing.close(); // idempotent
    expect(getOrSet.hasSubscribers).toBe(false);
    expect(load.hasSubscribers).toBe(false);
    await cache.getOrSet('k', () => 'v'); // a load
    await cache.getOrSet('k', () => 'v'); // an L1 hit
    expect(otel.spans()).toEqual([]);
    // with a listener of its own, the same calls are published: the check above is not vacuous
    diagnosticsChannel.subscribe(`tracing:${GETORSET_CHANNEL}:start`, listener);
    try {
      await cache.getOrSet('k', () => 'v');
      expect(seen).toEqual([expect.objectContaining({ cache: 'users', key: 'k', outcome: 'hit' })]);
    } finally {
      diagnosticsChannel.unsubscribe(`tracing:${GETORSET_CHANNEL}:start`, listener);
    }
    expect(otel.spans()).toEqual([]);
  });

  it('rejects bad options with typed errors', () => {
    expect(() => traceCaches({ includeKeys: 'yes' as never })).toThrow(expect.objectContaining({ code: 'CACHE_INVALID_OPTION', option: 'includeKeys' }));
    expect(() => traceCaches(null as never)).toThrow(expect.objectContaining({ code: 'CACHE_INVALID_OPTION' }));
    expect(diagnosticsChannel.tracingChannel(GETORSET_CHANNEL).hasSubscribers).toBe(false);
  });
});
