/**
 * One library and one scenario in a fresh process: `node worker.js '<job json>'`.
 * Prints one JSON line ({@link WorkerResult}) and exits (a peer that keeps
 * a socket or timer open after close() cannot hold the run).
 * @module
 */
import { measureOutage } from './outage.js';
import { openLibrary, type Subject } from './libraries.js';
import { idOf, quantile, sampleValue, type WorkerJob, type WorkerResult } from './scenario.js';

const median = (values: readonly number[]) => quantile(values, 0.5);

/** Writes keys `${name}0…` with 100 writes in flight. */
async function fill(subject: Subject, name: string, count: number): Promise<void> {
  for (let from = 0; from < count; from += 100) {
    await Promise.all(Array.from({ length: Math.min(100, count - from) }, (_, i) => subject.set(`${name}${from + i}`, sampleValue(from + i))));
  }
}

/** Reads `reads` keys `${name}(i % keys)` with `lanes` reads in flight; ops/s of wall time and the misses. */
async function readCycle(subject: Subject, name: string, keys: number, reads: number, lanes: number, start: number): Promise<{ opsPerSec: number; misses: number }> {
  let next = 0;
  let misses = 0;
  const began = performance.now();
  const lane = async () => {
    while (next < reads) {
      const i = (start + next++) % keys;
      if (idOf(await subject.get(`${name}${i}`)) !== i) misses++;
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return { opsPerSec: (reads / (performance.now() - began)) * 1000, misses };
}

/** l1-hit: sequential awaited reads of keys that are all in L1. */
async function l1Hit(subject: Subject, job: WorkerJob): Promise<WorkerResult> {
  const { l1Keys, l1Reads, rounds } = job.sizes;
  await fill(subject, 'h', l1Keys);
  await readCycle(subject, 'h', l1Keys, l1Keys, 1, 0); // every key read once: in L1 whatever the write path did
  await readCycle(subject, 'h', l1Keys, l1Reads, 1, 0); // warm-up
  const samples: number[] = [];
  let misses = 0;
  for (let round = 0; round < rounds; round++) {
    const result = await readCycle(subject, 'h', l1Keys, l1Reads, 1, 0);
    samples.push(result.opsPerSec);
    misses += result.misses;
  }
  return { opsPerSec: median(samples), samples, misses };
}

/**
 * l2-hit: reads in a cycle over far more keys than L1 holds, so with LRU
 * every read misses L1, finds the key in Redis and promotes it (evicting
 * the least recently used entry).
 */
async function l2Hit(subject: Subject, job: WorkerJob): Promise<WorkerResult> {
  const { l2Keys, l2Concurrency, rounds } = job.sizes;
  await fill(subject, 'r', l2Keys);
  await readCycle(subject, 'r', l2Keys, l2Keys, l2Concurrency, 0); // warm-up: one full cycle
  const samples: number[] = [];
  let misses = 0;
  for (let round = 0; round < rounds; round++) {
    const result = await readCycle(subject, 'r', l2Keys, l2Keys, l2Concurrency, 0);
    samples.push(result.opsPerSec);
    misses += result.misses;
  }
  return { opsPerSec: median(samples), samples, misses };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * get-or-set-stampede: for each of `stampedeKeys` missing keys, one after
 * the other, `stampedeCallers` concurrent getOrSet calls with a loader of
 * `loaderMs`. Loader calls counted; per-key wall time (until every caller
 * has its answer) as p50/p99.
 */
async function stampede(subject: Subject, job: WorkerJob): Promise<WorkerResult> {
  const { stampedeCallers, stampedeKeys, loaderMs } = job.sizes;
  let loaderCalls = 0;
  let errors = 0;
  let wrong = 0;
  const round = async (key: string, id: number) => {
    const loader = async () => {
      loaderCalls++;
      await sleep(loaderMs);
      return sampleValue(id);
    };
    const began = performance.now();
    await Promise.all(
      Array.from({ length: stampedeCallers }, async () => {
        try {
          if (idOf(await subject.getOrSet(key, loader)) !== id) wrong++;
        } catch {
          errors++;
        }
      }),
    );
    return performance.now() - began;
  };
  for (let i = 0; i < 3; i++) await round(`warm${i}`, i); // warm-up (JIT, connections)
  loaderCalls = 0;
  errors = 0;
  wrong = 0;
  const times: number[] = [];
  const began = performance.now();
  for (let i = 0; i < stampedeKeys; i++) times.push(await round(`s${i}`, i));
  const elapsed = performance.now() - began;
  return {
    opsPerSec: ((stampedeCallers * stampedeKeys) / elapsed) * 1000,
    p50Ms: median(times),
    p99Ms: quantile(times, 0.99),
    loaderCalls,
    errors,
    misses: wrong,
  };
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as WorkerJob;
  let result: WorkerResult;
  if (job.scenario === 'redis-outage') {
    result = await measureOutage(job);
  } else {
    const subject = await openLibrary(job.library, job.url, job.prefix, job.sizes);
    const check = await subject.set('check', sampleValue(7)).then(() => subject.get('check'));
    if (idOf(check) !== 7) throw new Error(`${job.library}: read back ${JSON.stringify(check)}`);
    result = await (job.scenario === 'l1-hit' ? l1Hit : job.scenario === 'l2-hit' ? l2Hit : stampede)(subject, job);
    await Promise.race([subject.close(), sleep(2000)]);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
