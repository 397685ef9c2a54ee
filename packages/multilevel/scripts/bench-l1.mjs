// Cost of the tiered cache's read paths, against the bare MemoryCache it wraps.
// Run after a build: `pnpm --filter @cache/multilevel build && node packages/multilevel/scripts/bench-l1.mjs`
// One process, sequential awaits; figures vary ±15% between runs on a shared machine.
import { MemoryCache } from '@cache/memory';
import { MapTier } from '@cache/core/testing';
import { MultiLevelCache } from '@cache/multilevel';

const KEYS = 1_000;
const OPS = Number(process.argv[2] ?? 2_000_000);
const keys = Array.from({ length: KEYS }, (_, i) => `key:${i}`);

async function measure(label, op) {
  for (let i = 0; i < OPS / 10; i++) await op(keys[i % KEYS]); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < OPS; i++) await op(keys[i % KEYS]);
  const ns = Number(process.hrtime.bigint() - start);
  return { label, 'ops/s': Math.round(OPS / (ns / 1e9)).toLocaleString('en'), 'ns/op': Math.round(ns / OPS) };
}

const bare = new MemoryCache({ maxEntries: 10_000, defaultTtl: '1h' }); // TTL'd entries, like the tiered cache's
for (const key of keys) bare.set(key, { id: key });
const bareAsync = bare.asAsync();

const l1 = new MemoryCache({ maxEntries: 10_000 });
const cache = new MultiLevelCache({ levels: [{ name: 'l1', tier: l1 }, { name: 'l2', tier: new MapTier() }], defaultTtl: '1h' });
for (const key of keys) await cache.set(key, { id: key });

const l2only = new MemoryCache({ maxEntries: 10 }); // too small: most reads fall through to L2
const slow = new MultiLevelCache({ levels: [{ name: 'l1', tier: l2only }, { name: 'l2', tier: new MemoryCache({ maxEntries: 10_000 }).asAsync() }] });
for (const key of keys) await slow.set(key, { id: key });

const rows = [
  await measure('MemoryCache.get (sync, awaited)', (k) => bare.get(k)),
  await measure('MemoryCache.asAsync().get', (k) => bareAsync.get(k)),
  await measure('MultiLevelCache.get, L1 hit', (k) => cache.get(k)),
  await measure('MultiLevelCache.getOrSet, L1 hit', (k) => cache.getOrSet(k, () => ({ id: k }))),
  await measure('MultiLevelCache.get, L2 hit + promotion', (k) => slow.get(k)),
];
console.table(rows);
await cache.close();
await slow.close();
bare.close();
