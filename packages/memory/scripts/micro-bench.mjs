// A quick local micro-benchmark (not the project's benchmark): each library in
// its own child process. Usage: node scripts/micro-bench.mjs [rounds]
// Needs a build of this package and the devDependencies (lru-cache, mnemonist, lru.min).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const [, , mode, lib, scenario] = process.argv;
// parent usage: node scripts/micro-bench.mjs [passes] [lib,lib,...]

function zipfSampler(n, s, seed) {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / Math.pow(i + 1, s);
  let x = seed;
  return () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    const u = ((x >>> 0) / 4294967296) * sum;
    let lo = 0, hi = n - 1;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (cdf[mid] < u) lo = mid + 1; else hi = mid; }
    return lo;
  };
}

async function makeCache(name, capacity) {
  switch (name) {
    case 'lru-cache': { const { LRUCache } = await import('lru-cache'); return new LRUCache({ max: capacity }); }
    case 'mnemonist': { const { LRUMap } = await import('mnemonist'); return new LRUMap(capacity); }
    case 'lru.min': { const { createLRU } = await import('lru.min'); return createLRU({ max: capacity }); }
    default: { const { MemoryCache } = await import('../dist/index.js'); return new MemoryCache({ maxEntries: capacity, policy: name }); }
  }
}

async function child() {
  const rounds = 15;
  const results = [];
  if (scenario === 'get-hit') {
    const n = 100_000;
    const cache = await makeCache(lib, n);
    const keys = Array.from({ length: n }, (_, i) => `key:${i}`);
    for (const k of keys) cache.set(k, { k });
    const order = new Uint32Array(1_000_000);
    let x = 12345;
    for (let i = 0; i < order.length; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; order[i] = (x >>> 0) % n; }
    let sink = 0;
    for (let r = 0; r < rounds; r++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < order.length; i++) if (cache.get(keys[order[i]]) !== undefined) sink++;
      const dt = Number(process.hrtime.bigint() - t0);
      results.push((order.length / dt) * 1e9);
    }
    if (sink === 0) throw new Error('no hits');
  } else {
    const cap = 10_000;
    const universe = 1_000_000;
    const keys = Array.from({ length: universe }, (_, i) => `key:${i}`);
    const next = zipfSampler(universe, 0.99, 42);
    const trace = new Uint32Array(1_000_000);
    for (let i = 0; i < trace.length; i++) trace[i] = next();
    const cache = await makeCache(lib, cap);
    for (let r = 0; r < rounds; r++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < trace.length; i++) { const k = keys[trace[i]]; cache.set(k, i); }
      const dt = Number(process.hrtime.bigint() - t0);
      results.push((trace.length / dt) * 1e9);
    }
  }
  results.sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({ median: results[results.length >> 1], best: results[results.length - 1] }));
}

async function parent() {
  const libs = (process.argv[3] ?? 'lru-cache,mnemonist,lru.min,lru,w-tinylfu').split(',');
  const passes = Number(process.argv[2] ?? 3);
  for (const scenario of ['get-hit', 'set-evict-zipf']) {
    const best = Object.fromEntries(libs.map((l) => [l, 0]));
    for (let pass = 0; pass < passes; pass++) {
      for (const lib of libs) {
        const out = JSON.parse(execFileSync(process.execPath, [self, 'child', lib, scenario], { encoding: 'utf8' }));
        best[lib] = Math.max(best[lib], out.best);
      }
    }
    const ref = best['lru-cache'];
    console.log(`\n${scenario} (ops/s, best round of ${passes} interleaved processes x 15 rounds; ratio vs lru-cache)`);
    for (const lib of libs) console.log(`${lib.padEnd(10)} ${(best[lib] / 1e6).toFixed(2)}M  ${(best[lib] / ref).toFixed(2)}x`);
  }
}

if (mode === 'child') await child();
else await parent();
