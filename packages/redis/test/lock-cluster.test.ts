/**
 * RedisLoadLock on an ioredis Cluster client: the lock is one key, so the
 * same commands route to its slot's master. Core's lock suite on a real
 * 3-master Redis Cluster (started here; about 2 s).
 */
import { afterAll, beforeAll } from 'vitest';
import { Cluster } from 'ioredis';
import { startRedisCluster, type RedisClusterHandle } from '@cache/test-support';
import { describeLockConformance } from '@cache/core/testing/vitest';
import { RedisLoadLock } from '../src/index.js';
import { uniquePrefix } from './helpers.js';

let handle: RedisClusterHandle;
let client: Cluster;
beforeAll(async () => {
  handle = await startRedisCluster();
  client = new Cluster([...handle.startupNodes]);
});
afterAll(async () => {
  await client?.quit();
  await handle?.stop();
});

describeLockConformance({ name: 'RedisLoadLock on a Redis Cluster', time: 'real', ttl: 100, create: () => new RedisLoadLock({ client, prefix: uniquePrefix('cl') }) });
