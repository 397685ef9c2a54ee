/**
 * Regression (issue 9, item 4): `MultiLevelCache.ready()` with its bus's
 * Redis unreachable hung silently forever (the coherence layer retried
 * subscribing and never settled ready()). It now rejects with the bus's
 * typed error, which names the address, within the bus's connect deadline,
 * and the cache keeps serving without coherence.
 */
import { createServer } from 'node:net';
import { ErrorCode, isCacheError } from '@cache/core';
import { MemoryCache } from '@cache/memory';
import { RedisInvalidationBus } from '@cache/redis';
import { describe, expect, it } from 'vitest';
import { MultiLevelCache } from '../../src/index.js';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('ready() with the bus unreachable', () => {
  it('rejects with a ConnectionError naming the address, and the cache still serves', async () => {
    const port = await closedPort();
    const bus = new RedisInvalidationBus({ url: `redis://127.0.0.1:${port}`, connectTimeout: 500 });
    const cache = new MultiLevelCache<number>({ levels: [{ name: 'memory', tier: new MemoryCache({ maxEntries: 10 }) }], bus, onError: () => {} });
    try {
      const started = Date.now();
      const outcome = await cache.ready().then(
        () => 'resolved',
        (error: unknown) => error,
      );
      expect(Date.now() - started).toBeLessThan(5_000); // settles (the bound is the bus's connectTimeout, plus slack for a loaded machine)
      expect(isCacheError(outcome) && outcome.code).toBe(ErrorCode.Connection);
      expect(String((outcome as Error).message)).toContain(`127.0.0.1:${port}`);
      expect(await cache.set('k', 1)).toBe(true);
      expect(await cache.get('k')).toBe(1);
    } finally {
      await cache.close();
      await bus.close();
    }
  });
});
