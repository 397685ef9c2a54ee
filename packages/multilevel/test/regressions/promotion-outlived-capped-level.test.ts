/**
 * Issue 9, item 12: a value read from a level whose copy was capped by its
 * `maxTtl` was promoted with the envelope's uncapped life (L1 copy
 * 3,595,000 ms vs 5,000 ms left at L2), so L1 kept serving it after L2
 * dropped it. Promotion caps by the life left on the level read.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock, MapTier } from '@cache/core/testing';
import { MultiLevelCache } from '../../src/index.js';
import { memory } from '../helpers.js';

describe('promotion from a level with a maxTtl', () => {
  it('promotes for no longer than the copy lives at the level read', async () => {
    const clock = new FakeClock();
    const l1 = memory(clock);
    const l2 = new MapTier({ name: 'l2', clock }); // remote-like: read with one plain get
    const l3 = new MapTier({ name: 'l3', clock });
    const cache = new MultiLevelCache<string>({
      clock,
      levels: [
        { name: 'l1', tier: l1 },
        { name: 'l2', tier: l2, maxTtl: '10s' },
        { name: 'l3', tier: l3 },
      ],
    });
    await cache.set('k', 'v', { ttl: '1h' });
    clock.advance(5_000);
    l1.delete('k');
    expect(await cache.get('k')).toBe('v');
    expect(l1.getRemainingTtl('k')).toBe(5_000); // what l2's copy has left, not 3,595,000
    clock.advance(5_000);
    expect(await l2.has('k')).toBe(false);
    expect(l1.peek('k')).toBeUndefined(); // L1 does not outlive L2
    // from l3 (no cap) a promoted copy gets the value's life, capped again at l2
    expect(await cache.get('k')).toBe('v');
    expect(l1.getRemainingTtl('k')).toBe(3_590_000);
    expect((await l2.getEntry('k'))?.remainingTtl).toBe(10_000);
    l1.delete('k');
    clock.advance(4_000);
    expect(await cache.get('k')).toBe('v');
    expect(l1.getRemainingTtl('k')).toBe(6_000);
    await cache.close();
  });
});
