import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisClusterCache } from '../src/index.js';
import { createCache } from './helpers.js';

let cache: RedisClusterCache;
beforeAll(() => {
  cache = createCache();
});
afterAll(async () => {
  await cache.close();
});

describe('cluster info (the seed get_cluster_info)', () => {
  it('reports 3 masters, 3 replicas, state ok and every slot covered', async () => {
    const info = (await cache.getClusterInfo())!;
    expect(info.state).toBe('ok');
    expect(info.masters).toBe(3);
    expect(info.replicas).toBe(3);
    expect(info.totalNodes).toBe(6);
    expect(info.slotsAssigned).toBe(16384);
    expect(info.slotsOk).toBe(16384);
    expect(info.slotsCovered).toBe(true);
    const masters = info.nodes.filter((node) => node.role === 'master');
    const covered = masters.flatMap((node) => node.slots).reduce((sum, [from, to]) => sum + to - from + 1, 0);
    expect(covered).toBe(16384);
    for (const replica of info.nodes.filter((node) => node.role === 'replica')) {
      expect(masters.map((master) => master.id)).toContain(replica.masterId);
      expect(replica.slots).toEqual([]);
    }
  });
});

describe('INFO per node and aggregated', () => {
  it('nodeInfo answers for every node with its role', async () => {
    await cache.getMany(['warm', 'up']);
    const nodes = await cache.nodeInfo('server');
    expect(nodes).toHaveLength(6);
    expect(nodes.filter((node) => node.role === 'master')).toHaveLength(3);
    for (const node of nodes) {
      expect(node.error).toBeUndefined();
      expect(node.info!.tcp_port).toBe(node.address.split(':')[1]);
    }
  });

  it('info() sums numeric fields over the nodes and keeps the ones they agree on', async () => {
    const [nodes, total] = await Promise.all([cache.nodeInfo('memory'), cache.info('memory')]);
    const sum = nodes.reduce((acc, node) => acc + Number(node.info!.used_memory), 0);
    expect(Number(total.used_memory)).toBeGreaterThan(sum * 0.5);
    expect(Number(total.used_memory)).toBeLessThan(sum * 1.5);
    const server = await cache.info('server');
    expect(server.redis_version).toMatch(/^\d+\.\d+/);
    expect(server.run_id).toBeUndefined(); // text that differs per node
  });

  it('getStats merges local counters, summed server counters and the cluster fields', async () => {
    await cache.set('a', 1);
    await cache.get('a');
    await cache.get('missing');
    const stats = await cache.getStats();
    expect(stats.hits).toBeGreaterThanOrEqual(1);
    expect(stats.misses).toBeGreaterThanOrEqual(1);
    expect(stats.localHitRatio).toBe(stats.hitRatio);
    expect(stats.redisKeyspaceHits).toBeGreaterThan(0);
    expect(stats.redisUsedMemory).toBeGreaterThan(0);
    expect(stats.clusterState).toBe('ok');
    expect(stats.clusterSize).toBe(3);
    expect(stats.totalNodes).toBe(6);
  });
});
