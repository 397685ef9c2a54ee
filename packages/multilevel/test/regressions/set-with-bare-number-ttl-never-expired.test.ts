/**
 * Regression: `cache.set('k', v, 60_000)` (a ttl where `{ ttl }` goes) wrote
 * through every level with the default ttl (none): the entry never expired.
 * It is now an InvalidArgumentError naming `options`, and no level is written.
 */
import { ErrorCode, isCacheError } from '@cache/core';
import { MemoryCache } from '@cache/memory';
import { describe, expect, it } from 'vitest';
import { MultiLevelCache } from '../../src/index.js';

describe('tiered set with a bare number where the options object goes', () => {
  it('rejects with InvalidArgumentError naming options; no level is written', async () => {
    const l1 = new MemoryCache({ maxEntries: 10 });
    const l2 = new MemoryCache({ maxEntries: 10 });
    const cache = new MultiLevelCache<number>({ levels: [{ name: 'l1', tier: l1 }, { name: 'l2', tier: l2 }] });
    for (const call of [() => cache.set('k', 1, 60_000 as never), () => cache.setMany([{ key: 'k', value: 1 }], '5m' as never)]) {
      const error = await call().catch((e: unknown) => e);
      expect(isCacheError(error, ErrorCode.InvalidArgument), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/^options must be an object such as \{ ttl: '5m' \}/);
    }
    expect([l1.size, l2.size]).toEqual([0, 0]);
    await cache.close();
  });
});
