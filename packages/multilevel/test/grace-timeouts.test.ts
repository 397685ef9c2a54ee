/**
 * Grace (stale-on-error), soft and hard loader timeouts. TTLs move on a fake
 * clock; loader timeouts are real short timers (the property is who answers
 * and with what, never how fast).
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode, LoaderError, TimeoutError, type Duration } from '@cache/core';
import { FakeClock } from '@cache/core/testing';
import { MultiLevelCache } from '../src/index.js';
import { FlakyTier, deferred, eventually, memory } from './helpers.js';

function setup(options: { grace?: Duration; softTimeout?: number; hardTimeout?: number } = {}) {
  const clock = new FakeClock();
  const l1 = memory(clock);
  const l2 = new FlakyTier({ name: 'l2', clock });
  const cache = new MultiLevelCache<string>({ clock, defaultTtl: 1_000, levels: [{ name: 'l1', tier: l1 }, { name: 'l2', tier: l2 }], ...options });
  return { clock, l1, l2, cache };
}

const never = () => new Promise<string>(() => {});
const fail = () => Promise.reject(new Error('source down'));

describe('grace', () => {
  it('serves the stale value when the loader fails within grace, and counts it', async () => {
    const { cache, clock } = setup({ grace: '1h' });
    await cache.getOrSet('k', () => 'v1');
    clock.advance(1_000);
    expect(await cache.getOrSet('k', fail)).toBe('v1');
    const stats = cache.multilevelStats();
    expect(stats.staleServed).toBe(1);
    expect(stats.loaderErrors).toBe(1);
    expect(cache.stats().errors).toBeGreaterThanOrEqual(1);
  });

  it('stops serving the stale value once grace has passed', async () => {
    const { cache, clock } = setup({ grace: 5_000 });
    await cache.getOrSet('k', () => 'v1');
    clock.advance(1_000 + 5_000);
    await expect(cache.getOrSet('k', fail)).rejects.toBeInstanceOf(LoaderError);
  });

  it('without grace a failed load is an error even right after expiry', async () => {
    const { cache, clock } = setup();
    await cache.getOrSet('k', () => 'v1');
    clock.advance(1_000);
    await expect(cache.getOrSet('k', fail)).rejects.toBeInstanceOf(LoaderError);
  });

  it('a call can opt out with grace 0', async () => {
    const { cache, clock } = setup({ grace: '1h' });
    await cache.getOrSet('k', () => 'v1');
    clock.advance(1_000);
    await expect(cache.getOrSet('k', fail, { grace: 0 })).rejects.toBeInstanceOf(LoaderError);
  });

  it('keeps the stale copy in the slower level when L1 lost it', async () => {
    const { cache, clock, l1 } = setup({ grace: '1h' });
    await cache.getOrSet('k', () => 'v1');
    l1.clear();
    clock.advance(2_000);
    expect(await cache.getOrSet('k', fail)).toBe('v1');
  });

  it('a successful reload replaces the stale value', async () => {
    const { cache, clock } = setup({ grace: '1h' });
    await cache.getOrSet('k', () => 'v1');
    clock.advance(1_000);
    expect(await cache.getOrSet('k', () => 'v2')).toBe('v2');
    expect(await cache.get('k')).toBe('v2');
  });

  it('serves stale when every level read fails and the loader fails too', async () => {
    const { cache, clock, l2 } = setup({ grace: '1h' });
    await cache.getOrSet('k', () => 'v1');
    clock.advance(1_000);
    l2.failing.add('get');
    expect(await cache.getOrSet('k', fail)).toBe('v1');
  });
});

describe('hard timeout', () => {
  it('rejects with core TimeoutError and aborts the loader signal', async () => {
    const { cache } = setup();
    let signal: AbortSignal | undefined;
    const error = await cache
      .getOrSet('k', (ctx) => ((signal = ctx.signal), never()), { hardTimeout: 20 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: ErrorCode.Timeout, timeoutMs: 20, key: 'k' });
    expect(signal?.aborted).toBe(true);
    expect(cache.multilevelStats().timeouts).toBe(1);
  });

  it('serves the stale value instead when there is one', async () => {
    const { cache, clock } = setup({ grace: '1h', hardTimeout: 20 });
    await cache.getOrSet('k', () => 'v1');
    clock.advance(1_000);
    expect(await cache.getOrSet('k', never)).toBe('v1');
  });

  it('drops the late result of a timed-out loader', async () => {
    const { cache } = setup();
    const late = deferred<string>();
    await expect(cache.getOrSet('k', () => late.promise, { hardTimeout: 10 })).rejects.toBeInstanceOf(TimeoutError);
    late.resolve('late');
    await late.promise;
    expect(await cache.get('k')).toBeUndefined();
  });
});

describe('soft timeout', () => {
  it('answers with the stale value and lets the loader finish in the background', async () => {
    const { cache, clock, l2 } = setup({ grace: '1h', softTimeout: 10 });
    await cache.getOrSet('k', () => 'v1');
    clock.advance(1_000);
    const slow = deferred<string>();
    let calls = 0;
    const loader = () => (calls++, slow.promise);
    expect(await cache.getOrSet('k', loader)).toBe('v1');
    expect(await cache.getOrSet('k', loader)).toBe('v1'); // joins the refresh still in flight
    slow.resolve('v2');
    expect(await eventually(async () => (await cache.get('k')) === 'v2')).toBe(true);
    expect(l2.peekRaw('k')).toMatchObject({ v: 'v2' });
    expect(calls).toBe(1);
  });

  it('0 answers with the stale value at once (stale-while-revalidate)', async () => {
    const { cache, clock } = setup({ grace: '1h' });
    await cache.getOrSet('k', () => 'v1');
    clock.advance(1_000);
    const slow = deferred<string>();
    expect(await cache.getOrSet('k', () => slow.promise, { softTimeout: 0 })).toBe('v1');
    slow.resolve('v2');
    expect(await eventually(async () => (await cache.get('k')) === 'v2')).toBe(true);
  });

  it('without a stale value the caller waits for the loader', async () => {
    const { cache } = setup({ grace: '1h', softTimeout: 1 });
    const slow = deferred<string>();
    const pending = cache.getOrSet('k', () => slow.promise);
    await new Promise((resolve) => setTimeout(resolve, 10));
    slow.resolve('fresh');
    expect(await pending).toBe('fresh');
  });

  it('a background refresh that fails keeps the stale value and rejects nothing', async () => {
    const { cache, clock } = setup({ grace: '1h', softTimeout: 0 });
    await cache.getOrSet('k', () => 'v1');
    clock.advance(1_000);
    const slow = deferred<string>();
    expect(await cache.getOrSet('k', () => slow.promise)).toBe('v1');
    slow.reject(new Error('late failure'));
    expect(await eventually(() => cache.multilevelStats().loaderErrors === 1)).toBe(true);
    expect(await cache.getOrSet('k', fail)).toBe('v1');
  });
});
