/**
 * Faults on a cluster of this file's own (it stalls and kills nodes).
 *
 * Partial failures: one master is blocked with DEBUG SLEEP while a batch runs.
 *
 * Failover: a master's
 * process is SIGKILLed during a read/write loop; its replica is promoted.
 * Calls fail (throw mode) or miss (miss mode) only between the kill and
 * shortly after the promotion, and every key written before the kill —
 * after WAIT confirmed its replication — reads back with its value.
 */
import { Redis } from 'ioredis';
import { startRedisCluster, type RedisClusterHandle } from '@cache/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, isCacheError } from '@cache/core';
import type { ErrorMode } from '@cache/redis';
import { ClusterBatchError, RedisClusterCache, keySlot } from '../src/index.js';
import { sleep } from './helpers.js';

const KEYS = 1000;
const COMMAND_TIMEOUT = 500;
/** Time after the promotion is seen within which the client must have recovered: slot-map refresh, one command timeout and the breaker's reset timeout. */
const RECOVERY_GRACE = 3000;
/** How long the loop keeps running once recovered, to show calls keep succeeding. */
const AFTER_RECOVERY = 2000;

let handle: RedisClusterHandle;
beforeAll(async () => {
  handle = await startRedisCluster();
}, 60_000);
afterAll(async () => {
  await handle?.stop();
});

interface Call {
  start: number;
  end: number;
  ok: boolean;
  /** Why it failed: the rejection (throw mode) or the `error` event seen during the call (miss mode). */
  error?: string;
}

/**
 * Waits until every master connection of the tier has its writes acknowledged
 * by a replica (WAIT on the connection that wrote; in steps shorter than the
 * tier's commandTimeout, which also applies to WAIT).
 */
async function waitForReplication(cache: RedisClusterCache): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (const master of cache.client.nodes('master')) {
    while ((await (master.call('WAIT', '1', String(COMMAND_TIMEOUT / 2)) as Promise<number>)) < 1) {
      if (Date.now() > deadline) throw new Error(`master ${master.options.port}: no replica acknowledged the writes`);
    }
  }
}

/** Polls CLUSTER NODES until `port` is no longer a master serving slots and another node serves them. */
async function waitForPromotion(port: number): Promise<number> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await handle.refresh();
    const masters = handle.nodes.filter((node) => node.role === 'master' && node.pid !== undefined);
    const killed = handle.nodes.find((node) => node.port === port);
    if (masters.length === 3 && killed?.pid === undefined) return Date.now();
    if (Date.now() > deadline) throw new Error(`no replica was promoted within 20 s: ${JSON.stringify(handle.nodes)}`);
    await sleep(50);
  }
}

async function failoverScenario(mode: ErrorMode): Promise<void> {
  const cache = new RedisClusterCache<string>({
    nodes: handle.startupNodes,
    prefix: `fo-${mode}`,
    onError: mode,
    commandTimeout: COMMAND_TIMEOUT,
  });
  let lastEmitted: { at: number; message: string } | undefined;
  cache.on('error', (error, operation) => {
    lastEmitted = { at: Date.now(), message: `${operation}: ${error.message}` };
  });
  const why = (start: number, caught?: unknown) =>
    caught instanceof Error ? caught.message : lastEmitted !== undefined && lastEmitted.at >= start ? lastEmitted.message : 'a miss without an error';
  try {
    const keys = Array.from({ length: KEYS }, (_, i) => `key-${i}`);
    const expected = new Map(keys.map((key, i) => [key, `value-${i}`]));
    expect(await cache.setMany(keys.map((key) => ({ key, value: expected.get(key)! })))).toBe(true);
    await waitForReplication(cache);
    expect(await cache.getMany(keys)).toEqual(keys.map((key) => expected.get(key)));

    // the victim: the master serving the first key (the loop reads keys of every master)
    const victimAddress = cache.client.slots[keySlot(`${cache.prefix}:${keys[0]}`)]![0]!;
    const victimPort = Number(victimAddress.split(':')[1]);
    expect(handle.nodes.find((node) => node.port === victimPort)?.role).toBe('master');
    const victimKeys = keys.filter((key) => cache.client.slots[keySlot(`${cache.prefix}:${key}`)]![0] === victimAddress);
    expect(victimKeys.length).toBeGreaterThan(200);

    // the read/write loop: reads of pre-kill keys must return their value; writes go to other keys
    const reads: Call[] = [];
    const writes: Call[] = [];
    const wrong: string[] = [];
    let running = true;
    const worker = async (id: number) => {
      for (let n = 0; running; n++) {
        const key = n % 2 === 0 ? victimKeys[(id * 31 + n) % victimKeys.length]! : keys[(id * 17 + n * 7) % KEYS]!;
        const start = Date.now();
        try {
          const value = await cache.get(key);
          if (value !== undefined && value !== expected.get(key)) wrong.push(`${key}=${value}`);
          const ok = value === expected.get(key);
          reads.push({ start, end: Date.now(), ok, ...(ok ? {} : { error: why(start) }) });
        } catch (error) {
          reads.push({ start, end: Date.now(), ok: false, error: why(start, error) });
        }
        const wstart = Date.now();
        try {
          const ok = await cache.set(`loop-${id}-${n % 50}`, `w${n}`);
          writes.push({ start: wstart, end: Date.now(), ok, ...(ok ? {} : { error: why(wstart) }) });
        } catch (error) {
          writes.push({ start: wstart, end: Date.now(), ok: false, error: why(wstart, error) });
        }
        await sleep(2);
      }
    };
    const workers = Array.from({ length: 8 }, (_, id) => worker(id));

    await sleep(500);
    const killedAt = Date.now();
    await handle.killNode(victimPort);
    const promotedAt = await waitForPromotion(victimPort);
    const recoveredBy = promotedAt + RECOVERY_GRACE;
    await sleep(Math.max(0, recoveredBy + AFTER_RECOVERY - Date.now()));
    running = false;
    await Promise.all(workers);

    const calls = [...reads, ...writes];
    const failed = calls.filter((call) => !call.ok);
    expect(wrong, 'a read returned another value').toEqual([]);
    expect(calls.filter((call) => call.end < killedAt).length).toBeGreaterThan(100);
    expect(calls.filter((call) => call.start > recoveredBy).length, 'the loop kept running after recovery').toBeGreaterThan(100);
    // failures (or misses) happened, and only within the failover window
    expect(failed.length, 'the kill had a visible effect').toBeGreaterThan(0);
    const outside = failed
      .filter((call) => call.end < killedAt || call.start > recoveredBy)
      .map((call) => ({ ...call, afterKill: call.start - killedAt, afterPromotion: call.start - promotedAt }));
    expect(outside, `failures outside [kill, promotion + ${RECOVERY_GRACE} ms]; promotion took ${promotedAt - killedAt} ms`).toEqual([]);
    if (mode === 'miss') expect(cache.stats().errors).toBeGreaterThan(0);
    if (process.env.FAILOVER_REPORT) {
      const last = Math.max(...failed.map((call) => call.end));
      console.log(
        `[failover ${mode}] calls=${calls.length} failed=${failed.length} promotion=${promotedAt - killedAt}ms ` +
          `last failure ended ${last - killedAt}ms after the kill (${last - promotedAt}ms after the promotion)`,
      );
    }

    // every key written before the kill reads back with its value, from the promoted replica too
    expect(await cache.getMany(keys)).toEqual(keys.map((key) => expected.get(key)));
    for (const key of victimKeys.slice(0, 50)) expect(await cache.get(key)).toBe(expected.get(key));
    const info = (await cache.getClusterInfo())!;
    expect(info.state).toBe('ok');
    expect(info.slotsCovered).toBe(true);
    expect(cache.circuitState).toBe('closed');

    // bring the old master back (as a replica of the promoted one) for the next scenario
    await handle.restartNode(victimPort);
    await handle.waitForHealthy({ timeoutMs: 30_000 });
  } finally {
    await cache.close();
  }
}

describe('partial failures', () => {
  /** Runs `fn` while the master at `port` is blocked (DEBUG SLEEP, shorter than the cluster's node timeout: no failover). */
  async function whileStalled<T>(port: number, fn: () => Promise<T>): Promise<T> {
    const sleeper = new Redis({ host: '127.0.0.1', port });
    await sleeper.ping();
    const sleeping = sleeper.call('DEBUG', 'SLEEP', '0.6');
    await sleep(30);
    try {
      return await fn();
    } finally {
      await sleeping;
      await sleeper.quit();
    }
  }

  for (const mode of ['throw', 'miss'] as const) {
    it(`${mode} mode: a master that does not answer fails only its own keys of a batch, reported per key`, async () => {
      const cache = new RedisClusterCache<string>({
        nodes: handle.startupNodes,
        prefix: `partial-${mode}`,
        onError: mode,
        commandTimeout: 250,
        circuitBreaker: false,
      });
      const emitted: unknown[] = [];
      cache.on('error', (error) => emitted.push(error));
      try {
        const keys = Array.from({ length: 300 }, (_, i) => `key-${i}`);
        const valueOf = (key: string) => `value of ${key}`;
        expect(await cache.setMany(keys.map((key) => ({ key, value: valueOf(key) })))).toBe(true);
        await cache.getMany(keys); // every node connection open
        const victim = cache.client.slots[keySlot(`${cache.prefix}:${keys[0]}`)]![0]!;
        const onVictim = new Set(keys.filter((key) => cache.client.slots[keySlot(`${cache.prefix}:${key}`)]![0] === victim));
        const port = Number(victim.split(':')[1]);
        const expectBatchError = (error: unknown, operation: string) => {
          expect(error).toBeInstanceOf(ClusterBatchError);
          const batch = error as ClusterBatchError;
          expect(batch.operation).toBe(operation);
          expect(isCacheError(batch, ErrorCode.Timeout)).toBe(true);
          expect(new Set(batch.failures.keys())).toEqual(onVictim);
          for (const failure of batch.failures.values()) expect(failure.code).toBe(ErrorCode.Timeout);
          return batch;
        };

        // getMany: the other masters' values, in order; the stalled master's keys fail
        const partialValues = keys.map((key) => (onVictim.has(key) ? undefined : valueOf(key)));
        if (mode === 'throw') {
          const error = await whileStalled(port, () => cache.getMany(keys).then(() => undefined, (caught: unknown) => caught));
          expect(expectBatchError(error, 'getMany').partial).toEqual(partialValues);
        } else {
          expect(await whileStalled(port, () => cache.getMany(keys))).toEqual(partialValues);
          expectBatchError(emitted.at(-1), 'getMany');
        }

        // setMany: written everywhere else
        const written = keys.length - onVictim.size;
        if (mode === 'throw') {
          const error = await whileStalled(port, () => cache.setMany(keys.map((key) => ({ key, value: valueOf(key) }))).then(() => undefined, (caught: unknown) => caught));
          expect(expectBatchError(error, 'setMany').partial).toBe(written);
        } else {
          expect(await whileStalled(port, () => cache.setMany(keys.map((key) => ({ key, value: valueOf(key) }))))).toBe(false);
          expect(expectBatchError(emitted.at(-1), 'setMany').partial).toBe(written);
        }

        // deleteMany: removed everywhere else
        if (mode === 'throw') {
          const error = await whileStalled(port, () => cache.deleteMany(keys).then(() => undefined, (caught: unknown) => caught));
          expect(expectBatchError(error, 'deleteMany').partial).toBe(written);
        } else {
          expect(await whileStalled(port, () => cache.deleteMany(keys))).toBe(written);
          expectBatchError(emitted.at(-1), 'deleteMany');
          expect(cache.stats().errors).toBe(3);
        }
        await cache.clear();
      } finally {
        await cache.close();
      }
    }, 30_000);
  }
});

describe('failover', () => {
  it('throw mode: calls fail only during the failover window and every replicated key survives', () => failoverScenario('throw'), 90_000);
  it('miss mode: calls miss only during the failover window and every replicated key survives', () => failoverScenario('miss'), 90_000);
});
