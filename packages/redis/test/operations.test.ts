import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@cache/core';
import { closeAfterAll, sleep } from './helpers.js';

const make = closeAfterAll();

describe('the seed’s operations', () => {
  it('increment counts from 0, by integers (INCRBY) and fractions (INCRBYFLOAT), and get reads the number', async () => {
    const cache = make();
    expect(await cache.increment('hits')).toBe(1);
    expect(await cache.increment('hits', 41)).toBe(42);
    expect(await cache.increment('hits', -2)).toBe(40);
    expect(await cache.increment('hits', 0.5)).toBe(40.5);
    expect(await cache.get('hits')).toBe(40.5);
    await cache.set('n', 10);
    expect(await cache.increment('n')).toBe(11);
  });

  it('increment of a non-number is a BackendError; a bad step an InvalidArgumentError', async () => {
    const cache = make();
    await cache.set('obj', { a: 1 });
    await expect(cache.increment('obj')).rejects.toMatchObject({ code: ErrorCode.Backend });
    await expect(cache.increment('obj', Number.NaN)).rejects.toMatchObject({ code: ErrorCode.InvalidArgument, argument: 'by' });
  });

  it('expire sets, and with Infinity removes, a TTL; ttl reports it', async () => {
    const cache = make();
    await cache.set('k', 'v');
    expect(await cache.ttl('k')).toBe(Infinity);
    expect(await cache.expire('k', '10s')).toBe(true);
    const left = await cache.ttl('k');
    expect(left).toBeGreaterThan(9000);
    expect(left).toBeLessThanOrEqual(10_000);
    expect(await cache.expire('k', Infinity)).toBe(true);
    expect(await cache.ttl('k')).toBe(Infinity);
    expect(await cache.expire('missing', 1000)).toBe(false);
    expect(await cache.expire('missing', Infinity)).toBe(false);
    expect(await cache.ttl('missing')).toBeUndefined();
    await expect(cache.expire('k', 0)).rejects.toMatchObject({ code: ErrorCode.InvalidArgument });
  });

  it('expire makes the key disappear', async () => {
    const cache = make();
    await cache.set('k', 'v');
    await cache.expire('k', 50);
    await sleep(120);
    expect(await cache.exists('k')).toBe(false);
  });

  it('defaultTtl applies to set and setMany without a ttl', async () => {
    const cache = make({ defaultTtl: '1m' });
    await cache.set('a', 1);
    await cache.setMany([{ key: 'b', value: 2 }]);
    for (const key of ['a', 'b']) {
      const left = await cache.ttl(key);
      expect(left).toBeGreaterThan(50_000);
      expect(left).toBeLessThanOrEqual(60_000);
    }
    await cache.set('c', 3, { ttl: Infinity });
    expect(await cache.ttl('c')).toBe(Infinity);
  });

  it('info() parses INFO; getStats() merges local counters with the server’s (the seed’s get_stats)', async () => {
    const cache = make();
    await cache.set('a', 1);
    await cache.get('a');
    await cache.get('missing');
    const info = await cache.info('server');
    expect(info.redis_version).toMatch(/^\d+\.\d+/);
    const stats = await cache.getStats();
    expect(stats).toMatchObject({ hits: 1, misses: 1, sets: 1, localHitRatio: 0.5 });
    expect(stats.redisKeyspaceHits).toBeGreaterThanOrEqual(1);
    expect(stats.redisKeyspaceMisses).toBeGreaterThanOrEqual(1);
    expect(stats.redisUsedMemory).toBeGreaterThan(0);
    expect(stats.redisConnectedClients).toBeGreaterThanOrEqual(1);
    expect(stats.redisTotalCommandsProcessed).toBeGreaterThan(0);
    expect(stats.redisHitRatio).toBeGreaterThan(0);
    expect(stats.redisHitRatio).toBeLessThan(1);
    await expect(cache.info('bad section!')).rejects.toMatchObject({ code: ErrorCode.InvalidArgument });
  });

  it('emits connect when the connection is ready', async () => {
    const cache = make({ prefix: 'events' });
    const connected = new Promise<void>((resolve) => cache.on('connect', resolve));
    await connected;
    expect(cache.client.status).toBe('ready');
  });

  it('setMany writes values and TTLs in one atomic script (the fenced write)', async () => {
    const cache = make();
    await cache.ready(); // the fence's TIME on connect must not land in the MONITOR window (seen on a loaded machine)
    const commands: string[] = [];
    const monitor = await cache.client.duplicate().monitor();
    // MONITOR sees every client of the shared server: keep only this tier's connection
    const me = `127.0.0.1:${cache.client.stream.localPort}`;
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (source === me) commands.push(String(args[0]).toLowerCase());
    });
    await cache.setMany([{ key: 'a', value: 1, ttl: 5000 }, { key: 'b', value: 2 }]);
    await sleep(50);
    monitor.disconnect();
    expect(commands).toHaveLength(1);
    expect(['evalsha', 'eval']).toContain(commands[0]);
    expect(await cache.ttl('a')).toBeGreaterThan(4000);
    expect(await cache.ttl('b')).toBe(Infinity);
  });
});
