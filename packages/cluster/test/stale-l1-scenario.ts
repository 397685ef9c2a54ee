/**
 * The stale-L1 scenario of two MultiLevelCache instances over a
 * cluster-backed bus, shared by the regression tests of a subscriber node
 * that dies and one that hangs (each on a cluster of its own).
 */
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import { MemoryCache } from '@cache/memory';
import { MultiLevelCache } from '@cache/multilevel';
import { RedisInvalidationBus } from '@cache/redis';
import { RedisClusterCache, keySlot } from '../src/index.js';
import { uniquePrefix, until, type useOwnCluster } from './helpers.js';


type OwnCluster = ReturnType<typeof useOwnCluster>;

/** Subscribers of `channel` on each node, by port. */
async function subscribersByNode(own: OwnCluster, channel: string): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (const node of own.handle.nodes) {
    const admin = new Redis({ host: node.host, port: node.port });
    try {
      const [, count] = (await admin.call('PUBSUB', 'NUMSUB', channel)) as [string, number];
      counts.set(node.port, count);
    } finally {
      await admin.quit();
    }
  }
  return counts;
}

function instance(own: OwnCluster, name: string, namespace: string, prefix: string, channelPrefix: string) {
  const l2 = new RedisClusterCache({ nodes: own.handle.startupNodes.slice(), prefix });
  const bus = new RedisInvalidationBus({ client: l2.client, channelPrefix, instanceId: name, heartbeat: '500ms' });
  const l1 = new MemoryCache({ maxEntries: 100 });
  const cache = new MultiLevelCache<number>({ name: namespace, levels: [{ name: 'memory', tier: l1 }, { name: 'cluster', tier: l2 }], bus });
  const close = async () => {
    await cache.close();
    await bus.close();
    await l2.close();
  };
  return { cache, bus, l1, l2, close };
}

/**
 * A writes while B's bus subscriber node is SIGSTOPped; then the node is
 * SIGKILLed (`'killed'`) or left hanging (`'hung'`). B must then serve A's
 * new value (every wait is `until`'s 30 s, generous: the kill may start a
 * failover, and the machine is loaded).
 */
export async function writeWhileSubscriberNodeStopped(own: OwnCluster, then: 'killed' | 'hung'): Promise<void> {
  const [namespace, prefix, channelPrefix] = [uniquePrefix('ns'), uniquePrefix('shared'), uniquePrefix('bus')];
  const channel = `${channelPrefix}:${namespace}`;
  const a = instance(own, 'a', namespace, prefix, channelPrefix);
  let b: ReturnType<typeof instance> | undefined;
  let stopped: number | undefined;
  try {
    await a.cache.ready();
    const before = await subscribersByNode(own, channel);
    b = instance(own, 'b', namespace, prefix, channelPrefix);
    const bb = b;
    await bb.cache.ready();
    const after = await subscribersByNode(own, channel);
    const port = [...after].find(([node, count]) => count > (before.get(node) ?? 0))?.[0];
    if (port === undefined) throw new Error("no node has B's subscription");
    const node = own.handle.nodes.find((entry) => entry.port === port)!;

    // a key whose master is not the node that dies, so both levels stay healthy
    const key = Array.from({ length: 100 }, (_, i) => `k${i}`).find((k) => a.l2.client.slots[keySlot(`${prefix}:${k}`)]![0] !== `127.0.0.1:${port}`)!;
    const seen = bb.cache.multilevelStats().invalidations;
    await a.cache.set(key, 1, { ttl: '10m' });
    // A's message about this write reaches B first (else it would drop the copy B is about to promote)
    await until(() => bb.cache.multilevelStats().invalidations > seen, "A's first message at B");
    await until(async () => (await bb.cache.get(key)) === 1 && bb.l1.peek(key) !== undefined, "the old value in B's L1");

    const published = a.bus.counters.published;
    process.kill(node.pid!, 'SIGSTOP');
    stopped = node.pid;
    await a.cache.set(key, 2, { ttl: '10m' });
    await until(() => a.bus.counters.published > published, "A's publish of the write");
    if (then === 'killed') {
      await own.handle.killNode(port);
      stopped = undefined;
    }

    await until(async () => (await bb.cache.get(key).catch(() => undefined)) === 2, 'B to serve the new value');
    expect(bb.cache.multilevelStats().busSubscribed).toBe(true);
  } finally {
    if (stopped !== undefined) process.kill(stopped, 'SIGCONT');
    await Promise.all([a.close(), b?.close()]);
  }
}
