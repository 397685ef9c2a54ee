import { describe, expect, it } from 'vitest';
import { ErrorCode, InvalidArgumentError, LoaderError, isCacheError } from '@cache/core';
import { FakeClock } from '@cache/core/testing';
import { DEFAULT_DEGRADED_TTL, MultiLevelCache } from '../src/index.js';
import { FlakyTier, memory } from './helpers.js';

function setup() {
  const clock = new FakeClock();
  const l1 = memory(clock);
  const l2 = new FlakyTier({ name: 'l2', clock });
  const cache = new MultiLevelCache<unknown>({ clock, defaultTtl: '1m', levels: [{ name: 'l1', tier: l1 }, { name: 'l2', tier: l2 }] });
  return { clock, l1, l2, cache };
}

describe('getOrSet', () => {
  it('loads a missing key, writes it through every level, and serves it from then on', async () => {
    const { cache, l1, l2 } = setup();
    let calls = 0;
    const loader = () => ++calls;
    expect(await cache.getOrSet('k', loader)).toBe(1);
    expect(await cache.getOrSet('k', loader)).toBe(1);
    expect(calls).toBe(1);
    expect(l1.getRemainingTtl('k')).toBe(60_000);
    expect(l2.peekRaw('k')).toMatchObject({ v: 1 });
  });

  it('uses the call ttl, then loads again once it ran out', async () => {
    const { cache, clock } = setup();
    let calls = 0;
    await cache.getOrSet('k', () => ++calls, { ttl: 1_000 });
    clock.advance(999);
    expect(await cache.getOrSet('k', () => ++calls, { ttl: 1_000 })).toBe(1);
    clock.advance(1);
    expect(await cache.getOrSet('k', () => ++calls, { ttl: 1_000 })).toBe(2);
  });

  it('finds a value a slower level holds before calling the loader', async () => {
    const { cache, l2 } = setup();
    await l2.set('k', { v: 'shared' });
    expect(await cache.getOrSet('k', () => 'loaded')).toBe('shared');
  });

  it('caches null as a value', async () => {
    const { cache } = setup();
    let calls = 0;
    const loader = () => {
      calls++;
      return null;
    };
    expect(await cache.getOrSet('k', loader)).toBeNull();
    expect(await cache.getOrSet('k', loader)).toBeNull();
    expect(calls).toBe(1);
  });

  it('rejects undefined from a loader with a typed error and caches nothing', async () => {
    const { cache } = setup();
    const error = await cache.getOrSet('k', () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('loader');
    expect(await cache.has('k')).toBe(false);
  });

  it('a loader error rejects as LoaderError with the cause, and is not cached', async () => {
    const { cache } = setup();
    const boom = new Error('db down');
    const error = await cache.getOrSet('k', () => Promise.reject(boom)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoaderError);
    expect(isCacheError(error, ErrorCode.Loader)).toBe(true);
    expect((error as LoaderError).cause).toBe(boom);
    expect((error as LoaderError).key).toBe('k');
    expect(await cache.getOrSet('k', () => 'ok')).toBe('ok');
    expect(cache.multilevelStats().loaderErrors).toBe(1);
  });

  it('a loader that throws synchronously is handled the same way', async () => {
    const { cache } = setup();
    await expect(
      cache.getOrSet('k', () => {
        throw new Error('sync');
      }),
    ).rejects.toBeInstanceOf(LoaderError);
  });

  it('a level that cannot store the loaded value does not stop L1 from keeping it (for at most degradedTtl)', async () => {
    const { cache, l1, l2 } = setup();
    l2.failing.add('set');
    expect(await cache.getOrSet('k', () => 'v', { ttl: '1h' })).toBe('v');
    expect(l1.peek('k')).toMatchObject({ v: 'v' });
    expect(l1.getRemainingTtl('k')).toBe(DEFAULT_DEGRADED_TTL);
    expect(cache.multilevelStats().levelErrors.l2).toBeGreaterThan(0);
    expect(await cache.getOrSet('k', () => 'again')).toBe('v');
  });

  it('rejects bad arguments before calling the loader', async () => {
    const { cache } = setup();
    let calls = 0;
    const loader = () => ++calls;
    await expect(cache.getOrSet('', loader)).rejects.toMatchObject({ code: ErrorCode.InvalidArgument, argument: 'key' });
    await expect(cache.getOrSet('k', 'nope' as any)).rejects.toMatchObject({ argument: 'loader' });
    await expect(cache.getOrSet('k', loader, { ttl: -1 })).rejects.toMatchObject({ argument: 'ttl' });
    await expect(cache.getOrSet('k', loader, { grace: 'soon' as any })).rejects.toMatchObject({ argument: 'grace' });
    await expect(cache.getOrSet('k', loader, { hardTimeout: 0 })).rejects.toMatchObject({ argument: 'hardTimeout' });
    expect(calls).toBe(0);
  });

  it('passes the key to the loader', async () => {
    const { cache } = setup();
    expect(await cache.getOrSet('user:7', ({ key }) => key.toUpperCase())).toBe('USER:7');
  });
});

describe('wrap', () => {
  it('caches a function by the key built from its arguments', async () => {
    const { cache } = setup();
    let calls = 0;
    const square = cache.wrap(
      async (n: number) => {
        calls++;
        return n * n;
      },
      { key: (n) => `square:${n}`, ttl: '5m' },
    );
    expect(await square(3)).toBe(9);
    expect(await square(3)).toBe(9);
    expect(await square(4)).toBe(16);
    expect(calls).toBe(2);
    expect(await cache.get('square:3')).toBe(9);
  });

  it('needs a key function', () => {
    const { cache } = setup();
    expect(() => cache.wrap(() => 1, {} as any)).toThrow(InvalidArgumentError);
  });
});

describe('getOrSet racing writes', () => {
  it('a set during the load wins: the loaded value answers the callers but is not stored over it', async () => {
    const { cache } = setup();
    let release!: (value: string) => void;
    const loading = cache.getOrSet('k', () => new Promise<unknown>((resolve) => (release = resolve)));
    await new Promise((resolve) => setImmediate(resolve)); // the load has started
    await cache.set('k', 'newer');
    release('older');
    expect(await loading).toBe('older');
    expect(await cache.get('k')).toBe('newer');
  });

  it('a delete during the load is not undone by the loaded value', async () => {
    const { cache } = setup();
    let release!: (value: string) => void;
    const loading = cache.getOrSet('k', () => new Promise<unknown>((resolve) => (release = resolve)));
    await new Promise((resolve) => setImmediate(resolve));
    await cache.delete('k');
    release('loaded-before-delete');
    await loading;
    expect(await cache.get('k')).toBeUndefined();
  });
});
