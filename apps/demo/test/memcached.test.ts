import { startMemcached, type MemcachedServerHandle } from '@cache/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer } from '../src/index.js';
import { demoServers, memoryConfig, statsOf as stats } from './support.js';

let memcached: MemcachedServerHandle;
beforeAll(async () => {
  memcached = await startMemcached();
});
afterAll(async () => {
  await memcached.stop();
});

const startDemo = demoServers();
const start = () => startDemo({ memcachedServers: [memcached.address] });

describe('the demo with the seed’s Memcached level (MEMCACHED_SERVERS)', () => {
  it('puts a memcached level below the others: a second instance reads what the first loaded, without its database', async () => {
    const a = await start();
    const b = await start();
    expect((await stats(a)).levels.map((l) => [l.name, l.kind])).toEqual([
      ['L1_Memory', 'memory'],
      ['L2_Memory', 'memory'],
      ['L3_Memcached', 'memcached'],
    ]);
    const id = Math.floor(Math.random() * 1e8);
    const first = await fetch(`${a.url}/api/users/${id}`);
    expect(first.headers.get('x-cache')).toBe('miss');
    const fromB = await fetch(`${b.url}/api/users/${id}`);
    expect(fromB.headers.get('x-cache')).toBe('hit');
    expect(await fromB.json()).toEqual(await first.json());
    expect(b.database.queries).toBe(0);
    expect((await stats(b)).levels.find((l) => l.name === 'L3_Memcached')!.hits).toBe(1);
  });

  it('refuses to start when the servers cannot be reached, naming the setting', async () => {
    await expect(startDemoServer(memoryConfig({ memcachedServers: ['127.0.0.1:1'] }))).rejects.toThrow(/MEMCACHED_SERVERS/);
  });
});
