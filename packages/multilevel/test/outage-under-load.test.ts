/**
 * A real outage under load: memory L1 + RedisCache L2 + RedisInvalidationBus
 * + RedisLoadLock, 20 concurrent getOrSet callers with a 20 ms loader, and
 * the redis-server SIGKILLed (then restarted) or SIGSTOPped (then
 * continued). Callers see no error, L1 keeps what is loaded during the
 * outage (one loader call per new key), and after recovery Redis holds
 * what was loaded meanwhile and agrees with L1. Runs a server of its own.
 */
import { describe, expect, it } from 'vitest';
import { useOwnRedisServer } from '@cache/test-support/own-server';
import { RedisCache, RedisInvalidationBus, RedisLoadLock } from '@cache/redis';
import { MultiLevelCache } from '../src/index.js';
import { eventually, memory, uniquePrefix } from './helpers.js';

const faults = useOwnRedisServer();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function underLoad(outage: { start: () => Promise<void> | void; end: () => Promise<void> | void }) {
  const prefix = uniquePrefix('outage');
  const bus = new RedisInvalidationBus({ url: faults.server.url, commandTimeout: 200 });
  const l2 = new RedisCache({ url: faults.server.url, prefix, commandTimeout: 200, maxReconnectDelay: 100 });
  const l1 = memory(undefined, 10_000);
  const cache = new MultiLevelCache<string>({
    levels: [{ name: 'l1', tier: l1 }, { name: 'redis', tier: l2 }],
    bus,
    lock: new RedisLoadLock({ cache: l2 }),
    defaultTtl: '1m',
    recoveryInterval: 200,

  });
  await cache.ready();
  const loads = new Map<string, number>();
  const loader = (key: string) => async () => {
    loads.set(key, (loads.get(key) ?? 0) + 1);
    await sleep(20);
    return `v:${key}`;
  };
  let keys = 100;
  let stop = false;
  let errors = 0;
  const worker = async () => {
    while (!stop) {
      const key = `k${Math.floor(Math.random() * keys)}`;
      try {
        if ((await cache.getOrSet(key, loader(key))) !== `v:${key}`) errors++;
      } catch {
        errors++;
      }
      await new Promise((resolve) => setImmediate(resolve)); // L1 hits resolve in microtasks: let timers run
    }
  };
  const workers = Array.from({ length: 20 }, worker);
  try {
    await eventually(() => loads.size === 100, 10_000); // warm: keys 0..99
    await outage.start();
    keys = 300; // keys 100..299 are first asked for during the outage
    await eventually(() => loads.size === 300, 10_000);
    await sleep(500);
    const loadsDuringOutage = [...loads.values()].reduce((a, b) => a + b, 0) - 100;
    await outage.end();
    expect(await eventually(() => cache.multilevelStats().failingLevels.length === 0, 15_000)).toBe(true);
    await sleep(200);
    stop = true;
    await Promise.all(workers);
    expect(errors).toBe(0);
    expect(loadsDuringOutage).toBe(200); // each new key once: L1 kept it (before: every L1 miss loaded)
    // repaired: Redis, a shared level, lost what it missed by a delete (never an older value put back)
    for (let i = 100; i < 300; i++) {
      const inL2 = await l2.get(`k${i}`);
      if (inL2 !== undefined) expect(inL2).toMatchObject({ v: `v:k${i}` });
    }
    for (let i = 0; i < 300; i++) {
      const inL1 = l1.peek(`k${i}`) as { v: string } | undefined;
      const inL2 = await l2.get(`k${i}`);
      if (inL1 !== undefined && inL2 !== undefined) expect(inL2).toMatchObject({ v: inL1.v });
    }
    expect(faults.unhandled).toEqual([]);
  } finally {
    stop = true;
    await Promise.all(workers);
    await cache.close();
    await bus.close();
  }
}

describe('a Redis outage under getOrSet load', () => {
  it('SIGKILL, then restart: no caller error, one load per new key, Redis repaired and agreeing with L1', async () => {
    await underLoad({ start: () => faults.server.kill(), end: () => faults.server.restart() });
  }, 60_000);

  it('SIGSTOP, then SIGCONT: the same', async () => {
    const pid = faults.server.pid!;
    try {
      await underLoad({ start: () => void process.kill(pid, 'SIGSTOP'), end: () => void process.kill(pid, 'SIGCONT') });
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  }, 60_000);
});
