/**
 * Vitest globalSetup: starts one standalone redis-server, one 3-master/3-replica cluster and one
 * memcached for the project, provides `inject('redisUrl')`, `inject('redisClusterNodes')` and
 * `inject('memcachedServers')`. Teardown stops them. Tests that kill or freeze servers must start
 * their own (startRedisCluster(), startMemcached()) instead.
 */
import type { TestProject } from 'vitest/node';
import { cleanupOrphans } from './orphans.js';
import { startRedisCluster } from './redis-cluster.js';
import { startMemcached } from './memcached-server.js';
import { startRedisServer } from './redis-server.js';
import './vitest-context.js';

export default async function setup(project: Pick<TestProject, 'provide'>): Promise<() => Promise<void>> {
  await cleanupOrphans();
  const started = await Promise.allSettled([startRedisServer(), startRedisCluster(), startMemcached()]);
  const [server, cluster, memcached] = started;
  if (server.status === 'rejected' || cluster.status === 'rejected' || memcached.status === 'rejected') {
    await Promise.all(started.map((result) => (result.status === 'fulfilled' ? result.value.stop() : Promise.resolve())));
    throw started.find((result): result is PromiseRejectedResult => result.status === 'rejected')!.reason;
  }
  project.provide('redisUrl', server.value.url);
  project.provide(
    'redisClusterNodes',
    cluster.value.startupNodes.map((node) => ({ host: node.host, port: node.port })),
  );
  project.provide('memcachedServers', [memcached.value.address]);
  return async () => {
    await Promise.all([server.value.stop(), cluster.value.stop(), memcached.value.stop()]);
  };
}
