/**
 * One library's measurement in a fresh process:
 * `node worker.js '<job json>'`. Prints one JSON line ({@link WorkerResult}).
 * The parent (cli.ts) runs one worker at a time.
 * @module
 */
import { Cluster } from 'ioredis';
import { RedisClusterCache } from '@cache/cluster';
import { batchKeys, type Library, type WorkerJob, type WorkerResult } from './scenario.js';

/** Reads one batch of keys; resolves how many were found. */
type ReadBatch = (keys: readonly string[]) => Promise<number>;

interface Subject {
  read: ReadBatch;
  close(): Promise<void>;
}

const found = (values: readonly unknown[]) => values.reduce<number>((n, value) => (value === undefined || value === null ? n : n + 1), 0);

function open(library: Library, job: WorkerJob): Subject {
  if (library === 'ioredis') {
    // ioredis as it comes (no auto-pipelining), per-key GETs of the prefixed keys
    const cluster = new Cluster(job.nodes);
    const prefix = `${job.prefix}:`;
    return {
      read: async (keys) => found(await Promise.all(keys.map((key) => cluster.getBuffer(prefix + key)))),
      close: async () => {
        await cluster.quit();
      },
    };
  }
  const cache = new RedisClusterCache({ nodes: job.nodes, prefix: job.prefix, crossSlotReads: library !== '@cache/cluster (crossSlotReads: false)' });
  const read: ReadBatch =
    library === 'per-key'
      ? async (keys) => found(await Promise.all(keys.map((key) => cache.get(key))))
      : async (keys) => found(await cache.getMany(keys));
  return { read, close: () => cache.close() };
}

async function measure(subject: Subject, job: WorkerJob, ms: number, seed: number): Promise<{ keysPerSec: number; hits: number; reads: number }> {
  const next = batchKeys(job.keyCount, job.batchSize, seed);
  let reads = 0;
  let hits = 0;
  const start = performance.now();
  const deadline = start + ms;
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (performance.now() < deadline) {
        const found = await subject.read(next());
        hits += found;
        reads += job.batchSize;
      }
    }),
  );
  return { keysPerSec: reads / ((performance.now() - start) / 1000), hits, reads };
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as WorkerJob;
  const subject = open(job.library, job);
  try {
    // connect first: a tier bounds what may wait while it connects (offlineQueue)
    await subject.read(['k0']);
    await measure(subject, job, job.warmupMs, 1);
    const samples: number[] = [];
    let hits = 0;
    let reads = 0;
    for (let round = 0; round < job.rounds; round++) {
      const result = await measure(subject, job, job.roundMs, 100 + round);
      samples.push(result.keysPerSec);
      hits += result.hits;
      reads += result.reads;
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const result: WorkerResult = { opsPerSec: sorted[sorted.length >> 1]!, samples, hitRatio: reads === 0 ? 0 : hits / reads };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await subject.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
