import { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { ErrorCode, isCacheError } from '@cache/core';
import { RedisClusterCache, type RedisClusterCacheOptions } from '../src/index.js';
import { clusterNodes } from './helpers.js';

function optionError(options: unknown): { option: string; message: string } {
  try {
    new RedisClusterCache(options as RedisClusterCacheOptions);
  } catch (error) {
    expect(isCacheError(error, ErrorCode.InvalidOption)).toBe(true);
    return error as { option: string; message: string };
  }
  throw new Error('expected an InvalidOptionError');
}

describe('options', () => {
  it('names the option to change', () => {
    expect(optionError({}).option).toBe('nodes');
    expect(optionError({ nodes: [] }).option).toBe('nodes');
    expect(optionError({ nodes: [{ host: '127.0.0.1', port: 0 }] }).option).toBe('nodes[0]');
    expect(optionError({ nodes: ['127.0.0.1:7000', 42] }).option).toBe('nodes[1]');
    expect(optionError({ nodes: ['http://127.0.0.1:7000'] }).option).toBe('nodes[0]');
    expect(optionError({ nodes: ['127.0.0.1:7000'], url: 'redis://x' }).option).toBe('url');
    expect(optionError({ nodes: ['127.0.0.1:7000'], readFrom: 'slaves' }).option).toBe('readFrom');
    expect(optionError({ nodes: ['127.0.0.1:7000'], crossSlotReads: 'yes' }).option).toBe('crossSlotReads');
    expect(optionError({ nodes: ['127.0.0.1:7000'], natMap: 5 }).option).toBe('natMap');
    expect(optionError({ nodes: ['127.0.0.1:7000'], redis: { keyPrefix: 'x:' } }).option).toBe('redis.keyPrefix');
    expect(optionError({ nodes: ['127.0.0.1:7000'], cluster: { keyPrefix: 'x:' } }).option).toBe('cluster.keyPrefix');
    expect(optionError({ nodes: ['127.0.0.1:7000'], onError: 'ignore' }).option).toBe('onError');
    expect(optionError({ nodes: ['127.0.0.1:7000'], commandTimeout: -1 }).option).toBe('commandTimeout');
    expect(optionError({ nodes: ['127.0.0.1:7000'], bogus: 1 }).option).toBe('bogus');
    expect(optionError({ nodes: ['127.0.0.1:7000'], circuitBreaker: { failureThreshold: 0 } }).option).toBe('circuitBreaker.failureThreshold');
  });

  it('client must be a Cluster and excludes the connection options', () => {
    const redis = new Redis({ lazyConnect: true });
    expect(optionError({ client: redis }).option).toBe('client');
    const cluster = new Cluster(clusterNodes(), { lazyConnect: true });
    expect(optionError({ client: cluster, nodes: ['127.0.0.1:7000'] }).option).toBe('client');
    redis.disconnect();
    cluster.disconnect();
  });

  it('accepts an opted-in circuit breaker (off by default: it would span every master)', async () => {
    const on = new RedisClusterCache({ nodes: clusterNodes(), circuitBreaker: { failureThreshold: 1, resetTimeout: '1s' } });
    try {
      expect(await on.set('cb-k', 1)).toBe(true);
      expect(on.circuitState).toBe('closed');
    } finally {
      await on.delete('cb-k');
      await on.close();
    }
  });

  it('accepts host:port strings and redis:// URLs, and defaults the name', async () => {
    const [first, second] = clusterNodes();
    const cache = new RedisClusterCache({ nodes: [`${first!.host}:${first!.port}`, `redis://${second!.host}:${second!.port}`], prefix: 'opts' });
    try {
      expect(cache.name).toBe('redis-cluster');
      expect(await cache.set('k', 1)).toBe(true);
      expect(await cache.getMany(['k'])).toEqual([1]);
      await cache.clear();
    } finally {
      await cache.close();
    }
  });

  it('passes natMap through to ioredis', async () => {
    const nodes = clusterNodes();
    const natMap = Object.fromEntries(nodes.map((node) => [`${node.host}:${node.port}`, { host: 'localhost', port: node.port }]));
    const cache = new RedisClusterCache({ nodes: [{ host: 'localhost', port: nodes[0]!.port }], natMap, prefix: 'nat' });
    try {
      expect(await cache.set('k', 'v')).toBe(true);
      expect(await cache.getMany(['k', 'x'])).toEqual(['v', undefined]);
      expect(cache.client.nodes('all').every((node) => node.options.host === 'localhost')).toBe(true);
      await cache.clear();
    } finally {
      await cache.close();
    }
  });
});
