import { describe, expect, it } from 'vitest';
import { ConnectionError, InvalidOptionError } from '@cache/core';
import { FakeClock, MemoryBusHub } from '@cache/core/testing';
import { MultiLevelCache, type AbsorbedError, type MultiLevelCacheOptions } from '../src/index.js';
import { eventually, FlakyTier, memory } from './helpers.js';

function setup(extra: Partial<MultiLevelCacheOptions> = {}) {
  const clock = new FakeClock();
  const l2 = new FlakyTier({ name: 'l2', clock });
  const events: AbsorbedError[] = [];
  const cache = new MultiLevelCache<string>({
    clock,
    defaultTtl: 1_000,
    levels: [{ name: 'l1', tier: memory(clock) }, { name: 'l2', tier: l2 }],
    onError: (event) => events.push(event),
    ...extra,
  });
  return { clock, l2, cache, events };
}

describe('onError: failures the cache absorbs are reported, never printed', () => {
  it('a level read that throws', async () => {
    const { cache, l2, events } = setup();
    l2.failing.add('get');
    expect(await cache.get('k')).toBeUndefined();
    expect(events).toEqual([{ operation: 'read', level: 'l2', key: 'k', error: expect.any(ConnectionError) }]);
  });

  it('a loader failure answered with a stale value', async () => {
    const { cache, clock, events } = setup({ grace: '1h' });
    await cache.getOrSet('k', () => 'v1');
    clock.advance(1_000);
    const boom = new Error('db down');
    expect(await cache.getOrSet('k', () => Promise.reject(boom))).toBe('v1');
    expect(events).toEqual([{ operation: 'load', level: undefined, key: 'k', error: boom }]);
  });

  it('a level that could not store a loaded value', async () => {
    const { cache, l2, events } = setup();
    l2.failing.add('set');
    expect(await cache.getOrSet('k', () => 'v')).toBe('v');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ operation: 'write', level: 'l2', key: 'k', error: { code: 'CACHE_CONNECTION' } });
  });

  it('a bus publish that failed', async () => {
    const bus = new MemoryBusHub().endpoint('a');
    const { cache, events } = setup({ bus });
    await cache.ready();
    bus.publish = () => Promise.reject(new Error('bus down'));
    await cache.set('k', 'v');
    expect(await eventually(() => events.length > 0)).toBe(true); // published in the background
    expect(events).toMatchObject([{ operation: 'publish', level: 'bus', error: { message: 'bus down' } }]);
  });

  it('a listener that throws does not break the cache', async () => {
    const { cache, l2 } = setup({
      onError: () => {
        throw new Error('listener bug');
      },
    });
    l2.failing.add('get');
    expect(await cache.get('k')).toBeUndefined();
    expect(cache.multilevelStats().levelErrors.l2).toBe(1);
  });

  it('must be a function', () => {
    expect(() => new MultiLevelCache({ levels: [{ name: 'l1', tier: memory() }], onError: 'log' as any })).toThrow(InvalidOptionError);
  });
});
