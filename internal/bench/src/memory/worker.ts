/**
 * One measurement in a fresh process: `node --expose-gc worker.js '<job json>'`.
 * Prints one JSON line ({@link WorkerResult}) on stdout. The parent (cli.ts)
 * runs one worker per (scenario, library, policy), never two at once.
 * @module
 */
import { loadLibrary, type BenchCache, type Library } from './libraries.js';
import { keyName, scaleOf, sequentialKeys, uniformIndices, writeRounds, zipfKeyStream, type Scenario, type ScenarioSizes } from './scenarios.js';

/** What the parent asks for. */
export interface WorkerJob {
  scenario: Scenario;
  library: Library;
  policy?: string;
  sizes: ScenarioSizes;
  /** Timed rounds; the median is reported. */
  rounds: number;
  /** Untimed rounds first, so the JIT has settled. */
  warmup: number;
  /**
   * `cpu`: ops per second of this process's CPU time (user + system, GC
   * threads included), which other load on the machine barely moves;
   * `wall`: ops per elapsed second.
   */
  clock: 'cpu' | 'wall';
  /**
   * bytes-per-entry: also count what an application holds, the key strings
   * (made after the baseline) and one small value object per entry.
   */
  bytesWithKeys?: boolean;
}

/** What the worker prints. */
export interface WorkerResult {
  opsPerSec?: number;
  hitRatio?: number;
  bytesPerEntry?: number;
  /** ops/s of every timed round, by the job's clock. */
  samples?: number[];
  /** Median ops/s by the other clock, for comparison. */
  otherClockOpsPerSec?: number;
}

/** The value every entry holds: one shared small object. */
const VALUE = Object.freeze({ value: 1 });

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function getLoop(cache: BenchCache, keys: readonly string[]): number {
  let hits = 0;
  for (let i = 0; i < keys.length; i++) if (cache.get(keys[i]!) !== undefined) hits++;
  return hits;
}

/** Reads key `ids[i]` by building its name each time (a new string per read). */
function freshGetLoop(cache: BenchCache, ids: Uint32Array, name: (n: number) => string): number {
  let hits = 0;
  for (let i = 0; i < ids.length; i++) if (cache.get(name(ids[i]!)) !== undefined) hits++;
  return hits;
}

function setLoop(cache: BenchCache, keys: readonly string[]): void {
  for (let i = 0; i < keys.length; i++) cache.set(keys[i]!, VALUE);
}

function getOrSetLoop(cache: BenchCache, keys: readonly string[]): number {
  let hits = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (cache.get(key) === undefined) cache.set(key, VALUE);
    else hits++;
  }
  return hits;
}

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/** Runs `body` warmup + rounds times; returns ops/s of the timed rounds (both clocks) and what the timed bodies returned. */
function timed(job: WorkerJob, ops: number, body: () => number): { opsPerSec: number; otherClockOpsPerSec: number; samples: number[]; results: number[] } {
  for (let i = 0; i < job.warmup; i++) body();
  const wall: number[] = [];
  const cpu: number[] = [];
  const results: number[] = [];
  for (let i = 0; i < job.rounds; i++) {
    // Start every round with no garbage collection under way. Incremental
    // marking, once started, finishes only as the program allocates or
    // yields; a loop that allocates nothing (this cache's get and set) would
    // run all its rounds with it on, each pointer store taking the write
    // barrier's slow path (~100 instructions; cachegrind: ~200 per set-evict
    // op), while a peer that allocates finishes it early.
    gc();
    const startCpu = process.cpuUsage();
    const start = performance.now();
    results.push(body());
    const wallMs = performance.now() - start;
    const usedMs = cpuMs(process.cpuUsage(startCpu));
    wall.push((ops * 1000) / wallMs);
    cpu.push((ops * 1000) / Math.max(usedMs, 0.001));
  }
  const [samples, other] = job.clock === 'cpu' ? [cpu, wall] : [wall, cpu];
  return { opsPerSec: median(samples), otherClockOpsPerSec: median(other), samples, results };
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error('run the worker with node --expose-gc');
  collect();
  collect();
}

function usedBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

async function run(job: WorkerJob): Promise<WorkerResult> {
  const create = await loadLibrary(job.library, job.policy);
  const { sizes } = job;
  switch (job.scenario) {
    case 'get-hit':
    case 'get-hit-long-keys':
    case 'get-hit-fresh-keys':
    case 'get-hit-fresh-long-keys': {
      const long = job.scenario.includes('long');
      const keys = sequentialKeys(sizes.getHitEntries, long);
      const ids = uniformIndices(keys.length, sizes.getHitReads);
      const cache = create(sizes.getHitEntries);
      for (const key of keys) cache.set(key, VALUE);
      let body: () => number;
      if (job.scenario.includes('fresh')) {
        const name = keyName(long);
        body = () => freshGetLoop(cache, ids, name);
      } else {
        const reads = Array.from(ids, (i) => keys[i]!);
        body = () => getLoop(cache, reads);
      }
      const { results, ...speed } = timed(job, ids.length, body);
      const hitRatio = results.reduce((a, b) => a + b, 0) / (ids.length * results.length);
      return { ...speed, hitRatio };
    }
    case 'get-hit-10k':
    case 'get-hit-1m':
    case 'get-hit-10m':
    case 'set-evict-10k':
    case 'set-evict-1m':
    case 'set-evict-10m': {
      const { op, entries } = scaleOf(job.scenario, sizes);
      // set-evict draws from twice the capacity, so half of the writes evict
      const keys = sequentialKeys(op === 'get-hit' ? entries : 2 * entries);
      const cache = create(entries);
      for (let i = 0; i < entries; i++) cache.set(keys[i]!, VALUE);
      if (op === 'set-evict') {
        // every round (warm-up included) writes its own stretch of the stream, so half of its writes evict
        const streams = writeRounds(keys.length, job.warmup + job.rounds, sizes.scaleOps).map((ids) => Array.from(ids, (i) => keys[i]!));
        let round = 0;
        const { results: _, ...speed } = timed(job, sizes.scaleOps, () => {
          setLoop(cache, streams[round++]!);
          return 0;
        });
        return speed;
      }
      const stream = Array.from(uniformIndices(keys.length, sizes.scaleOps), (i) => keys[i]!);
      const { results, ...speed } = timed(job, stream.length, () => getLoop(cache, stream));
      return { ...speed, hitRatio: results.reduce((a, b) => a + b, 0) / (stream.length * results.length) };
    }
    case 'set-evict-zipf': {
      const stream = zipfKeyStream(sizes);
      const cache = create(sizes.zipfCapacity);
      const { results: _, ...speed } = timed(job, stream.length, () => {
        setLoop(cache, stream);
        return 0;
      });
      return speed;
    }
    case 'get-or-set-zipf': {
      const stream = zipfKeyStream(sizes);
      const cache = create(sizes.zipfCapacity);
      const { results, ...speed } = timed(job, stream.length, () => getOrSetLoop(cache, stream));
      const hitRatio = results.reduce((a, b) => a + b, 0) / (stream.length * results.length);
      return { ...speed, hitRatio };
    }
    case 'bytes-per-entry': {
      const withKeys = job.bytesWithKeys === true;
      let keys = withKeys ? [] : sequentialKeys(sizes.bytesEntries);
      gc();
      const before = usedBytes();
      if (withKeys) keys = sequentialKeys(sizes.bytesEntries);
      const cache = create(sizes.bytesEntries);
      for (let i = 0; i < keys.length; i++) cache.set(keys[i]!, withKeys ? { value: i } : VALUE);
      gc();
      const after = usedBytes();
      // Keep the cache reachable until after the measurement.
      if (cache.get(keys[0]!) === undefined && cache.get(keys[keys.length - 1]!) === undefined) {
        throw new Error(`${job.library} kept neither the first nor the last of ${keys.length} entries`);
      }
      return { bytesPerEntry: (after - before) / keys.length };
    }
  }
}

const job = JSON.parse(process.argv[2] ?? '{}') as WorkerJob;
run(job).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
