import { describe, expect, inject, it } from 'vitest';
import setupCluster from '../src/global-setup-cluster.js';
import { redisCommand } from '../src/index.js';
import { canBind } from './helpers.js';

describe('global setup', () => {
  it('provides redisUrl of a running server (this project uses src/global-setup.ts)', async () => {
    const url = inject('redisUrl');
    expect(url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    const port = Number(new URL(url).port);
    expect(await redisCommand(port, ['PING'])).toBe('PONG');
  });

  it('global-setup-cluster provides redisUrl and redisClusterNodes and tears them down', async () => {
    const provided = new Map<string, unknown>();
    const teardown = await setupCluster({
      provide: (key, value) => {
        provided.set(key, value);
      },
    });
    const url = provided.get('redisUrl') as string;
    const nodes = provided.get('redisClusterNodes') as { host: string; port: number }[];
    try {
      expect(url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(nodes).toHaveLength(6);
      expect(nodes.every((node) => node.host === '127.0.0.1')).toBe(true);
      expect(String(await redisCommand(nodes[0]!.port, ['CLUSTER', 'INFO']))).toContain('cluster_state:ok');
      expect(await redisCommand(Number(new URL(url).port), ['PING'])).toBe('PONG');
    } finally {
      await teardown();
    }
    expect(await canBind(Number(new URL(url).port))).toBe(true);
    for (const node of nodes) expect(await canBind(node.port)).toBe(true);
  });
});
