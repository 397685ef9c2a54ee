/**
 * Regression: `cache.set('k', v, 60_000)` (a ttl where `{ ttl }` goes) wrote
 * the key without an expiry, and a `setMany` entry that throws when read
 * (a getter, a Proxy) escaped as its raw error. Both are now
 * InvalidArgumentErrors raised before anything is sent.
 */
import { ErrorCode, isCacheError } from '@cache/core';
import { describe, expect, it } from 'vitest';
import { closeAfterAll } from './helpers.js';

const make = closeAfterAll();

describe('set with a bare number where the options object goes (redis)', () => {
  it('rejects with InvalidArgumentError naming options; nothing reaches Redis', async () => {
    const cache = make();
    for (const call of [() => cache.set('k', 1, 60_000 as never), () => cache.setMany([{ key: 'k', value: 1 }], 60_000 as never)]) {
      const error = await call().catch((e: unknown) => e);
      expect(isCacheError(error, ErrorCode.InvalidArgument), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/^options must be an object such as \{ ttl: '5m' \} \(got 60000\); pass the ttl as \{ ttl: 60000 \}/);
    }
    expect(await cache.client.exists(`${cache.prefix}:k`)).toBe(0);
  });

  it('a setMany entry that throws when read: InvalidArgumentError naming entries[i]; nothing is written', async () => {
    const cache = make();
    const trap = () => {
      throw new Error('trap exploded');
    };
    const entry = new Proxy({}, { get: trap, ownKeys: trap });
    const error = await cache.setMany([{ key: 'a', value: 1 }, entry as never]).catch((e: unknown) => e);
    expect(isCacheError(error, ErrorCode.InvalidArgument), String(error)).toBe(true);
    expect((error as Error).message).toBe('entries[1] could not be read (trap exploded); pass plain objects { key, value, ttl? }');
    expect(await cache.client.exists(`${cache.prefix}:a`)).toBe(0);
  });
});
