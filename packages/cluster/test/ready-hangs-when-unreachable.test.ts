/**
 * Regression (issue 9, item 4) on a cluster: `ready()` settles within
 * `connectTimeout` with a ConnectionError naming the startup nodes when no
 * node can be reached, and resolves on the project's healthy cluster.
 */
import { describe, expect, it } from 'vitest';
import { freePort } from '@cache/test-support';
import { ErrorCode } from '@cache/core';
import { RedisClusterCache } from '../src/index.js';
import { createCache } from './helpers.js';

const CONNECT_TIMEOUT = 400;

describe('RedisClusterCache.ready()', () => {
  it('rejects within connectTimeout, naming the startup nodes, when no node answers', async () => {
    const port = await freePort();
    const cache = new RedisClusterCache({ nodes: [`127.0.0.1:${port}`], connectTimeout: CONNECT_TIMEOUT });
    try {
      const start = performance.now();
      const error = await cache.ready().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: ErrorCode.Connection, message: expect.stringContaining(`127.0.0.1:${port}`) });
      expect(performance.now() - start).toBeLessThanOrEqual(CONNECT_TIMEOUT + 400);
    } finally {
      await cache.close();
    }
  });

  it('resolves on a healthy cluster', async () => {
    const cache = createCache();
    try {
      await cache.ready();
      expect(await cache.set('k', 1)).toBe(true);
    } finally {
      await cache.close();
    }
  });
});
