/**
 * Issue 9: during a Redis outage L1 stored nothing (a write that failed on
 * any level stored nothing anywhere): every L1 miss went to the loader
 * (4,863 loads against 2,000 keys). Loads and writes now fill the healthy
 * levels (for at most degradedTtl), and what the failed level missed is
 * repaired when it returns, so every instance agrees afterwards.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock, MemoryBusHub } from '@cache/core/testing';
import { MultiLevelCache } from '../../src/index.js';
import { eventually, FlakyTier, memory } from '../helpers.js';

describe('a shared level that is down', () => {
  it('L1 keeps the loaded values: one loader call per key, not one per read', async () => {
    const clock = new FakeClock(Date.now());
    const l2 = new FlakyTier({ name: 'l2', clock });
    const cache = new MultiLevelCache<string>({ clock, levels: [{ name: 'l1', tier: memory(clock) }, { name: 'l2', tier: l2 }] });
    l2.failing.add('get').add('set').add('has');
    let loads = 0;
    for (let round = 0; round < 5; round++) {
      for (let k = 0; k < 20; k++) expect(await cache.getOrSet(`k${k}`, () => `v${k}-${++loads}`)).toMatch(/^v/);
    }
    expect(loads).toBe(20);
    await cache.close();
  });

  it('after it returns, the shared level and every instance’s L1 agree', async () => {
    const clock = new FakeClock(Date.now());
    const hub = new MemoryBusHub();
    const l2 = new FlakyTier({ name: 'l2', clock });
    const make = (id: string) => {
      const l1 = memory(clock);
      const cache = new MultiLevelCache<string>({ clock, namespace: 'ns', recoveryInterval: 20, bus: hub.endpoint(id), levels: [{ name: 'l1', tier: l1 }, { name: 'l2', tier: l2 }] });
      return { cache, l1 };
    };
    const a = make('a');
    const b = make('b');
    await Promise.all([a.cache.ready(), b.cache.ready()]);
    await a.cache.set('k', 'old');
    expect(await b.cache.get('k')).toBe('old'); // in b's L1
    l2.failing.add('get').add('set').add('delete').add('has');
    expect(await a.cache.set('k', 'new')).toBe(false); // L1 only, for now
    expect(await a.cache.get('k')).toBe('new');
    l2.failing.clear();
    // b's L1 dropped 'old' (the repair was published); the shared level holds no older value either
    expect(await eventually(async () => (await b.cache.get('k')) === undefined)).toBe(true);
    expect(l2.peekRaw('k')).toBeUndefined();
    expect(await a.cache.get('k')).toBe('new'); // a's own copy, for at most degradedTtl
    await Promise.all([a.cache.close(), b.cache.close()]);
  });
});
