import { describe, expect, inject, it } from 'vitest';
import { demoServers, eventually, statsOf as stats } from './support.js';

const startDemo = demoServers();
const start = (databaseLatencyMs = 1) => startDemo({ redisUrl: inject('redisUrl'), databaseLatencyMs });

describe('the demo on a real Redis (REDIS_URL)', () => {
  it('puts L2 on Redis: a second instance reads what the first loaded, without its database', async () => {
    const a = await start();
    const b = await start();
    expect((await stats(a)).levels.map((l) => [l.name, l.kind])).toEqual([
      ['L1_Memory', 'memory'],
      ['L2_Redis', 'redis'],
    ]);
    const id = Math.floor(Math.random() * 1e8);
    const first = await fetch(`${a.url}/api/users/${id}`);
    expect(first.headers.get('x-cache')).toBe('miss');
    const fromB = await fetch(`${b.url}/api/users/${id}`);
    expect(fromB.headers.get('x-cache')).toBe('hit');
    expect(await fromB.json()).toEqual(await first.json());
    expect(b.database.queries).toBe(0);
    expect((await stats(b)).levels.find((l) => l.name === 'L2_Redis')!.hits).toBe(1);
  });

  it("keeps the instances' L1s coherent: a delete on one reaches the other's L1", async () => {
    const a = await start();
    const b = await start();
    const id = Math.floor(Math.random() * 1e8);
    await fetch(`${a.url}/api/products/${id}`);
    await fetch(`${b.url}/api/products/${id}`); // now in b's L1
    await fetch(`${a.url}/api/products/${id}`, { method: 'DELETE' });
    await eventually(async () => (await fetch(`${b.url}/api/products/${id}`)).headers.get('x-cache') === 'miss');
    expect(b.database.queries).toBe(1);
  });

  it('loads a missing key once across instances (the Redis load lock), however many read it at once', async () => {
    const a = await start(200); // a slow database: both instances miss while the first load runs
    const b = await start(200);
    const id = Math.floor(Math.random() * 1e8);
    const reads = [a, b].flatMap((server) => Array.from({ length: 20 }, () => fetch(`${server.url}/api/users/${id}`).then((r) => r.json())));
    const bodies = await Promise.all(reads);
    expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1);
    expect(a.database.queries + b.database.queries).toBe(1);
  });
});
