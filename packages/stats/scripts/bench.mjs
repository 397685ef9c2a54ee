// Costs of @cache/stats, measured on the built package (run `pnpm build` first):
//   node scripts/bench.mjs
// Prints ns per operation for Histogram.record, percentile(), and a
// MemoryCache read raw vs instrumented (with and without a diagnostics subscriber).
import { MemoryCache } from '@cache/memory';
import { Histogram, instrument, instrumentSync, subscribeOperations } from '../dist/index.js';

const N = 2_000_000;
const rows = [];
function measure(name, n, fn) {
  for (let i = 0; i < Math.min(n, 200_000); i++) fn(i); // warm up
  const best = [];
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn(i);
    best.push(Number(process.hrtime.bigint() - start) / n);
  }
  best.sort((a, b) => a - b);
  rows.push({ measurement: name, 'ns/op (median of 5)': best[2].toFixed(1) });
}
async function measureAsync(name, n, fn) {
  for (let i = 0; i < Math.min(n, 200_000); i++) await fn(i); // warm up
  const best = [];
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await fn(i);
    best.push(Number(process.hrtime.bigint() - start) / n);
  }
  best.sort((a, b) => a - b);
  rows.push({ measurement: name, 'ns/op (median of 5)': best[2].toFixed(1) });
}

const values = Float64Array.from({ length: 4096 }, (_, i) => Math.exp((i % 97) / 4) * (1 + (i % 13)));
const h = new Histogram();
measure('Histogram.record', N, (i) => h.record(values[i & 4095]));
measure('Histogram.percentile(99) (2.3k slots)', 20_000, () => h.percentile(99));

const keys = Array.from({ length: 1024 }, (_, i) => `key:${i}`);
const raw = new MemoryCache({ maxEntries: 2048 });
for (const k of keys) raw.set(k, k);
measure('MemoryCache.get (raw)', N, (i) => raw.get(keys[i & 1023]));
const timed = instrumentSync(raw);
measure('instrumentSync(MemoryCache).get, no subscriber', N, (i) => timed.get(keys[i & 1023]));
const sampled = instrumentSync(raw, { timeEvery: 16 });
measure('instrumentSync(MemoryCache, { timeEvery: 16 }).get', N, (i) => sampled.get(keys[i & 1023]));
const asAsync = raw.asAsync();
await measureAsync('MemoryCache.asAsync().get, awaited (raw)', N / 4, (i) => asAsync.get(keys[i & 1023]));
const timedAsync = instrument(asAsync, { timeEvery: 16 });
await measureAsync('instrument(asAsync(), { timeEvery: 16 }).get, awaited', N / 4, (i) => timedAsync.get(keys[i & 1023]));
const timedFace = timedAsync.sync;
measure('instrument(asAsync(), { timeEvery: 16 }).sync.get', N, (i) => timedFace.get(keys[i & 1023]));
let events = 0;
const unsubscribe = subscribeOperations(() => events++);
measure('instrumentSync(MemoryCache).get, 1 subscriber', N, (i) => timed.get(keys[i & 1023]));
unsubscribe();
console.table(rows);
console.log(`node ${process.version}, ${events} events delivered`);
