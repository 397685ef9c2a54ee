/**
 * Property-based: random sequences of operations against a Map reference
 * model. L2 is big enough to hold every key, L1 is tiny (it evicts all the
 * time), so every read must agree with the model, and L1 must never hold a
 * value L2 lacks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '@cache/core/testing';
import { MemoryCache } from '@cache/memory';
import { MultiLevelCache } from '../src/index.js';
import { memory } from './helpers.js';

const KEYS = ['a', 'b', 'c', 'd', 'e', 'f'];
const key = fc.constantFrom(...KEYS);
const ttl = fc.option(fc.integer({ min: 1, max: 5_000 }), { nil: undefined });

type Op =
  | { kind: 'set'; key: string; value: number; ttl: number | undefined }
  | { kind: 'delete'; key: string }
  | { kind: 'get'; key: string }
  | { kind: 'getMany'; keys: string[] }
  | { kind: 'getOrSet'; key: string; value: number; ttl: number | undefined }
  | { kind: 'advance'; ms: number }
  | { kind: 'clear' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), key, value: fc.integer(), ttl }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), key }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('get' as const), key }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('getMany' as const), keys: fc.array(key, { maxLength: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('getOrSet' as const), key, value: fc.integer(), ttl }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 3_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const) }) },
);

describe('against a reference model', () => {
  it('reads agree with the model and L1 never holds what L2 lacks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), async (ops) => {
        const clock = new FakeClock();
        const l1 = new MemoryCache({ maxEntries: 2, policy: 'lru', clock }); // LRU: a write always evicts, so promotions happen
        const l2 = memory(clock, 100);
        const cache = new MultiLevelCache<number>({ clock, levels: [{ name: 'l1', tier: l1 }, { name: 'l2', tier: l2.asAsync() }] });
        const model = new Map<string, { value: number; expiresAt: number }>();
        const live = (k: string) => {
          const entry = model.get(k);
          return entry !== undefined && entry.expiresAt > clock.now() ? entry.value : undefined;
        };
        for (const o of ops) {
          switch (o.kind) {
            case 'set':
              await cache.set(o.key, o.value, o.ttl === undefined ? {} : { ttl: o.ttl });
              model.set(o.key, { value: o.value, expiresAt: clock.now() + (o.ttl ?? Infinity) });
              break;
            case 'delete':
              expect(await cache.delete(o.key)).toBe(live(o.key) !== undefined);
              model.delete(o.key);
              break;
            case 'get':
              expect(await cache.get(o.key)).toBe(live(o.key));
              break;
            case 'getMany':
              expect(await cache.getMany(o.keys)).toEqual(o.keys.map(live));
              break;
            case 'getOrSet': {
              const expected = live(o.key) ?? o.value;
              if (live(o.key) === undefined) model.set(o.key, { value: o.value, expiresAt: clock.now() + (o.ttl ?? Infinity) });
              expect(await cache.getOrSet(o.key, () => o.value, o.ttl === undefined ? {} : { ttl: o.ttl })).toBe(expected);
              break;
            }
            case 'advance':
              clock.advance(o.ms);
              break;
            case 'clear':
              await cache.clear();
              model.clear();
              break;
          }
          for (const k of KEYS) {
            const fast = l1.peek(k);
            if (fast !== undefined) expect(l2.peek(k)).toBe(fast);
          }
        }
        await cache.close();
      }),
      { numRuns: 200 },
    );
  });
});
