import { LRUCache } from 'lru-cache';
import { LRUMap } from 'mnemonist';
import { MemoryCache } from '@cache/memory';
const which = process.argv[2], policy = process.argv[3];
const N = 10000; const keys = Array.from({ length: N }, (_, i) => `key:${i}`);
const idx = new Uint32Array(2_000_000); let x = 1; for (let i = 0; i < idx.length; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; idx[i] = (x >>> 0) % N; }
const ks = Array.from(idx, (i) => keys[i]);
let c;
if (which === 'lru-cache') c = new LRUCache({ max: N });
else if (which === 'mnemonist') c = new LRUMap(N);
else c = new MemoryCache({ maxEntries: N, policy });
const V = { v: 1 };
for (const k of keys) c.set(k, V);
function loop() { let h = 0; for (let i = 0; i < ks.length; i++) if (c.get(ks[i]) !== undefined) h++; return h; }
const res = [];
for (let r = 0; r < 8; r++) { const t = process.hrtime.bigint(); loop(); res.push(Number(process.hrtime.bigint() - t) / ks.length); }
res.sort((a, b) => a - b);
console.log(which, policy ?? '', 'ns/op best', res[0].toFixed(2), 'median', res[4].toFixed(2));
