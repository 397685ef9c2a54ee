// Bytes per entry at 1M entries (heapUsed + arrayBuffers), each library in its own process.
// Usage: node --expose-gc scripts/memory-bench.mjs   (needs a build and the devDependencies)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const [, , mode, lib] = process.argv;
const N = 1_000_000;

async function make(name) {
  switch (name) {
    case 'Map': { const m = new Map(); return { set: (k, v) => m.set(k, v), keep: m }; }
    case 'lru-cache': { const { LRUCache } = await import('lru-cache'); const c = new LRUCache({ max: N }); return { set: (k, v) => c.set(k, v), keep: c }; }
    case 'mnemonist': { const { LRUMap } = await import('mnemonist'); const c = new LRUMap(N); return { set: (k, v) => c.set(k, v), keep: c }; }
    case 'lru.min': { const { createLRU } = await import('lru.min'); const c = createLRU({ max: N }); return { set: (k, v) => c.set(k, v), keep: c }; }
    default: { const { MemoryCache } = await import('../dist/index.js'); const c = new MemoryCache({ maxEntries: N, policy: name }); return { set: (k, v) => c.set(k, v), keep: c }; }
  }
}

const used = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };

if (mode === 'child') {
  const keys = Array.from({ length: N }, (_, i) => `key:${i}`);
  const values = Array.from({ length: N }, (_, i) => ({ i }));
  globalThis.gc(); globalThis.gc();
  const before = used();
  const cache = await make(lib);
  for (let i = 0; i < N; i++) cache.set(keys[i], values[i]);
  globalThis.gc(); globalThis.gc();
  const after = used();
  process.stdout.write(String((after - before) / N));
  if (!cache.keep) throw new Error('unreachable');
} else {
  for (const name of (process.argv[2] ?? 'Map,lru-cache,mnemonist,lru.min,lru,w-tinylfu,s3-fifo,sieve').split(',')) {
    const out = execFileSync(process.execPath, ['--expose-gc', self, 'child', name], { encoding: 'utf8' });
    console.log(`${name.padEnd(10)} ${Number(out).toFixed(1)} bytes/entry (keys and values excluded)`);
  }
}
