/**
 * `pnpm --filter @cache/bench-multilevel bench:read-cost`: what the tiered
 * cache's read paths cost over the bare MemoryCache they wrap, in one
 * process with sequential awaits (no Redis). Figures vary ±15% between runs
 * on a shared machine. Moved here from `packages/multilevel/scripts/bench-l1.mjs`.
 * @module
 */
import { MapTier } from '@cache/core/testing';
import { MemoryCache } from '@cache/memory';
import { MultiLevelCache } from '@cache/multilevel';
import { formatRate, formatTable, parseCommandLine, positiveInteger, runMain } from '@cache/bench';

const HELP = `Usage: pnpm --filter @cache/bench-multilevel bench:read-cost [--ops N]

MemoryCache.get (sync and through asAsync()) against MultiLevelCache.get and
getOrSet on an L1 hit, and MultiLevelCache.get on an L2 hit with promotion;
1,000 keys with a TTL, sequential awaits, one process.

  --ops N      reads per measurement (default 2000000; a tenth more to warm up)
  -h, --help   this text`;

const KEYS = 1_000;

async function main(): Promise<number> {
  const values = parseCommandLine({ ops: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, HELP);
  if (values === undefined) return 0;
  const ops = positiveInteger(values.ops, '--ops', 2_000_000);
  const keys = Array.from({ length: KEYS }, (_, i) => `key:${i}`);

  const measure = async (label: string, op: (key: string) => unknown): Promise<string[]> => {
    for (let i = 0; i < ops / 10; i++) await op(keys[i % KEYS]!); // warm-up
    const start = process.hrtime.bigint();
    for (let i = 0; i < ops; i++) await op(keys[i % KEYS]!);
    const ns = Number(process.hrtime.bigint() - start);
    return [label, formatRate(ops / (ns / 1e9)), String(Math.round(ns / ops))];
  };

  const bare = new MemoryCache<{ id: string }>({ maxEntries: 10_000, defaultTtl: '1h' }); // TTL'd entries, like the tiered cache's
  for (const key of keys) bare.set(key, { id: key });
  const bareAsync = bare.asAsync();

  const cache = new MultiLevelCache<{ id: string }>({
    levels: [{ name: 'l1', tier: new MemoryCache({ maxEntries: 10_000 }) }, { name: 'l2', tier: new MapTier() }],
    defaultTtl: '1h',
  });
  for (const key of keys) await cache.set(key, { id: key });

  // an L1 too small: most reads fall through to L2 and promote
  const slow = new MultiLevelCache<{ id: string }>({
    levels: [{ name: 'l1', tier: new MemoryCache({ maxEntries: 10 }) }, { name: 'l2', tier: new MemoryCache({ maxEntries: 10_000 }).asAsync() }],
  });
  for (const key of keys) await slow.set(key, { id: key });

  const rows = [
    await measure('MemoryCache.get (sync, awaited)', (k) => bare.get(k)),
    await measure('MemoryCache.asAsync().get', (k) => bareAsync.get(k)),
    await measure('MultiLevelCache.get, L1 hit', (k) => cache.get(k)),
    await measure('MultiLevelCache.getOrSet, L1 hit', (k) => cache.getOrSet(k, () => ({ id: k }))),
    await measure('MultiLevelCache.get, L2 hit + promotion', (k) => slow.get(k)),
  ];
  console.log(formatTable(['read', 'ops/s', 'ns/op'], rows, new Set([1, 2])));
  console.log(`node ${process.version}, ${ops} reads per row`);
  await cache.close();
  await slow.close();
  bare.close();
  return 0;
}

runMain(main);
