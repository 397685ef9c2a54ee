/**
 * redis-outage, in the worker: a redis-server of its own (through
 * @cache/test-support, so it can be killed), `outageKeys` hot keys written
 * by the reading instance (in its L1 and in Redis) and as many cold keys
 * written by a second instance (in Redis only). Then the server is killed
 * (SIGKILL) and reads alternate hot and cold keys for `outageMs`, from
 * `outageConcurrency` loops. A read that has not settled after `deadlineMs`
 * is counted as hung (and counted at `deadlineMs` in the percentiles; the
 * loop moves on). Finally the server is restarted (empty: no persistence)
 * and a write is retried until it reaches Redis (`DBSIZE` > 0).
 * @module
 */
import { redisCommand, startRedisServer } from '@cache/test-support';
import { openLibrary, type Subject } from './libraries.js';
import { idOf, quantile, sampleValue, type WorkerJob, type WorkerResult } from './scenario.js';

const HUNG = Symbol('hung');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `promise`'s outcome, or HUNG when it has not settled within `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<{ value: T } | { error: unknown } | typeof HUNG> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof HUNG>((resolve) => {
    timer = setTimeout(() => resolve(HUNG), ms);
  });
  try {
    return await Promise.race([promise.then((value) => ({ value }), (error: unknown) => ({ error })), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function fill(subject: Subject, name: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await subject.set(`${name}${i}`, sampleValue(i));
}

export async function measureOutage(job: WorkerJob): Promise<WorkerResult> {
  const { outageKeys, outageMs, outageConcurrency, deadlineMs, recoveryMs } = job.sizes;
  const server = await startRedisServer();
  try {
    const reader = await openLibrary(job.library, server.url, job.prefix, job.sizes);
    const writer = await openLibrary(job.library, server.url, job.prefix, job.sizes);
    await fill(reader, 'hot', outageKeys);
    await fill(writer, 'cold', outageKeys);
    await sleep(300); // bus messages delivered
    for (let i = 0; i < outageKeys; i++) {
      if (idOf(await reader.get(`hot${i}`)) !== i) throw new Error(`${job.library}: hot${i} not readable before the outage`);
    }
    await within(writer.close(), 2000);

    await server.kill();
    const latencies: number[] = [];
    let calls = 0;
    let errors = 0;
    let hung = 0;
    let l1Reads = 0;
    let l1Served = 0;
    const end = performance.now() + outageMs;
    const loop = async (lane: number) => {
      for (let j = 0; performance.now() < end; j++) {
        // every loop alternates: a key in L1, then a key only in Redis
        const hot = j % 2 === 0;
        const index = (lane + (j >> 1) * outageConcurrency) % outageKeys;
        const began = performance.now();
        const outcome = await within(reader.get(`${hot ? 'hot' : 'cold'}${index}`), deadlineMs);
        calls++;
        if (outcome === HUNG) {
          hung++;
          latencies.push(deadlineMs);
          continue;
        }
        latencies.push(performance.now() - began);
        if ('error' in outcome) errors++;
        if (hot) {
          l1Reads++;
          if ('value' in outcome && idOf(outcome.value) === index) l1Served++;
        }
        // yield to the event loop: a library answering from L1 synchronously must not starve timers
        if (j % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await Promise.all(Array.from({ length: outageConcurrency }, (_, lane) => loop(lane)));

    await server.restart();
    const restarted = performance.now();
    let recoveredMs: number | undefined;
    for (let attempt = 0; performance.now() - restarted < recoveryMs; attempt++) {
      const outcome = await within(reader.set(`recovery${attempt}`, sampleValue(attempt)), deadlineMs);
      const size = await redisCommand(server.port, ['DBSIZE']);
      if (outcome !== HUNG && !('error' in outcome) && typeof size === 'number' && size > 0) {
        recoveredMs = performance.now() - restarted;
        break;
      }
      await sleep(100);
    }
    await within(reader.close(), 2000);
    return {
      opsPerSec: (calls / outageMs) * 1000,
      p50Ms: quantile(latencies, 0.5),
      p99Ms: quantile(latencies, 0.99),
      errors,
      calls,
      hung,
      l1Reads,
      l1Served,
      ...(recoveredMs === undefined ? {} : { recoveredMs }),
    };
  } finally {
    await server.stop();
  }
}
