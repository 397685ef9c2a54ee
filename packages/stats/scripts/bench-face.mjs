// The get-hit cost of an instrumented face, two builds side by side in one
// process, interleaved (the machine is noisy). Build an older commit, copy its
// dist into this package (so it resolves @cache/core), e.g. `.bench-before/`,
// then `node scripts/bench-face.mjs .bench-before/index.js` compares that build
// with this package's dist.
import { MemoryCache } from '@cache/memory';
import { resolve } from 'node:path';
import * as current from '../dist/index.js';

const other = await import(resolve(process.argv[2]));
const keys = Array.from({ length: 1024 }, (_, i) => `key:${i}`);
const raw = new MemoryCache({ maxEntries: 2048 });
for (const k of keys) raw.set(k, k);
const N = 1_000_000;
const faces = {
  'raw MemoryCache.get': raw,
  'other: instrumentSync(m, { timeEvery: 16 }).get': other.instrumentSync(raw, { timeEvery: 16 }),
  'this: instrumentSync(m, { timeEvery: 16 }).get': current.instrumentSync(raw, { timeEvery: 16 }),
  'other: instrument(m.asAsync(), { timeEvery: 16 }).sync.get': other.instrument(raw.asAsync(), { timeEvery: 16 }).sync,
  'this: instrument(m.asAsync(), { timeEvery: 16 }).sync.get': current.instrument(raw.asAsync(), { timeEvery: 16 }).sync,
  'other: instrumentSync(m).get (every read timed)': other.instrumentSync(raw),
  'this: instrumentSync(m).get (every read timed)': current.instrumentSync(raw),
};
const results = Object.fromEntries(Object.keys(faces).map((name) => [name, []]));
for (let round = 0; round < 9; round++) {
  for (const [name, face] of Object.entries(faces)) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i++) face.get(keys[i & 1023]);
    results[name].push(Number(process.hrtime.bigint() - start) / N);
  }
}
const asyncFaces = { other: other.instrument(raw.asAsync(), { timeEvery: 16 }), this: current.instrument(raw.asAsync(), { timeEvery: 16 }) };
for (const name of Object.keys(asyncFaces)) results[`${name}: instrument(m.asAsync(), { timeEvery: 16 }).get, awaited`] = [];
for (let round = 0; round < 9; round++) {
  for (const [name, face] of Object.entries(asyncFaces)) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < N / 4; i++) await face.get(keys[i & 1023]);
    results[`${name}: instrument(m.asAsync(), { timeEvery: 16 }).get, awaited`].push(Number(process.hrtime.bigint() - start) / (N / 4));
  }
}
console.table(Object.entries(results).map(([measurement, ns]) => ({ measurement, 'ns/op (median of 9, first dropped)': ns.slice(1).sort((a, b) => a - b)[4].toFixed(1) })));
console.log(`node ${process.version}`);
