/**
 * The guarantees under faults, against real memcached processes that are
 * SIGSTOPped, killed and restarted: every call settles within its deadline,
 * a write reported failed never takes effect later, a failed server leaves
 * the ring and comes back emptied.
 */
import { ErrorCode, isCacheError } from '@cache/core';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, memcachedText, tsChildArgs, whilePaused } from '@cache/test-support';
import { describe, expect, it } from 'vitest';
import { MemcachedCache } from '../src/index.js';
import { createCache, sleep, useMemcached } from './helpers.js';

const TIMEOUT = 300;
/** What a deadline may overrun by on a loaded 2-core machine (less than the deadline itself: a doubled deadline fails). */
const SLACK = 280;

const codeOf = (error: unknown) => (isCacheError(error) ? error.code : String(error));

async function timed(call: Promise<unknown>): Promise<{ ok: boolean; code?: string; ms: number }> {
  const started = performance.now();
  try {
    await call;
    return { ok: true, ms: performance.now() - started };
  } catch (error) {
    return { ok: false, code: codeOf(error), ms: performance.now() - started };
  }
}

describe('a hung server (SIGSTOP)', () => {
  const mc = useMemcached(1);

  it('every call settles within commandTimeout with a TimeoutError', async () => {
    const cache = createCache(mc.addresses, { commandTimeout: TIMEOUT, circuitBreaker: false });
    await cache.set('k', 'v');
    const outcomes = await whilePaused(mc.servers[0]!, () =>
      Promise.all([
        timed(cache.get('k')),
        timed(cache.getEntry('k')),
        timed(cache.has('k')),
        timed(cache.set('k', 'w')),
        timed(cache.delete('k')),
        timed(cache.getMany(['k', 'x'])),
        timed(cache.setMany([{ key: 'a', value: 1 }])),
        timed(cache.deleteMany(['a'])),
        timed(cache.clear()),
      ]),
    );
    for (const outcome of outcomes) {
      expect(outcome.ok).toBe(false);
      expect(outcome.code).toBe(ErrorCode.Timeout);
      expect(outcome.ms).toBeLessThan(TIMEOUT + SLACK);
    }
    await cache.close();
  });

  it('a set reported failed is not applied when the server resumes', async () => {
    const cache = createCache<string>(mc.addresses, { commandTimeout: TIMEOUT, circuitBreaker: false });
    await cache.set('k', 'old');
    await cache.set('m1', 'old');
    const outcomes = await whilePaused(mc.servers[0]!, async () => {
      const results = await Promise.all([timed(cache.set('k', 'late')), timed(cache.setMany([{ key: 'm1', value: 'late' }, { key: 'm2', value: 'late' }]))]);
      await sleep(50);
      return results;
    });
    expect(outcomes.map((o) => o.code)).toEqual([ErrorCode.Timeout, ErrorCode.Timeout]);
    await sleep(200); // the resumed server runs what its socket buffered
    for (const key of ['k', 'm1', 'm2']) expect(await cache.get(key)).not.toBe('late');
    await cache.close();
  });

  it('with the breaker off, what waits for a hung server is bounded: calls past the backlog fail fast', async () => {
    const cache = createCache(mc.addresses, { commandTimeout: TIMEOUT, circuitBreaker: false, maxValueSize: 2 * 1024 * 1024 });
    await cache.ready();
    const value = 'x'.repeat(1024 * 1024);
    const outcomes = await whilePaused(mc.servers[0]!, async () => {
      const results: { ok: boolean; code?: string; ms: number }[] = [];
      // one write at a time: each waits for its deadline, so the bytes pile up in the socket
      for (let i = 0; i < 24; i++) results.push(await timed(cache.set(`big${i}`, value)));
      return results;
    });
    for (const outcome of outcomes) expect(outcome.ok).toBe(false);
    const fast = outcomes.filter((o) => o.code === ErrorCode.Connection);
    expect(fast.length).toBeGreaterThan(0);
    for (const outcome of fast) expect(outcome.ms).toBeLessThan(50);
    await sleep(300);
    for (let i = 0; i < 24; i++) expect(await cache.has(`big${i}`)).toBe(false);
    await cache.close();
  });

  it('a server that keeps answering is never refused, however large the burst', async () => {
    const cache = createCache(mc.addresses, { commandTimeout: 5000, circuitBreaker: false, maxValueSize: 2 * 1024 * 1024 });
    await cache.ready();
    const value = 'y'.repeat(1000 * 1000);
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => cache.set(`burst${i}`, value)));
    expect(results.every(Boolean)).toBe(true);
    expect(await cache.get('burst39')).toBe(value);
    await cache.close();
  });

  it('close() waits for the calls in flight, which settle within their deadline', async () => {
    const cache = createCache(mc.addresses, { commandTimeout: TIMEOUT, circuitBreaker: false });
    await cache.ready();
    const [get, close] = await whilePaused(mc.servers[0]!, () => Promise.all([timed(cache.get('k')), timed(cache.close())]));
    expect(get.code).toBe(ErrorCode.Timeout);
    expect(close.ok).toBe(true);
    expect(close.ms).toBeLessThan(TIMEOUT + SLACK);
    await expect(cache.get('k')).rejects.toMatchObject({ code: ErrorCode.Closed });
  });
});

describe('a ring of three servers', () => {
  const mc = useMemcached(3);

  /** A key whose home is server `index` of the ring. */
  function keyOn(cache: MemcachedCache, index: number): string {
    for (let i = 0; ; i++) {
      const key = `key-${i}`;
      if (homeOf(cache, key) === index) return key;
    }
  }

  /** The server a key goes to while all are up: found by writing it and asking each server. */
  const homes = new Map<string, number>();
  function homeOf(cache: MemcachedCache, key: string): number {
    return homes.get(key) ?? -1;
  }

  async function learnHomes(cache: MemcachedCache, prefix: string, count: number): Promise<void> {
    for (let i = 0; i < count; i++) await cache.set(`key-${i}`, i);
    for (let i = 0; i < count; i++) {
      const wire = Buffer.from(`${prefix}key-${i}`).toString('base64');
      for (let s = 0; s < mc.servers.length; s++) {
        const reply = await memcachedText(mc.servers[s]!.port, `mg ${wire} b\r\n`, '\r\n');
        if (reply.startsWith('HD')) homes.set(`key-${i}`, s);
      }
    }
  }

  it('spreads keys over every server', async () => {
    const cache = new MemcachedCache({ servers: mc.addresses, prefix: 'spread:' });
    homes.clear();
    await learnHomes(cache, 'spread:', 300);
    const counts = [0, 0, 0];
    for (const home of homes.values()) counts[home]!++;
    expect(homes.size).toBe(300);
    for (const count of counts) expect(count).toBeGreaterThan(50);
    await cache.close();
  });

  it('a hung server leaves the ring, its keys go elsewhere, and it comes back emptied', async () => {
    const prefix = 'eject:';
    const cache = new MemcachedCache<string>({ servers: mc.addresses, prefix, commandTimeout: TIMEOUT, circuitBreaker: { failureThreshold: 2, resetTimeout: 400 } });
    homes.clear();
    await learnHomes(cache, prefix, 60);
    const key = keyOn(cache, 1);
    await cache.set(key, 'v1');
    const events: string[] = [];
    cache.on('server-down', (address) => events.push(`down ${address}`));
    cache.on('server-up', (address) => events.push(`up ${address}`));
    await whilePaused(mc.servers[1]!, async () => {
      expect((await timed(cache.get(key))).code).toBe(ErrorCode.Timeout);
      expect((await timed(cache.get(key))).code).toBe(ErrorCode.Timeout);
      expect(events).toEqual([`down ${mc.addresses[1]}`]);
      // out of the ring: the key lives on another server meanwhile
      expect(await cache.get(key)).toBeUndefined();
      await cache.set(key, 'v2');
      expect(await cache.get(key)).toBe('v2');
    });
    // the resumed server still holds v1; it must not serve it once back
    await sleep(450);
    await cache.get(key); // starts the probe
    for (let i = 0; i < 50 && !events.includes(`up ${mc.addresses[1]}`); i++) await sleep(20);
    expect(events).toEqual([`down ${mc.addresses[1]}`, `up ${mc.addresses[1]}`]);
    expect(await cache.get(key)).not.toBe('v1');
    await cache.close();
  });

  it('a killed server leaves the ring; the others keep serving; a restart brings it back', async () => {
    const prefix = 'kill:';
    const cache = new MemcachedCache<string>({ servers: mc.addresses, prefix, commandTimeout: TIMEOUT, circuitBreaker: { failureThreshold: 2, resetTimeout: 300 } });
    homes.clear();
    await learnHomes(cache, prefix, 60);
    const onDead = keyOn(cache, 2);
    const onLive = keyOn(cache, 0);
    await cache.set(onLive, 'live');
    await mc.servers[2]!.kill();
    for (let i = 0; i < 4; i++) await timed(cache.get(onDead));
    expect(cache.servers[2]!.circuit).not.toBe('closed');
    expect(await cache.get(onLive)).toBe('live');
    expect(await cache.set(onDead, 'moved')).toBe(true);
    expect(await cache.get(onDead)).toBe('moved');
    await mc.servers[2]!.restart();
    await sleep(350);
    for (let i = 0; i < 50 && cache.servers[2]!.circuit !== 'closed'; i++) {
      await timed(cache.get(onDead));
      await sleep(50);
    }
    expect(cache.servers[2]!.circuit).toBe('closed');
    expect(await cache.set(onDead, 'home')).toBe(true);
    expect(await cache.get(onDead)).toBe('home');
    await cache.close();
  });
});

describe('an unreachable server', () => {
  it('ready() rejects within connectTimeout naming the address; calls settle within commandTimeout', async () => {
    const port = await freePort();
    const cache = new MemcachedCache({ servers: [`127.0.0.1:${port}`], connectTimeout: 300, commandTimeout: TIMEOUT });
    const ready = await timed(cache.ready());
    expect(ready.code).toBe(ErrorCode.Connection);
    expect(ready.ms).toBeLessThan(300 + SLACK);
    await expect(cache.ready()).rejects.toThrow(`127.0.0.1:${port}`);
    const get = await timed(cache.get('k'));
    expect(get.ok).toBe(false);
    expect(get.ms).toBeLessThan(TIMEOUT + SLACK);
    await cache.close();
  });

  it('miss mode: reads miss, writes return false, errors are counted and emitted', async () => {
    const port = await freePort();
    const cache = new MemcachedCache({ servers: [`127.0.0.1:${port}`], commandTimeout: 100, onError: 'miss', offlineQueue: 0 });
    const errors: string[] = [];
    cache.on('error', (error, operation) => {
      if (operation !== 'connection') errors.push(`${operation} ${error.code}`);
    });
    expect(await cache.get('k')).toBeUndefined();
    expect(await cache.set('k', 1)).toBe(false);
    expect(await cache.delete('k')).toBe(false);
    expect(await cache.getMany(['a', 'b'])).toEqual([undefined, undefined]);
    expect(errors).toEqual(['get', 'set', 'delete', 'getMany'].map((operation) => `${operation} ${ErrorCode.Connection}`));
    expect(cache.stats().errors).toBe(4);
    await cache.close();
  });
});

describe('a script whose only server is unreachable', () => {
  // Regression: between reconnect attempts nothing kept the process alive, so `await cache.ready()` in a plain
  // script never settled: Node exited with code 13 (an unsettled top-level await) instead of the ConnectionError.
  it('gets its rejections and exits by itself', async () => {
    const port = await freePort();
    const script = fileURLToPath(new URL('./fixtures/unreachable.ts', import.meta.url));
    const child = spawnSync(process.execPath, [...tsChildArgs(), script, String(port)], { encoding: 'utf8', timeout: 20_000 });
    expect(child.stderr).toBe('');
    expect(child.stdout.trim().split('\n')).toEqual([`ready: ${ErrorCode.Connection}`, `get: ${ErrorCode.Timeout}`]);
    expect(child.status).toBe(0);
  });
});
