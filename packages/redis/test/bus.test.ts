import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startRedisServer, type RedisServerHandle } from '@cache/test-support';
import { ErrorCode, type BusStatus, type InvalidationMessage } from '@cache/core';
import { RedisInvalidationBus } from '../src/index.js';
import { redisUrl, sleep, uniquePrefix } from './helpers.js';

const buses: RedisInvalidationBus[] = [];
const bus = (options: ConstructorParameters<typeof RedisInvalidationBus>[0] = {}) => {
  const b = new RedisInvalidationBus({ url: redisUrl(), ...options });
  buses.push(b);
  return b;
};
afterEach(async () => {
  await Promise.all(buses.splice(0).map((b) => b.close()));
});

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('invalidation bus on Redis pub/sub', () => {
  it('two instances see each other’s messages, not their own', async () => {
    const channelPrefix = uniquePrefix('bus');
    const a = bus({ channelPrefix, instanceId: 'A' });
    const b = bus({ channelPrefix, instanceId: 'B' });
    const atA: InvalidationMessage[] = [];
    const atB: InvalidationMessage[] = [];
    await a.subscribe('users', (m) => atA.push(m));
    await b.subscribe('users', (m) => atB.push(m));
    await a.publish({ namespace: 'users', kind: 'set', keys: ['1', '2'] });
    await until(() => atB.length === 1);
    // B has seen A's version, so its next one is greater (hybrid logical clock)
    await b.publish({ namespace: 'users', kind: 'delete', keys: ['3'] });
    await until(() => atA.length === 1);
    expect(atB[0]).toMatchObject({ instanceId: 'A', namespace: 'users', kind: 'set', keys: ['1', '2'] });
    expect(atA[0]).toMatchObject({ instanceId: 'B', namespace: 'users', kind: 'delete', keys: ['3'] });
    expect(atA[0]!.version).toBeGreaterThan(atB[0]!.version);
    await sleep(50);
    expect(atA).toHaveLength(1);
    expect(atB).toHaveLength(1);
  });

  it('only delivers the namespaces subscribed to, and unsubscribe stops delivery', async () => {
    const channelPrefix = uniquePrefix('bus');
    const a = bus({ channelPrefix });
    const b = bus({ channelPrefix });
    const got: InvalidationMessage[] = [];
    const stop = await b.subscribe('orders', (m) => got.push(m));
    await a.publish({ namespace: 'users', kind: 'clear', keys: [] });
    await a.publish({ namespace: 'orders', kind: 'delete', keys: ['o1'] });
    await until(() => got.length === 1);
    expect(got[0]!.namespace).toBe('orders');
    stop();
    await sleep(50);
    await a.publish({ namespace: 'orders', kind: 'delete', keys: ['o2'] });
    await sleep(100);
    expect(got).toHaveLength(1);
  });

  it('a message older than the version already applied is ignored (per key, and after a clear)', async () => {
    const channelPrefix = uniquePrefix('bus');
    const b = bus({ channelPrefix, instanceId: 'B' });
    const got: InvalidationMessage[] = [];
    await b.subscribe('ns', (m) => got.push(m));
    const raw = new Redis(redisUrl());
    const send = (v: number, k: string, keys: string[]) =>
      raw.publish(`${channelPrefix}:ns`, JSON.stringify({ i: 'X', n: 'ns', v, k, keys }));
    await send(1000, 'set', ['a']);
    await send(900, 'delete', ['a']); // late: older than the set already applied
    await send(950, 'delete', ['a', 'b']); // only b is fresh
    await send(2000, 'clear', []);
    await send(1500, 'set', ['c']); // older than the clear
    await send(1400, 'clear', []); // older clear
    await send('nonsense' as unknown as number, 'set', ['d']); // malformed
    await raw.publish(`${channelPrefix}:ns`, 'not json');
    await send(2500, 'set', ['c']);
    await until(() => got.length === 4);
    await sleep(50);
    expect(got.map((m) => [m.version, m.kind, m.keys])).toEqual([
      [1000, 'set', ['a']],
      [950, 'delete', ['b']],
      [2000, 'clear', []],
      [2500, 'set', ['c']],
    ]);
    expect(b.counters).toMatchObject({ delivered: 4, stale: 3, malformed: 2 });
    await raw.quit();
  });

  it('a late remote message cannot undo a newer local write', async () => {
    const channelPrefix = uniquePrefix('bus');
    const now = 10_000_000;
    const b = bus({ channelPrefix, instanceId: 'B', now: () => now });
    const got: InvalidationMessage[] = [];
    await b.subscribe('ns', (m) => got.push(m));
    await b.publish({ namespace: 'ns', kind: 'set', keys: ['k'] }); // version now*1024
    const raw = new Redis(redisUrl());
    await raw.publish(`${channelPrefix}:ns`, JSON.stringify({ i: 'X', n: 'ns', v: now * 1024 - 5, k: 'set', keys: ['k'] }));
    await raw.publish(`${channelPrefix}:ns`, JSON.stringify({ i: 'X', n: 'ns', v: now * 1024 + 5, k: 'set', keys: ['k'] }));
    await until(() => got.length === 1);
    expect(got[0]!.version).toBe(now * 1024 + 5);
    await raw.quit();
  });

  it('publishing bad messages is rejected with InvalidArgumentError', async () => {
    const a = bus({ channelPrefix: uniquePrefix('bus') });
    await expect(a.publish({ namespace: '', kind: 'set', keys: [] })).rejects.toMatchObject({ code: ErrorCode.InvalidArgument });
    await expect(a.publish({ namespace: 'n', kind: 'upsert' as 'set', keys: [] })).rejects.toMatchObject({ code: ErrorCode.InvalidArgument });
    await expect(a.publish({ namespace: 'n', kind: 'set', keys: [''] })).rejects.toMatchObject({ code: ErrorCode.InvalidArgument });
  });

  it('works with a client the user owns and leaves it open', async () => {
    const client = new Redis(redisUrl());
    const channelPrefix = uniquePrefix('bus');
    const a = new RedisInvalidationBus({ client, channelPrefix });
    buses.push(a);
    const b = bus({ channelPrefix });
    const got: InvalidationMessage[] = [];
    await b.subscribe('ns', (m) => got.push(m));
    await a.publish({ namespace: 'ns', kind: 'delete', keys: ['x'] });
    await until(() => got.length === 1);
    await a.close();
    expect(await client.ping()).toBe('PONG');
    await client.quit();
  });
});

describe('bus subscription state', () => {
  let server: RedisServerHandle;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(() => server.stop());

  it('reports losing and regaining its subscription, and delivers again afterwards', async () => {
    const channelPrefix = uniquePrefix('bus');
    const opts = { url: server.url, channelPrefix, redis: { retryStrategy: () => 50 } };
    const a = new RedisInvalidationBus(opts);
    const b = new RedisInvalidationBus(opts);
    buses.push(a, b);
    const statuses: BusStatus[] = [];
    b.onStatus((s) => statuses.push(s));
    const got: InvalidationMessage[] = [];
    await b.subscribe('ns', (m) => got.push(m));
    expect(b.subscribed).toBe(true);
    expect(statuses).toEqual(['subscribed']);
    await server.kill();
    await until(() => statuses.includes('unsubscribed'));
    await expect(a.publish({ namespace: 'ns', kind: 'set', keys: ['lost'] })).rejects.toMatchObject({ code: expect.stringMatching(/CACHE_(CONNECTION|TIMEOUT)/) });
    await server.restart();
    await until(() => statuses.length === 3, 5000);
    expect(statuses).toEqual(['subscribed', 'unsubscribed', 'subscribed']);
    for (let i = 0; i < 100 && !got.some((m) => m.keys.includes('back')); i++) {
      await a.publish({ namespace: 'ns', kind: 'set', keys: ['back'] }).catch(() => undefined);
      await sleep(50);
    }
    expect(got.some((m) => m.keys.includes('back'))).toBe(true);
  });
});
