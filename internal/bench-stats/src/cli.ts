/**
 * `pnpm bench:stats`: what `@cache/stats` costs, on the built packages: ns
 * per operation for `Histogram.record`, `percentile()`, and a MemoryCache
 * read raw vs instrumented (every read timed, sampled, with and without a
 * diagnostics subscriber). Medians of 5 rounds in one process; figures vary
 * ±15% between runs on a shared machine. Moved here from
 * `packages/stats/scripts/bench.mjs`.
 * @module
 */
import { MemoryCache } from '@cache/memory';
import { Histogram, instrument, instrumentSync, subscribeOperations } from '@cache/stats';
import { formatTable, parseCommandLine, positiveInteger, runMain } from '@cache/bench';

const HELP = `Usage: pnpm bench:stats [--ops N]

Histogram.record and percentile(99), and MemoryCache.get raw against
instrumentSync / instrument (every read timed, timeEvery: 16, one
diagnostics subscriber): ns per operation, median of 5 rounds.

  --ops N      operations per round of the cheap measurements (default 2000000)
  -h, --help   this text`;

async function main(): Promise<number> {
  const values = parseCommandLine({ ops: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, HELP);
  if (values === undefined) return 0;
  const n = positiveInteger(values.ops, '--ops', 2_000_000);
  const rows: string[][] = [];
  const record = (name: string, perRound: number[]) => {
    perRound.sort((a, b) => a - b);
    rows.push([name, perRound[2]!.toFixed(1)]);
  };
  const measure = (name: string, count: number, fn: (i: number) => unknown) => {
    for (let i = 0; i < Math.min(count, 200_000); i++) fn(i); // warm up
    const perRound: number[] = [];
    for (let round = 0; round < 5; round++) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < count; i++) fn(i);
      perRound.push(Number(process.hrtime.bigint() - start) / count);
    }
    record(name, perRound);
  };
  const measureAsync = async (name: string, count: number, fn: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < Math.min(count, 200_000); i++) await fn(i); // warm up
    const perRound: number[] = [];
    for (let round = 0; round < 5; round++) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < count; i++) await fn(i);
      perRound.push(Number(process.hrtime.bigint() - start) / count);
    }
    record(name, perRound);
  };

  const values64 = Float64Array.from({ length: 4096 }, (_, i) => Math.exp((i % 97) / 4) * (1 + (i % 13)));
  const histogram = new Histogram();
  measure('Histogram.record', n, (i) => histogram.record(values64[i & 4095]!));
  measure('Histogram.percentile(99)', Math.max(1, Math.round(n / 100)), () => histogram.percentile(99));

  const keys = Array.from({ length: 1024 }, (_, i) => `key:${i}`);
  const raw = new MemoryCache<string>({ maxEntries: 2048 });
  for (const k of keys) raw.set(k, k);
  measure('MemoryCache.get (raw)', n, (i) => raw.get(keys[i & 1023]!));
  const timed = instrumentSync(raw);
  measure('instrumentSync(MemoryCache).get, no subscriber', n, (i) => timed.get(keys[i & 1023]!));
  const sampled = instrumentSync(raw, { timeEvery: 16 });
  measure('instrumentSync(MemoryCache, { timeEvery: 16 }).get', n, (i) => sampled.get(keys[i & 1023]!));
  const asAsync = raw.asAsync();
  await measureAsync('MemoryCache.asAsync().get, awaited (raw)', n / 4, (i) => asAsync.get(keys[i & 1023]!));
  const timedAsync = instrument(asAsync, { timeEvery: 16 });
  await measureAsync('instrument(asAsync(), { timeEvery: 16 }).get, awaited', n / 4, (i) => timedAsync.get(keys[i & 1023]!));
  const timedFace = timedAsync.sync!;
  measure('instrument(asAsync(), { timeEvery: 16 }).sync.get', n, (i) => timedFace.get(keys[i & 1023]!));
  let events = 0;
  const unsubscribe = subscribeOperations(() => events++);
  measure('instrumentSync(MemoryCache).get, 1 subscriber', n, (i) => timed.get(keys[i & 1023]!));
  unsubscribe();
  console.log(formatTable(['measurement', 'ns/op (median of 5)'], rows, new Set([1])));
  console.log(`node ${process.version}, ${events} events delivered`);
  raw.close();
  return 0;
}

runMain(main);
