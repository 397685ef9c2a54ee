import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisCommand, startRedisCluster, type RedisClusterHandle } from '../src/index.js';
import { parseClusterNodes } from '../src/redis-cluster.js';
import { canBind, eventually, isGone } from './helpers.js';

function infoField(info: unknown, field: string): string | undefined {
  return String(info)
    .split('\r\n')
    .find((line) => line.startsWith(`${field}:`))
    ?.slice(field.length + 1);
}

describe('startRedisCluster', () => {
  let cluster: RedisClusterHandle | undefined;

  beforeAll(async () => {
    const t0 = performance.now();
    cluster = await startRedisCluster();
    console.log(`6-node cluster ready in ${Math.round(performance.now() - t0)} ms`);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('reports cluster_state:ok with all 16384 slots assigned on every node', async () => {
    expect(cluster!.nodes).toHaveLength(6);
    expect(cluster!.startupNodes).toEqual(cluster!.nodes.map((node) => ({ host: '127.0.0.1', port: node.port })));
    for (const node of cluster!.nodes) {
      expect(node.host).toBe('127.0.0.1');
      expect(node.pid).toBeTypeOf('number');
      expect(node.port).toBeLessThan(55535);
      const info = await redisCommand(node.port, ['CLUSTER', 'INFO']);
      expect(infoField(info, 'cluster_state')).toBe('ok');
      expect(infoField(info, 'cluster_slots_assigned')).toBe('16384');
      expect(infoField(info, 'cluster_slots_ok')).toBe('16384');
      expect(infoField(info, 'cluster_known_nodes')).toBe('6');
    }
  });

  it('has 3 masters with one replica each', async () => {
    const roles = cluster!.nodes.map((node) => node.role);
    expect(roles.filter((role) => role === 'master')).toHaveLength(3);
    expect(roles.filter((role) => role === 'replica')).toHaveLength(3);
    const entries = parseClusterNodes(String(await redisCommand(cluster!.nodes[0]!.port, ['CLUSTER', 'NODES'])));
    const masters = entries.filter((entry) => entry.flags.has('master'));
    expect(masters).toHaveLength(3);
    for (const master of masters) {
      expect(entries.filter((entry) => entry.masterId === master.id)).toHaveLength(1);
    }
  });

  it('promotes the replica within 10 s when a master is killed, and the old master rejoins as a replica', async () => {
    const c = cluster!;
    const master = c.nodes.find((node) => node.role === 'master')!;
    const entries = parseClusterNodes(String(await redisCommand(master.port, ['CLUSTER', 'NODES'])));
    const masterId = entries.find((entry) => entry.flags.has('myself'))!.id;
    const replicaPort = entries.find((entry) => entry.masterId === masterId)!.port;
    const otherPorts = c.nodes.filter((node) => node.port !== master.port).map((node) => node.port);
    // a key served by a surviving master: it must stay readable during the whole failover
    // (cluster-require-full-coverage no: only the failed master's slots become unavailable)
    const survivor = entries.find((entry) => entry.flags.has('master') && entry.id !== masterId)!;
    const [low, high = low] = survivor.slots[0]!.split('-').map(Number) as [number, number?];
    let survivorKey = '';
    for (let i = 0; survivorKey === ''; i++) {
      const slot = Number(await redisCommand(survivor.port, ['CLUSTER', 'KEYSLOT', `key-${i}`]));
      if (slot >= low && slot <= high) survivorKey = `key-${i}`;
    }
    await redisCommand(survivor.port, ['SET', survivorKey, 'still-here']);

    const t0 = performance.now();
    await c.killNode(master.port);
    expect(isGone(master.pid!)).toBe(true);
    expect(c.nodes.find((node) => node.port === master.port)!.pid).toBeUndefined();
    await expect(c.waitForHealthy({ timeoutMs: 1_000 })).rejects.toThrow(/not running/);

    await eventually(
      async () => {
        expect(await redisCommand(survivor.port, ['GET', survivorKey])).toBe('still-here');
        await c.refresh();
        return c.nodes.find((node) => node.port === replicaPort)!.role === 'master' ? true : undefined;
      },
      10_000,
      `replica ${replicaPort} to be promoted`,
    );
    console.log(`failover took ${Math.round(performance.now() - t0)} ms`);
    // all slots are served again by the surviving nodes
    await eventually(
      async () => {
        const infos = await Promise.all(otherPorts.map((port) => redisCommand(port, ['CLUSTER', 'INFO'])));
        return infos.every((info) => infoField(info, 'cluster_state') === 'ok' && infoField(info, 'cluster_slots_ok') === '16384')
          ? true
          : undefined;
      },
      10_000,
      'cluster_state:ok on the surviving nodes',
    );

    await c.restartNode(master.port);
    const t1 = performance.now();
    await c.waitForHealthy({ timeoutMs: 15_000 });
    console.log(`rejoin after restartNode took ${Math.round(performance.now() - t1)} ms`);
    expect(c.nodes.find((node) => node.port === master.port)!.role).toBe('replica');
    expect(c.nodes.find((node) => node.port === replicaPort)!.role).toBe('master');
    expect(c.nodes.filter((node) => node.role === 'master')).toHaveLength(3);
  });

  it('stop() ends every node and frees every port and bus port', async () => {
    const nodes = cluster!.nodes.map((node) => ({ ...node }));
    await cluster!.stop();
    for (const node of nodes) {
      expect(isGone(node.pid!)).toBe(true);
      expect(await canBind(node.port)).toBe(true);
      expect(await canBind(node.port + 10_000)).toBe(true);
    }
    expect(cluster!.nodes.every((node) => node.pid === undefined)).toBe(true);
  });

  it('rejects fewer than 3 masters', async () => {
    await expect(startRedisCluster({ masters: 1 })).rejects.toThrow(RangeError);
  });
});
