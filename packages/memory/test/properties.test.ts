import type { RemovalReason } from '@cache/core';
import { FakeClock } from '@cache/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryCache, POLICIES, type PolicyName } from '../src/index.js';

type Op =
  | { t: 'set'; k: string; ttl: number | undefined; size: number }
  | { t: 'get' | 'getEntry' | 'peek' | 'has' | 'delete'; k: string }
  | { t: 'advance'; ms: number }
  | { t: 'purge' }
  | { t: 'clear' };

const key = fc.integer({ min: 0, max: 11 }).map((i) => `k${i}`);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('set' as const), k: key, ttl: fc.option(fc.constantFrom(50, 500, 1500, 5000), { nil: undefined }), size: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constantFrom('get' as const, 'getEntry' as const, 'peek' as const, 'has' as const, 'delete' as const), k: key }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('advance' as const), ms: fc.constantFrom(10, 100, 700, 1100, 3000) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'purge' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'clear' as const }) },
);

interface Bound {
  maxEntries?: number;
  maxBytes?: number;
}

/**
 * Runs `ops` against a cache and a reference model that learns evictions only
 * from the listener: every read must match the model (the latest write unless
 * evicted or expired), bounds hold after every operation, and stats add up.
 */
function checkAgainstModel(policy: PolicyName, bound: Bound, slidingTtl: boolean, ops: Op[]): void {
  const clock = new FakeClock();
  const events: [string, unknown, RemovalReason][] = [];
  const cache = new MemoryCache<{ id: number; size: number }>({
    ...(bound as { maxEntries: number }),
    policy,
    clock,
    slidingTtl,
    seed: 5,
    sizeOf: (v) => v.size,
    onEvict: (k, v, r) => events.push([k, v, r]),
  });
  const model = new Map<string, { value: { id: number; size: number }; expiresAt: number; ttl: number }>();
  const expected = { hits: 0, misses: 0, sets: 0, deletes: 0, evictions: 0, expired: 0 };
  let nextId = 0;
  const live = (k: string) => {
    const entry = model.get(k);
    return entry !== undefined && entry.expiresAt > clock.now() ? entry : undefined;
  };
  for (const o of ops) {
    events.length = 0;
    switch (o.t) {
      case 'set': {
        const value = { id: nextId++, size: o.size };
        cache.set(o.k, value, o.ttl === undefined ? undefined : { ttl: o.ttl });
        const ttl = o.ttl ?? Infinity;
        model.set(o.k, { value, expiresAt: clock.now() + ttl, ttl });
        expected.sets++;
        break;
      }
      case 'get':
      case 'getEntry': {
        const entry = live(o.k);
        const got = o.t === 'get' ? cache.get(o.k) : cache.getEntry(o.k)?.value;
        expect(got).toBe(entry?.value);
        if (entry) {
          expected.hits++;
          if (slidingTtl && entry.ttl !== Infinity) entry.expiresAt = clock.now() + entry.ttl;
        } else {
          expected.misses++;
        }
        break;
      }
      case 'peek':
        expect(cache.peek(o.k)).toBe(live(o.k)?.value);
        break;
      case 'has':
        expect(cache.has(o.k)).toBe(live(o.k) !== undefined);
        break;
      case 'delete': {
        const wasLive = live(o.k) !== undefined;
        expect(cache.delete(o.k)).toBe(wasLive);
        if (wasLive) expected.deletes++;
        model.delete(o.k);
        break;
      }
      case 'advance':
        clock.advance(o.ms);
        break;
      case 'purge':
        cache.purgeExpired();
        break;
      case 'clear':
        cache.clear();
        break;
    }
    for (const [k, v, reason] of events) {
      if (reason === 'evicted' || reason === 'expired') {
        expected.evictions++;
        if (reason === 'expired') expected.expired++;
      }
      const entry = model.get(k);
      if (reason === 'replaced') continue;
      if (reason === 'explicit') {
        expect(o.t).toBe('delete');
        continue;
      }
      if (entry?.value !== v) {
        // an expired old value that a set overwrote or a delete found
        expect(reason).toBe('expired');
        expect(['set', 'delete']).toContain(o.t);
        continue;
      }
      if (reason === 'expired') expect(entry!.expiresAt).toBeLessThanOrEqual(clock.now());
      if (reason === 'cleared') expect(o.t).toBe('clear');
      model.delete(k);
    }
    expect(cache.size).toBe(model.size);
    if (bound.maxEntries !== undefined) expect(cache.size).toBeLessThanOrEqual(bound.maxEntries);
    if (bound.maxBytes !== undefined) expect(cache.memoryUsage).toBeLessThanOrEqual(bound.maxBytes);
    let bytes = 0;
    for (const entry of model.values()) bytes += entry.value.size;
    expect(cache.memoryUsage).toBe(bytes);
  }
  const liveKeys = [...model.keys()].filter((k) => live(k) !== undefined).sort();
  expect([...cache.keys()].sort()).toEqual(liveKeys);
  const stats = cache.stats();
  expect(stats.hits).toBe(expected.hits);
  expect(stats.misses).toBe(expected.misses);
  expect(stats.sets).toBe(expected.sets);
  expect(stats.deletes).toBe(expected.deletes);
  expect(stats.evictions).toBe(expected.evictions);
  expect(stats.expiredEvictions).toBe(expected.expired);
  cache.close();
}

describe('property: every policy agrees with a reference model', () => {
  for (const policy of POLICIES) {
    it(`${policy}: bounds hold, reads see the latest write unless evicted or expired, stats add up`, () => {
      fc.assert(
        fc.property(
          fc.constantFrom<Bound>({ maxEntries: 5 }, { maxBytes: 100 }, { maxEntries: 4, maxBytes: 60 }),
          fc.boolean(),
          fc.array(op, { minLength: 1, maxLength: 120 }),
          (bound, sliding, ops) => checkAgainstModel(policy, bound, sliding, ops),
        ),
        { numRuns: 150 },
      );
    });
  }
});

type PlainOp = { t: 'set' | 'get' | 'peek' | 'has' | 'delete'; k: string };
const plainOp: fc.Arbitrary<PlainOp> = fc.record({
  t: fc.constantFrom('set' as const, 'set' as const, 'get' as const, 'peek' as const, 'has' as const, 'delete' as const),
  k: key,
});

/** The exact eviction sequence of textbook LRU or FIFO. */
function modelEvictions(kind: 'lru' | 'fifo', capacity: number, ops: PlainOp[]): string[] {
  const order: string[] = [];
  const evicted: string[] = [];
  const touch = (k: string) => {
    order.splice(order.indexOf(k), 1);
    order.push(k);
  };
  for (const o of ops) {
    const present = order.includes(o.k);
    if (o.t === 'set') {
      if (present) {
        if (kind === 'lru') touch(o.k);
      } else {
        if (order.length >= capacity) evicted.push(order.shift()!);
        order.push(o.k);
      }
    } else if (o.t === 'get' && present && kind === 'lru') {
      touch(o.k);
    } else if (o.t === 'delete' && present) {
      order.splice(order.indexOf(o.k), 1);
    }
  }
  return evicted;
}

describe('property: lru and fifo evict exactly what the model evicts', () => {
  for (const kind of ['lru', 'fifo'] as const) {
    it(kind, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 6 }), fc.array(plainOp, { maxLength: 200 }), (capacity, ops) => {
          const evicted: string[] = [];
          const cache = new MemoryCache<number>({ maxEntries: capacity, policy: kind, onEvict: (k, _v, r) => r === 'evicted' && evicted.push(k) });
          ops.forEach((o, i) => {
            if (o.t === 'set') cache.set(o.k, i);
            else cache[o.t](o.k);
          });
          expect(evicted).toEqual(modelEvictions(kind, capacity, ops));
        }),
        { numRuns: 300 },
      );
    });
  }
});
