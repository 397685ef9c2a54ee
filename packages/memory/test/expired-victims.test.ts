/**
 * Regression: an expired entry chosen as a victim was reported `evicted`
 * (stats and `onEvict`), and a write that grew an entry past `maxBytes`
 * evicted live entries while expired ones were still held.
 */
import type { RemovalReason } from '@cache/core';
import { FakeClock } from '@cache/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryCache, POLICIES } from '../src/index.js';

/** The timer wheel's resolution: an entry expired for less than this may still be held. */
const TICK = 1024;

type Op = { t: 'set'; k: number; ttl: number | undefined; size: number } | { t: 'get'; k: number } | { t: 'advance'; ms: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant('set' as const), k: fc.nat(9), ttl: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }), size: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('get' as const), k: fc.nat(9) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 3000 }) }) },
);

describe('expired entries are reclaimed as expired before a live entry is evicted', () => {
  for (const policy of POLICIES) {
    it(`${policy}: every path (insert, update, byte bound)`, () => {
      fc.assert(
        fc.property(fc.constantFrom({ maxEntries: 4 }, { maxBytes: 80 }, { maxEntries: 5, maxBytes: 60 }), fc.integer({ min: 0, max: 2 ** 40 }), fc.array(op, { maxLength: 100 }), (bound, start, ops) => {
          const clock = new FakeClock(start);
          const expiry = new Map<string, number>();
          const removals: [string, RemovalReason][] = [];
          const cache = new MemoryCache<{ size: number }>({
            ...(bound as { maxEntries: number }),
            policy,
            clock,
            seed: 3,
            sizeOf: (v) => v.size,
            onEvict: (k, _v, reason) => removals.push([k, reason]),
          });
          let evicted = 0;
          let expired = 0;
          for (const o of ops) {
            removals.length = 0;
            if (o.t === 'advance') {
              clock.advance(o.ms);
              continue;
            }
            const key = `k${o.k}`;
            if (o.t === 'get') cache.get(key);
            else cache.set(key, { size: o.size }, o.ttl === undefined ? { ttl: Infinity } : { ttl: o.ttl });
            const now = clock.now();
            const newAt = now + (o.t === 'set' ? (o.ttl ?? Infinity) : 0);
            let liveEvicted = false;
            let newEvicted = false;
            for (const [k, reason] of removals) {
              if (reason === 'replaced') continue;
              // a write that grows an entry past maxBytes may evict that very entry (its new, live value)
              const isNewValue = o.t === 'set' && k === key && reason === 'evicted';
              if (isNewValue) newEvicted = true;
              const at = isNewValue ? newAt : expiry.get(k)!;
              if (reason === 'evicted') {
                expect(at, `${k} reported evicted but it had expired`).toBeGreaterThan(now);
                liveEvicted = true;
                evicted++;
              }
              if (reason === 'expired') {
                expect(at).toBeLessThanOrEqual(now);
                expired++;
              }
              expiry.delete(k);
            }
            if (o.t === 'set' && !newEvicted) expiry.set(key, newAt);
            if (liveEvicted) {
              for (const [k, at] of expiry) expect(at, `${k} expired at ${at} and is held while a live entry was evicted at ${now}`).toBeGreaterThan(now - TICK);
            }
          }
          const stats = cache.stats();
          expect(stats.evictions).toBe(evicted + expired);
          expect(stats.expiredEvictions).toBe(expired);
          cache.close();
        }),
        { numRuns: 600 },
      );
    });
  }
});
