/**
 * `pnpm --filter @cache/bench-stats bench:face OTHER`: the get-hit cost of an instrumented face,
 * two builds of `@cache/stats` side by side in one process, interleaved
 * (the machine is noisy). Build an older commit, copy its
 * `packages/stats/dist` somewhere it resolves `@cache/core` (e.g.
 * `internal/bench-stats/.bench-before/`), then pass its `index.js`: that build is
 * compared with the current `@cache/stats`. Medians of 9 rounds, the first
 * dropped. Moved here from `packages/stats/scripts/bench-face.mjs`.
 * @module
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MemoryCache } from '@cache/memory';
import * as current from '@cache/stats';
import { UsageError, runMain, userArgs, userPath } from '@cache/bench';

const HELP = `Usage: pnpm --filter @cache/bench-stats bench:face PATH/TO/OTHER/stats/dist/index.js

Compares instrumentSync / instrument get-hit costs of another build of
@cache/stats (a copy of its dist that resolves @cache/core) with this one.`;

type StatsModule = Pick<typeof current, 'instrument' | 'instrumentSync'>;

async function main(): Promise<number> {
  const args = userArgs();
  if (args[0] === '-h' || args[0] === '--help') {
    console.log(HELP);
    return 0;
  }
  if (args.length !== 1) throw new UsageError(`give the other build's index.js as the one argument\n\n${HELP}`);
  const other = (await import(pathToFileURL(resolve(userPath(args[0]!))).href)) as StatsModule;
  const keys = Array.from({ length: 1024 }, (_, i) => `key:${i}`);
  const raw = new MemoryCache<string>({ maxEntries: 2048 });
  for (const k of keys) raw.set(k, k);
  const N = 1_000_000;
  const faces: Record<string, { get(key: string): unknown }> = {
    'raw MemoryCache.get': raw,
    'other: instrumentSync(m, { timeEvery: 16 }).get': other.instrumentSync(raw, { timeEvery: 16 }),
    'this: instrumentSync(m, { timeEvery: 16 }).get': current.instrumentSync(raw, { timeEvery: 16 }),
    'other: instrument(m.asAsync(), { timeEvery: 16 }).sync.get': other.instrument(raw.asAsync(), { timeEvery: 16 }).sync!,
    'this: instrument(m.asAsync(), { timeEvery: 16 }).sync.get': current.instrument(raw.asAsync(), { timeEvery: 16 }).sync!,
    'other: instrumentSync(m).get (every read timed)': other.instrumentSync(raw),
    'this: instrumentSync(m).get (every read timed)': current.instrumentSync(raw),
  };
  const results = new Map<string, number[]>(Object.keys(faces).map((name) => [name, []]));
  for (let round = 0; round < 9; round++) {
    for (const [name, face] of Object.entries(faces)) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < N; i++) face.get(keys[i & 1023]!);
      results.get(name)!.push(Number(process.hrtime.bigint() - start) / N);
    }
  }
  const asyncFaces = { other: other.instrument(raw.asAsync(), { timeEvery: 16 }), this: current.instrument(raw.asAsync(), { timeEvery: 16 }) };
  const label = (name: string) => `${name}: instrument(m.asAsync(), { timeEvery: 16 }).get, awaited`;
  for (const name of Object.keys(asyncFaces)) results.set(label(name), []);
  for (let round = 0; round < 9; round++) {
    for (const [name, face] of Object.entries(asyncFaces)) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < N / 4; i++) await face.get(keys[i & 1023]!);
      results.get(label(name))!.push(Number(process.hrtime.bigint() - start) / (N / 4));
    }
  }
  console.table([...results].map(([measurement, ns]) => ({ measurement, 'ns/op (median of 9, first dropped)': ns.slice(1).sort((a, b) => a - b)[4]!.toFixed(1) })));
  console.log(`node ${process.version}`);
  raw.close();
  return 0;
}

runMain(main);
