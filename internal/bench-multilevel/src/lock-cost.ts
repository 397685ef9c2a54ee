/**
 * `pnpm --filter @cache/bench-multilevel bench:lock-cost`: what the
 * cross-process load lock costs and saves, on a real redis-server (started
 * through @cache/test-support, or `REDIS_URL`): a getOrSet miss (load +
 * store) with and without `RedisLoadLock`, sequential; then a stampede of
 * INSTANCES instances × CALLERS callers on each of KEYS missing keys, with
 * loader calls counted. One process; figures vary ±15% between runs on a
 * shared machine. Moved here from `packages/multilevel/scripts/bench-lock.mjs`.
 * @module
 */
import { MemoryCache } from '@cache/memory';
import type { InvalidationBus } from '@cache/core';
import { MultiLevelCache } from '@cache/multilevel';
import { RedisCache, RedisInvalidationBus, RedisLoadLock } from '@cache/redis';
import { startRedisServer } from '@cache/test-support';
import { formatTable, parseCommandLine, positiveInteger, runMain } from '@cache/bench';

const HELP = `Usage: pnpm --filter @cache/bench-multilevel bench:lock-cost [--misses N]

A getOrSet miss with and without RedisLoadLock, then a stampede of
10 instances x 100 callers on 20 missing keys (20 ms loader) without the lock,
with it, and with it plus a RedisInvalidationBus per instance.
Starts a redis-server of its own unless REDIS_URL is set.

  --misses N   sequential misses per measurement (default 2000)
  -h, --help   this text`;

const INSTANCES = 10;
const CALLERS = 100;
const KEYS = 20;

async function main(): Promise<number> {
  const values = parseCommandLine({ misses: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, HELP);
  if (values === undefined) return 0;
  const misses = positiveInteger(values.misses, '--misses', 2000);
  const server = process.env.REDIS_URL === undefined ? await startRedisServer() : undefined;
  const url = process.env.REDIS_URL ?? server!.url;
  const run = Date.now().toString(36);
  const instance = (prefix: string, withLock: boolean, bus?: InvalidationBus) => {
    const l2 = new RedisCache({ url, prefix });
    return new MultiLevelCache<{ i?: number; at?: number }>({
      name: prefix,
      ...(bus ? { bus } : {}),
      levels: [{ name: 'memory', tier: new MemoryCache({ maxEntries: 100_000 }) }, { name: 'redis', tier: l2 }],
      defaultTtl: '5m',
      ...(withLock ? { lock: new RedisLoadLock({ cache: l2 }) } : {}),
    });
  };
  const rows: string[][] = [];
  try {
    for (const withLock of [false, true]) {
      const cache = instance(`bench-lock-${run}-miss-${withLock}`, withLock);
      for (let i = 0; i < misses / 10; i++) await cache.getOrSet(`warm:${i}`, () => ({ i })); // warm-up
      const start = process.hrtime.bigint();
      for (let i = 0; i < misses; i++) await cache.getOrSet(`k:${i}`, () => ({ i }));
      const ns = Number(process.hrtime.bigint() - start);
      rows.push([`getOrSet miss, sequential${withLock ? ', with RedisLoadLock' : ''}`, `${Math.round(ns / misses / 1000)} µs/op`]);
      await cache.close();
    }
    for (const [withLock, withBus] of [[false, false], [true, false], [true, true]] as const) {
      const prefix = `bench-lock-${run}-stampede-${withLock}-${withBus}`;
      const buses = withBus ? Array.from({ length: INSTANCES }, () => new RedisInvalidationBus({ url })) : [];
      const caches = Array.from({ length: INSTANCES }, (_, i) => instance(prefix, withLock, buses[i]));
      await Promise.all(caches.map((cache) => cache.ready()));
      let calls = 0;
      const loader = async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 20)); // a 20 ms database query
        return { at: Date.now() };
      };
      const start = process.hrtime.bigint();
      for (let k = 0; k < KEYS; k++) await Promise.all(caches.flatMap((cache) => Array.from({ length: CALLERS }, () => cache.getOrSet(`hot:${k}`, loader))));
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const scenario = `stampede ${INSTANCES}x${CALLERS} callers, ${KEYS} keys${withLock ? ', with RedisLoadLock' : ''}${withBus ? ' + bus' : ''}`;
      rows.push([scenario, `${calls / KEYS} loader calls per key, ${Math.round(ms / KEYS)} ms per key`]);
      await Promise.all(caches.map((cache) => cache.close()));
      await Promise.all(buses.map((bus) => bus.close()));
    }
  } finally {
    await server?.stop();
  }
  console.log(formatTable(['scenario', 'result'], rows));
  console.log(`node ${process.version}, redis ${url}`);
  return 0;
}

runMain(main);
