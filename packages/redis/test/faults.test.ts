/**
 * Redis goes down mid-load and comes back on the same port: nothing hangs,
 * nothing rejects faults.unhandled, every call settles within the command timeout,
 * and the tier recovers by itself. Runs against a redis-server of its own.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { useOwnRedisServer } from '@cache/test-support/own-server';
import { ErrorCode, isCacheError } from '@cache/core';
import { RedisCache, type ErrorMode } from '../src/index.js';
import { sleep, uniquePrefix } from './helpers.js';

const TIMEOUT = 400;
/** Slack for a loaded, shared machine: the property is "bounded by the timeout", not a latency target. */
const SLACK = 1000;

const faults = useOwnRedisServer();
beforeEach(async () => {
  if (faults.server.pid === undefined) await faults.server.restart();
});

interface Outcome {
  ms: number;
  ok: boolean;
  value?: unknown;
  error?: unknown;
}

async function timed(call: () => Promise<unknown>): Promise<Outcome> {
  const start = performance.now();
  try {
    const value = await call();
    return { ms: performance.now() - start, ok: true, value };
  } catch (error) {
    return { ms: performance.now() - start, ok: false, error };
  }
}

/** `workers` loops of set+get until `stop` resolves; every outcome recorded. */
function load(cache: RedisCache, workers: number, stop: Promise<void>): Promise<Outcome[]> {
  let running = true;
  void stop.then(() => (running = false));
  const outcomes: Outcome[] = [];
  const worker = async (w: number) => {
    for (let i = 0; running; i++) {
      const key = `w${w}:${i % 50}`;
      outcomes.push(await timed(() => cache.set(key, { w, i, pad: 'x'.repeat(100) })));
      outcomes.push(await timed(() => cache.get(key)));
      // fast failures settle in microtasks: yield so timers (and the test) can run
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  return Promise.all(Array.from({ length: workers }, (_, w) => worker(w))).then(() => outcomes);
}

async function recovered(cache: RedisCache, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    try {
      if ((await cache.set('probe', 1)) && (await cache.get('probe')) === 1) return true;
    } catch {
      // still down
    }
    await sleep(50);
  }
  return false;
}

describe.each<ErrorMode>(['throw', 'miss'])('Redis killed mid-load and restarted (%s mode)', (mode) => {
  let cache: RedisCache;
  afterEach(() => cache.close());

  it('every call settles within the timeout, nothing rejects faults.unhandled, and the tier recovers', async () => {
    cache = new RedisCache({
      url: faults.server.url,
      prefix: uniquePrefix('fault'),
      onError: mode,
      commandTimeout: TIMEOUT,
      circuitBreaker: { failureThreshold: 5, resetTimeout: 200 },
      maxReconnectDelay: 100,
    });
    const events = { error: 0, open: 0, close: 0, disconnect: 0, connect: 0 };
    cache.on('error', () => events.error++);
    cache.on('circuit-open', () => events.open++);
    cache.on('circuit-close', () => events.close++);
    cache.on('disconnect', () => events.disconnect++);
    cache.on('connect', () => events.connect++);
    expect(await recovered(cache, 5000)).toBe(true);

    let stopLoad!: () => void;
    const running = load(cache, 20, new Promise<void>((resolve) => (stopLoad = resolve)));
    await sleep(150);
    await faults.server.kill();
    await sleep(800);
    await faults.server.restart();
    expect(await recovered(cache, 5000)).toBe(true);
    await sleep(100);
    stopLoad();
    const outcomes = await running;

    expect(faults.unhandled).toEqual([]);
    const failures = outcomes.filter((o) => !o.ok);
    const slowest = outcomes.reduce((max, o) => Math.max(max, o.ms), 0);
    expect(slowest).toBeLessThanOrEqual(TIMEOUT + SLACK);
    if (mode === 'throw') {
      expect(failures.length).toBeGreaterThan(0);
      for (const f of failures) {
        expect(isCacheError(f.error)).toBe(true);
        expect([ErrorCode.Connection, ErrorCode.Timeout]).toContain((f.error as { code: string }).code);
      }
    } else {
      expect(failures).toEqual([]);
      expect(outcomes.some((o) => o.value === false)).toBe(true);
    }
    expect(cache.stats().errors).toBeGreaterThan(0);
    expect(events.error).toBeGreaterThan(0);
    expect(events.disconnect).toBeGreaterThan(0);
    expect(events.connect).toBeGreaterThan(1);
    expect(events.open).toBeGreaterThan(0);
    expect(cache.circuitState).toBe('closed');
    // the data written after the restart is there
    await cache.set('after', 'restart');
    expect(await cache.get('after')).toBe('restart');
  });
});

describe('Redis down', () => {
  it('10,000 calls in miss mode all settle (undefined / false), fast once the circuit is open', async () => {
    const cache = new RedisCache({ url: faults.server.url, prefix: uniquePrefix('down'), onError: 'miss', commandTimeout: TIMEOUT });
    expect(await recovered(cache, 5000)).toBe(true);
    await faults.server.kill();
    const issuing = performance.now();
    const calls = Array.from({ length: 10_000 }, (_, i) => timed(() => (i % 2 === 0 ? cache.get(`k${i}`) : cache.set(`k${i}`, i))));
    // no call can settle while this loop still holds the event loop: its own time is not the tier's
    const issueMs = performance.now() - issuing;
    const outcomes = await Promise.all(calls);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(outcomes.filter((_, i) => i % 2 === 0).every((o) => o.value === undefined)).toBe(true);
    expect(outcomes.filter((_, i) => i % 2 === 1).every((o) => o.value === false)).toBe(true);
    expect(outcomes.reduce((max, o) => Math.max(max, o.ms), 0)).toBeLessThanOrEqual(TIMEOUT + SLACK + issueMs);
    expect(cache.stats().errors).toBe(10_000);
    expect(cache.circuitState).not.toBe('closed');
    await cache.close();
    await faults.server.restart();
  });

  it('throw mode rejects with ConnectionError while down; close() resolves while down', async () => {
    const cache = new RedisCache({ url: faults.server.url, prefix: uniquePrefix('down'), commandTimeout: TIMEOUT });
    expect(await recovered(cache, 5000)).toBe(true);
    await faults.server.kill();
    await sleep(50);
    const results = await Promise.allSettled([cache.get('a'), cache.set('a', 1), cache.getMany(['a']), cache.setMany([{ key: 'a', value: 1 }])]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect([ErrorCode.Connection, ErrorCode.Timeout]).toContain(((r as PromiseRejectedResult).reason as { code: string }).code);
    }
    const start = performance.now();
    await cache.close();
    expect(performance.now() - start).toBeLessThanOrEqual(TIMEOUT + SLACK);
    // no reconnect attempt is left pending: the client stays down even once the server is back
    await faults.server.restart();
    await sleep(300);
    expect(['end', 'reconnecting']).toContain(cache.client.status);
  });

  it('while disconnected at most offlineQueue calls wait; the rest fail at once', async () => {
    const cache = new RedisCache({
      url: faults.server.url,
      prefix: uniquePrefix('queue'),
      commandTimeout: TIMEOUT,
      offlineQueue: 2,
      circuitBreaker: false,
      maxReconnectDelay: 5000,
      redis: { retryStrategy: () => 5000 },
    });
    expect(await recovered(cache, 5000)).toBe(true);
    await faults.server.kill();
    await new Promise<void>((resolve) => cache.on('disconnect', resolve));
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => timed(() => cache.get(`k${i}`))));
    const immediate = outcomes.filter((o) => String((o.error as Error)?.message).includes('offline queue'));
    expect(immediate).toHaveLength(8);
    expect(outcomes.every((o) => !o.ok && isCacheError(o.error))).toBe(true);
    expect(outcomes.filter((o) => !immediate.includes(o)).every((o) => (o.error as { code: string }).code === ErrorCode.Timeout)).toBe(true);
    await cache.close();
    await faults.server.restart();
  });

  it('the circuit opens after consecutive failures, fails fast, and a half-open probe closes it', async () => {
    const cache = new RedisCache({
      url: faults.server.url,
      prefix: uniquePrefix('cb'),
      commandTimeout: TIMEOUT,
      circuitBreaker: { failureThreshold: 3, resetTimeout: 300 },
      onError: 'miss',
    });
    const states: string[] = [];
    cache.on('circuit-open', () => states.push('open'));
    cache.on('circuit-close', () => states.push('close'));
    expect(await recovered(cache, 5000)).toBe(true);
    // the server is up but too slow: timeouts, not disconnects, so only the probe can close the circuit
    const blocker = new Redis(faults.server.url);
    const sleeping = blocker.call('DEBUG', 'SLEEP', '1.5').catch(() => undefined);
    await sleep(50);
    await Promise.all([cache.get('a'), cache.get('b'), cache.get('c')]);
    expect(cache.circuitState).toBe('open');
    const fast = await timed(() => cache.get('d'));
    expect(fast.value).toBeUndefined();
    expect(cache.stats().errors).toBe(4);
    await sleeping;
    await sleep(350);
    expect(await cache.set('e', 1)).toBe(true); // the probe
    expect(cache.circuitState).toBe('closed');
    expect(states).toEqual(['open', 'close']);
    await blocker.quit();
    await cache.close();
  });

  it('a tier created while Redis is down works once it comes up', async () => {
    await faults.server.kill();
    const cache = new RedisCache({ url: faults.server.url, prefix: uniquePrefix('late'), onError: 'miss', commandTimeout: TIMEOUT, maxReconnectDelay: 100 });
    expect(await cache.get('k')).toBeUndefined();
    await faults.server.restart();
    expect(await recovered(cache, 5000)).toBe(true);
    await cache.close();
  });
});
