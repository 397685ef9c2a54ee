/**
 * "Across processes", literally: tiered-cache instances in separate OS
 * processes (child_process.fork over the TypeScript sources) share one real
 * Redis and a RedisLoadLock, and run a missing key's loader once between
 * them; a holder process killed mid-load is replaced once its lease expires.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tsChildArgs } from '@cache/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisCache, RedisLoadLock } from '@cache/redis';
import { MultiLevelCache, type MultiLevelStats } from '../src/index.js';
import { memory, redisUrl, uniquePrefix } from './helpers.js';

const script = fileURLToPath(new URL('./fixtures/lock-process.ts', import.meta.url));

const children = new Set<ChildProcess>();
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const step of cleanup.reverse()) await step();
});

interface Done {
  type: 'done';
  values: string[];
  calls: number;
  stats: MultiLevelStats;
}

/** Forks one instance process and resolves once it is ready; `messages` collects what it sends. */
async function spawnInstance(prefix: string, mode: 'stampede' | 'hang', callers: number, lockTtl: number) {
  const child = fork(script, [redisUrl(), prefix, mode, String(callers), String(lockTtl)], {
    execArgv: tsChildArgs(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const messages: { type: string }[] = [];
  const waitFor = <T extends { type: string }>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const found = messages.find((m) => m.type === type);
      if (found) return resolve(found as T);
      const onMessage = (message: { type: string }) => {
        if (message.type !== type) return;
        child.off('exit', onExit);
        child.off('message', onMessage);
        resolve(message as T);
      };
      const onExit = (code: number | null) => reject(new Error(`instance process exited (${code}) before sending ${type}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  child.on('message', (message: { type: string }) => messages.push(message));
  await waitFor('ready');
  return { child, waitFor, go: () => child.send({ type: 'go' }) };
}

function localInstance(prefix: string, lockTtl: number) {
  const l2 = new RedisCache({ url: redisUrl(), prefix });
  const cache = new MultiLevelCache<string>({
    levels: [
      { name: 'memory', tier: memory() },
      { name: 'redis', tier: l2 },
    ],
    defaultTtl: '1m',
    lock: new RedisLoadLock({ cache: l2 }),
    lockTtl,
    lockPollInterval: 20,
  });
  cleanup.push(() => cache.close());
  return { cache, l2 };
}

// Each child process transpiles the workspace's sources at start-up, which takes seconds on a
// loaded 2-core machine: the tests get a generous timeout (nothing here asserts a duration).
const PROCESS_TEST_TIMEOUT = 90_000;

describe('load lock across OS processes', () => {
  it('two child processes and this one, 50 callers each, one missing key: one loader call in total', async () => {
    const prefix = uniquePrefix('procs');
    const processes = await Promise.all([spawnInstance(prefix, 'stampede', 50, 10_000), spawnInstance(prefix, 'stampede', 50, 10_000)]);
    const here = localInstance(prefix, 10_000);
    let localCalls = 0;
    const results = processes.map((p) => p.waitFor<Done>('done'));
    for (const p of processes) p.go();
    const localValues = await Promise.all(
      Array.from({ length: 50 }, () =>
        here.cache.getOrSet('hot', async () => {
          localCalls++;
          await new Promise((resolve) => setTimeout(resolve, 100));
          return `loaded by ${process.pid}`;
        }),
      ),
    );
    const done = await Promise.all(results);
    const values = [...localValues, ...done.flatMap((d) => d.values)];
    expect(values).toHaveLength(150);
    expect(new Set(values).size).toBe(1); // everyone got the one loaded value
    expect(localCalls + done.reduce((total, d) => total + d.calls, 0)).toBe(1);
    expect(here.cache.multilevelStats().loads + done.reduce((total, d) => total + d.stats.loads, 0)).toBe(1);
    expect(done.every((d) => d.stats.unlockedLoads === 0)).toBe(true);
  }, PROCESS_TEST_TIMEOUT);

  it('the holder process is killed mid-load: this process loads once the lease expires', async () => {
    const prefix = uniquePrefix('killed');
    const lockTtl = 500;
    const holder = await spawnInstance(prefix, 'hang', 1, lockTtl);
    const loading = holder.waitFor('loading');
    holder.go();
    await loading; // it holds the lock and its loader runs
    const exited = new Promise((resolve) => holder.child.once('exit', resolve));
    holder.child.kill('SIGKILL');
    await exited;
    const here = localInstance(prefix, lockTtl);
    let calls = 0;
    const value = await here.cache.getOrSet('hot', () => {
      calls++;
      return 'loaded here';
    });
    expect(value).toBe('loaded here');
    expect(calls).toBe(1);
    expect(here.cache.multilevelStats()).toMatchObject({ loads: 1, lockWaits: 1, unlockedLoads: 0 });
  }, PROCESS_TEST_TIMEOUT);
});
