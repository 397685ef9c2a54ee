/**
 * Regression: `increment` returned 9007199254740992 for a counter Redis holds
 * as 9007199254740991. ioredis decodes an integer reply with
 * `n * 10 + byte - 48`, whose middle step passes 2^53, so the top values of
 * the safe range came back rounded; the tier now reads the new value as the
 * string Redis stores.
 */
import { afterAll, expect, it } from 'vitest';
import { createCache, uniquePrefix } from './helpers.js';

const cache = createCache<number>({ prefix: uniquePrefix('incr') });
afterAll(() => cache.close());

it('returns the exact new value at the top of the safe integer range', async () => {
  expect(await cache.increment('n', Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
  expect(await cache.increment('m', Number.MAX_SAFE_INTEGER - 10)).toBe(Number.MAX_SAFE_INTEGER - 10);
  expect(await cache.increment('m', 7)).toBe(Number.MAX_SAFE_INTEGER - 3);
  expect(await cache.increment('m', -(Number.MAX_SAFE_INTEGER - 3))).toBe(0);
});

it('still returns floats from INCRBYFLOAT', async () => {
  expect(await cache.increment('f', 1.5)).toBe(1.5);
  expect(await cache.increment('f', 0.25)).toBe(1.75);
});
