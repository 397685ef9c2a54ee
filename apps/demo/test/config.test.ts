import { InvalidOptionError } from '@cache/core';
import { describe, expect, it } from 'vitest';
import { configFromEnv, DEFAULT_DATABASE_LATENCY_MS, DEFAULT_LOAD_RATE, DEFAULT_PORT } from '../src/index.js';

describe('configFromEnv', () => {
  it('defaults to the embedded memory levels on 127.0.0.1:3000', () => {
    expect(configFromEnv({})).toEqual({
      host: '127.0.0.1',
      port: DEFAULT_PORT,
      redisUrl: undefined,
      clusterNodes: [],
      memcachedServers: [],
      databaseLatencyMs: DEFAULT_DATABASE_LATENCY_MS,
      loadRate: DEFAULT_LOAD_RATE,
    });
  });

  it('reads Redis, cluster nodes, memcached servers, port, latency and load from the environment', () => {
    const config = configFromEnv({
      PORT: '0',
      REDIS_URL: 'redis://127.0.0.1:7001',
      REDIS_CLUSTER_NODES: '127.0.0.1:7100, 127.0.0.1:7101,',
      MEMCACHED_SERVERS: '127.0.0.1:11300 ,127.0.0.1:11301',
      DB_LATENCY_MS: '0',
      LOAD_RATE: '50',
    });
    expect(config).toMatchObject({
      port: 0,
      redisUrl: 'redis://127.0.0.1:7001',
      clusterNodes: ['127.0.0.1:7100', '127.0.0.1:7101'],
      memcachedServers: ['127.0.0.1:11300', '127.0.0.1:11301'],
      databaseLatencyMs: 0,
      loadRate: 50,
    });
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', 'http'],
    ['DB_LATENCY_MS', '-1'],
    ['LOAD_RATE', '1.5'],
  ])('rejects %s=%s with an error naming the variable', (name, value) => {
    let error: unknown;
    try {
      configFromEnv({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(name);
    expect((error as Error).message).toContain(JSON.stringify(value));
  });
});
