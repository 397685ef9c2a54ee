/**
 * Regression: `increment(key, 1e308)` (or any integer past 2^53) passed the
 * `by` check, reached Redis as INCRBY and failed there with a BackendError
 * ("value is not an integer or out of range"). It is now an
 * InvalidArgumentError naming `by`, and nothing is sent.
 */
import { ErrorCode, isCacheError, type InvalidArgumentError } from '@cache/core';
import { describe, expect, it } from 'vitest';
import { closeAfterAll } from './helpers.js';

const make = closeAfterAll();

describe('increment by an integer a double cannot hold exactly', () => {
  it('rejects with InvalidArgumentError naming by before sending anything', async () => {
    const cache = make();
    const commands: string[] = [];
    cache.client.on('commandSent', (c: { name: string }) => commands.push(c.name));
    await cache.ready();
    for (const by of [1e308, 2 ** 64, -(2 ** 53)]) {
      const error = await cache.increment('n', by).catch((e: unknown) => e);
      expect(isCacheError(error, ErrorCode.InvalidArgument), String(error)).toBe(true);
      expect((error as InvalidArgumentError).argument).toBe('by');
      expect((error as Error).message).toMatch(/^by must be a finite number, and a whole one within ±Number.MAX_SAFE_INTEGER/);
    }
    expect(await cache.client.exists(`${cache.prefix}:n`)).toBe(0);
    expect(cache.stats().errors).toBe(0);
    expect(await cache.increment('n', 2 ** 40)).toBe(2 ** 40);
    expect(await cache.increment('f', 0.5)).toBe(0.5);
  });
});
