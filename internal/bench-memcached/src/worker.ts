/**
 * One library, one scenario, in a process of its own:
 * `node worker.js <library> <scenario> <host:port> <durationMs>` prints
 * `{"opsPerSec": n}`; `node worker.js <library> hang <host:port> <pid>`
 * measures a hung server (it SIGSTOPs and SIGCONTs the server `pid`
 * itself) and prints what happened (see `hang`).
 */
import { measureLanes } from '@cache/bench';
import { createClient, sampleValue, type BenchClient, type Library, type Scenario } from './libraries.js';

const KEYS = 1000;
const WARMUP_MS = 300;
const key = (i: number) => `k${i % KEYS}`;

async function throughput(client: BenchClient, scenario: Scenario, duration: number): Promise<number> {
  const value = sampleValue(1);
  const batches = Array.from({ length: 10 }, (_, b) => Array.from({ length: 100 }, (_, i) => key(b * 100 + i)));
  const run = (ms: number): Promise<number> => {
    switch (scenario) {
      case 'get-sequential':
        return measureLanes(ms, 1, (i) => client.get(key(i)));
      case 'set-sequential':
        return measureLanes(ms, 1, (i) => client.set(key(i), value));
      case 'get-100-in-flight':
        return measureLanes(ms, 100, (i) => client.get(key(i)));
      case 'set-100-in-flight':
        return measureLanes(ms, 100, (i) => client.set(key(i), value));
      case 'getMany-100':
        return measureLanes(ms, 1, (i) => client.getMany(batches[i % batches.length]!));
    }
  };
  await run(WARMUP_MS);
  return run(duration);
}

/** What a library did while its server hung. */
export interface HangResult {
  /** Reads issued while the server was stopped. */
  calls: number;
  /** Of those, how many settled (resolved or rejected) within the watch window. */
  settled: number;
  /** Slowest settle time among those that settled (ms). */
  slowestMs: number;
  /** How long the library was watched (ms). */
  watchedMs: number;
  /** Whether a write that reported failure during the hang held its value after the server resumed. */
  failedWriteApplied: boolean | 'write did not fail';
}

const WATCH_MS = 15_000;

async function hang(client: BenchClient, pid: number): Promise<HangResult> {
  await client.set('hang', 'old');
  const calls = 100;
  const times: number[] = [];
  process.kill(pid, 'SIGSTOP');
  let writeFailed = false;
  try {
    const started = performance.now();
    // a write that resolves false (memjs) or rejects (the others) reports failure
    const write = client.set('hang', 'late').then(
      (stored) => {
        if (stored === false) writeFailed = true;
      },
      () => {
        writeFailed = true;
      },
    );
    const reads = Array.from({ length: calls }, (_, i) =>
      client.get(key(i)).then(
        () => times.push(performance.now() - started),
        () => times.push(performance.now() - started),
      ),
    );
    // not unref'd: a library whose calls never settle may hold no handle that keeps the process alive
    let watch: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all([...reads, write]), new Promise((resolve) => (watch = setTimeout(resolve, WATCH_MS)))]);
    clearTimeout(watch);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  let after: unknown;
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      after = await client.get('hang');
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return {
    calls,
    settled: times.length,
    slowestMs: Math.round(Math.max(0, ...times)),
    watchedMs: WATCH_MS,
    failedWriteApplied: writeFailed ? after === 'late' : 'write did not fail',
  };
}

async function main(): Promise<void> {
  const [library, scenario, server, arg] = process.argv.slice(2) as [Library, Scenario | 'hang', string, string];
  const client = createClient(library, server);
  for (let i = 0; i < KEYS; i += 100) await Promise.all(Array.from({ length: 100 }, (_, j) => client.set(key(i + j), sampleValue(i + j))));
  const check = await client.get(key(7));
  if ((check as { id?: number } | undefined)?.id !== 7) throw new Error(`${library}: read back ${JSON.stringify(check)}`);
  const result = scenario === 'hang' ? await hang(client, Number(arg)) : { opsPerSec: await throughput(client, scenario, Number(arg)) };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await Promise.race([client.close(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
