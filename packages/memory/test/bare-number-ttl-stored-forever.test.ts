/**
 * Regression: `cache.set('k', v, 60_000)` (a ttl passed where the options
 * object goes, as other cache libraries take it) was accepted and the entry
 * never expired: `(60_000).ttl` is undefined, so the default applied.
 */
import { ErrorCode, isCacheError } from '@cache/core';
import { FakeClock } from '@cache/core/testing';
import { describe, expect, it } from 'vitest';
import { MemoryCache } from '../src/index.js';

describe('set with a bare number where the options object goes', () => {
  it('rejects with InvalidArgumentError naming options, says to pass { ttl }, and stores nothing', async () => {
    const cache = new MemoryCache<number>({ maxEntries: 10, clock: new FakeClock() });
    for (const call of [() => cache.set('k', 1, 60_000 as never), () => cache.setMany([{ key: 'k', value: 1 }], '5m' as never)]) {
      let error: unknown;
      try {
        call();
      } catch (e) {
        error = e;
      }
      expect(isCacheError(error, ErrorCode.InvalidArgument)).toBe(true);
      expect((error as Error).message).toMatch(/^options must be an object such as \{ ttl: '5m' \}.*pass the ttl as \{ ttl: /);
    }
    await expect(cache.asAsync().set('k', 1, 60_000 as never)).rejects.toThrow(/options must be an object/);
    expect(cache.size).toBe(0);
    expect(cache.stats().sets).toBe(0);
  });
});
