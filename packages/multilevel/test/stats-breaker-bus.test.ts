/**
 * What monitoring reads from the cache alone: each level's breaker state
 * (copied from its tier's `circuitState` getter) and whether the cache's bus
 * subscription holds (following the bus's status reports).
 */
import { describe, expect, it } from 'vitest';
import { FakeClock, MemoryBusHub } from '@cache/core/testing';
import { MultiLevelCache } from '../src/index.js';
import { FlakyTier, eventually, memory } from './helpers.js';

/** A tier with a breaker, as a RedisCache has one. */
class BreakerTier extends FlakyTier {
  state: unknown = 'closed';
  get circuitState(): unknown {
    if (this.state === 'throw') throw new Error('getter failed');
    return this.state;
  }
}

describe('stats: breaker and bus', () => {
  it('copies a level tier\'s circuitState into levelStats and multilevelStats, and leaves it out for tiers without one', async () => {
    const clock = new FakeClock();
    const l2 = new BreakerTier({ name: 'l2', clock });
    const cache = new MultiLevelCache<string>({ clock, levels: [{ name: 'l1', tier: memory(clock) }, { name: 'l2', tier: l2 }] });
    try {
      const [l1Stats, l2Stats] = cache.levelStats();
      expect(l2Stats?.circuitState).toBe('closed');
      expect(l1Stats && 'circuitState' in l1Stats).toBe(false);
      l2.state = 'open';
      expect(cache.multilevelStats().levels[1]?.circuitState).toBe('open');
      l2.state = 'half-open';
      expect(cache.levelStats()[1]?.circuitState).toBe('half-open');
      for (const odd of ['melted', 3, 'throw']) {
        l2.state = odd; // not a breaker state, or a getter that throws: no field, and the stats still come
        expect(cache.levelStats()[1]).not.toHaveProperty('circuitState');
      }
    } finally {
      await cache.close();
    }
  });

  it('reports busSubscribed: false until subscribed, true while the subscription holds, false while the bus says it is lost', async () => {
    const clock = new FakeClock();
    const bus = new MemoryBusHub().endpoint('a');
    bus.failSubscribe = 1;
    const cache = new MultiLevelCache<string>({ clock, bus, recoveryInterval: 10, levels: [{ name: 'l1', tier: memory(clock) }] });
    const without = new MultiLevelCache<string>({ clock, levels: [{ name: 'l1', tier: memory(clock) }] });
    try {
      expect(cache.multilevelStats().busSubscribed).toBe(false); // the first subscribe fails
      await expect(cache.ready()).rejects.toThrow('subscribe failed'); // ready() reports the first failure
      expect(await eventually(() => cache.multilevelStats().busSubscribed === true)).toBe(true); // the retry holds
      bus.disconnect();
      expect(cache.multilevelStats().busSubscribed).toBe(false);
      bus.reconnect();
      expect(cache.multilevelStats().busSubscribed).toBe(true);
      expect(without.multilevelStats()).not.toHaveProperty('busSubscribed');
    } finally {
      await cache.close();
      await without.close();
    }
    expect(cache.multilevelStats().busSubscribed).toBe(false); // closed: no longer listening
  });
});
