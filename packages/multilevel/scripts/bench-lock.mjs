// What the cross-process load lock costs and saves, on a real redis-server (started here, or REDIS_URL).
// Run after a build: `pnpm turbo run build --filter=@cache/multilevel... --filter=@cache/test-support && node packages/multilevel/scripts/bench-lock.mjs`
// 1) a getOrSet miss (load + store) with and without the lock, sequential;
// 2) a stampede: INSTANCES instances x CALLERS callers of each of KEYS missing keys, loader calls counted.
// One process, figures vary ±15% between runs on a shared machine.
import { MemoryCache } from '@cache/memory';
import { RedisCache, RedisInvalidationBus, RedisLoadLock } from '@cache/redis';
import { MultiLevelCache } from '@cache/multilevel';
import { startRedisServer } from '@cache/test-support';

const MISSES = Number(process.argv[2] ?? 2000);
const INSTANCES = 10;
const CALLERS = 100;
const KEYS = 20;

const server = process.env.REDIS_URL === undefined ? await startRedisServer() : undefined;
const url = process.env.REDIS_URL ?? server.url;
const run = Date.now().toString(36);

function instance(prefix, withLock, bus) {
  const l2 = new RedisCache({ url, prefix });
  return new MultiLevelCache({
    name: prefix,
    ...(bus ? { bus } : {}),
    levels: [{ name: 'memory', tier: new MemoryCache({ maxEntries: 100_000 }) }, { name: 'redis', tier: l2 }],
    defaultTtl: '5m',
    ...(withLock ? { lock: new RedisLoadLock({ cache: l2 }) } : {}),
  });
}

const rows = [];
for (const withLock of [false, true]) {
  const cache = instance(`bench-lock-${run}-miss-${withLock}`, withLock);
  for (let i = 0; i < MISSES / 10; i++) await cache.getOrSet(`warm:${i}`, () => ({ i })); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < MISSES; i++) await cache.getOrSet(`k:${i}`, () => ({ i }));
  const ns = Number(process.hrtime.bigint() - start);
  rows.push({ scenario: `getOrSet miss, sequential${withLock ? ', with RedisLoadLock' : ''}`, 'ops/s': Math.round(MISSES / (ns / 1e9)).toLocaleString('en'), 'µs/op': Math.round(ns / MISSES / 1000) });
  await cache.close();
}

for (const [withLock, withBus] of [[false, false], [true, false], [true, true]]) {
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
  rows.push({ scenario: `stampede ${INSTANCES}x${CALLERS} callers, ${KEYS} keys${withLock ? ', with RedisLoadLock' : ''}${withBus ? ' + bus' : ''}`, 'loader calls per key': calls / KEYS, 'ms per key': Math.round(ms / KEYS) });
  await Promise.all(caches.map((cache) => cache.close()));
  await Promise.all(buses.map((bus) => bus.close()));
}

console.table(rows);
await server?.stop();
