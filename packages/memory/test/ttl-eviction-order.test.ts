/**
 * Regression: the `ttl` policy evicted an entry expiring in 65 s before one
 * expiring in 2 s (and 69.8 min before 60 min, …): a duration just under 64
 * bucket spans of a wheel level wrapped onto the current tick's bucket, which
 * `soonest()` scans first.
 */
import { FakeClock } from '@cache/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryCache } from '../src/index.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The documented granularity: how much later than the soonest entry the victim may expire, by how far away the soonest is. */
function granularity(remaining: number): number {
  if (remaining <= 63 * 1024) return 1024;
  if (remaining <= 63 * 2 ** 16) return 2 ** 16;
  if (remaining <= 31 * 2 ** 22) return 2 ** 22;
  if (remaining <= 3 * 2 ** 27) return 2 ** 27;
  return Infinity;
}

function victimOf(start: number, ttls: readonly number[]): string {
  const clock = new FakeClock(start);
  const evicted: string[] = [];
  const cache = new MemoryCache<number>({ maxEntries: ttls.length, policy: 'ttl', clock, onEvict: (k, _v, r) => r === 'evicted' && evicted.push(k) });
  ttls.forEach((ttl, i) => cache.set(`e${i}`, i, { ttl }));
  cache.set('new', -1, { ttl: 10 * DAY });
  cache.close();
  return evicted[0]!;
}

describe('ttl policy: evicts the entry that expires soonest', () => {
  const cases: [string, number, number][] = [
    ['65 s after 2 s', 65 * SECOND, 2 * SECOND],
    ['64.6 s after 30 s', 64.6 * SECOND, 30 * SECOND],
    ['69.8 min after 60 min', 69.8 * MINUTE, 60 * MINUTE],
    ['69 min after 2 s', 69 * MINUTE, 2 * SECOND],
    ['36 h after 30 h', 36 * HOUR, 30 * HOUR],
    ['5 d after 3 d', 5 * DAY, 3 * DAY],
    ['6 d after 1 min', 6 * DAY, MINUTE],
  ];
  for (const [name, later, sooner] of cases) {
    it(`${name}, whatever the clock reads`, () => {
      // many clock phases against the bucket boundaries of every level
      for (let k = 0; k < 400; k++) {
        const start = 1_700_000_000_000 + k * 1_234_567;
        expect(victimOf(start, [later, sooner])).toBe('e1');
        expect(victimOf(start, [sooner, later])).toBe('e0');
      }
    });
  }

  it('property: the victim expires within the documented granularity of the soonest entry', () => {
    const ttl = fc.oneof(
      fc.integer({ min: 1, max: 70 * SECOND }),
      fc.integer({ min: 60 * SECOND, max: 75 * MINUTE }),
      fc.integer({ min: 60 * MINUTE, max: 40 * HOUR }),
      fc.integer({ min: 30 * HOUR, max: 8 * DAY }),
    );
    const op = fc.oneof(
      { weight: 4, arbitrary: fc.record({ t: fc.constant('set' as const), k: fc.nat(15), ttl: fc.option(ttl, { nil: undefined }) }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('advance' as const), ms: fc.oneof(fc.integer({ min: 1, max: 5 * SECOND }), fc.integer({ min: 1, max: 3 * HOUR })) }) },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 1, max: 6 }), fc.array(op, { maxLength: 150 }), (start, capacity, ops) => {
        const clock = new FakeClock(start);
        const expiry = new Map<string, number>();
        const cache = new MemoryCache<number>({
          maxEntries: capacity,
          policy: 'ttl',
          clock,
          onEvict: (k, _v, reason) => {
            const at = expiry.get(k)!;
            expiry.delete(k);
            if (reason !== 'evicted') return;
            // the victim was live; nothing held with a TTL expires a granularity earlier, and no TTL-less entry goes first
            expect(at).toBeGreaterThan(clock.now());
            const soonest = Math.min(at, ...expiry.values());
            if (at === Infinity) expect(soonest).toBe(Infinity);
            else expect(at - soonest).toBeLessThan(granularity(soonest - clock.now()));
          },
        });
        for (const o of ops) {
          if (o.t === 'advance') {
            clock.advance(o.ms);
            continue;
          }
          expiry.delete(`k${o.k}`);
          cache.set(`k${o.k}`, 0, o.ttl === undefined ? { ttl: Infinity } : { ttl: o.ttl });
          expiry.set(`k${o.k}`, clock.now() + (o.ttl ?? Infinity));
        }
        cache.close();
      }),
      { numRuns: 300 },
    );
  });
});
