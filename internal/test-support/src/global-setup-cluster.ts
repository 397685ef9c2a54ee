/**
 * Vitest globalSetup: starts one standalone redis-server and one 3-master/3-replica cluster for
 * the project, provides `inject('redisUrl')` and `inject('redisClusterNodes')`. Teardown stops both.
 * Tests that kill nodes must start their own cluster with startRedisCluster() instead.
 */
import type { TestProject } from 'vitest/node';
import { cleanupOrphans } from './orphans.js';
import { startRedisCluster } from './redis-cluster.js';
import { startRedisServer } from './redis-server.js';
import './vitest-context.js';

export default async function setup(project: Pick<TestProject, 'provide'>): Promise<() => Promise<void>> {
  await cleanupOrphans();
  const [server, cluster] = await Promise.allSettled([startRedisServer(), startRedisCluster()]);
  if (server.status === 'rejected' || cluster.status === 'rejected') {
    await Promise.all([
      server.status === 'fulfilled' ? server.value.stop() : undefined,
      cluster.status === 'fulfilled' ? cluster.value.stop() : undefined,
    ]);
    throw server.status === 'rejected' ? server.reason : (cluster as PromiseRejectedResult).reason;
  }
  project.provide('redisUrl', server.value.url);
  project.provide(
    'redisClusterNodes',
    cluster.value.startupNodes.map((node) => ({ host: node.host, port: node.port })),
  );
  return async () => {
    await Promise.all([server.value.stop(), cluster.value.stop()]);
  };
}
