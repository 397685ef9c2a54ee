/**
 * Issue 9, item 13: two concurrent `set`s of one key whose L2
 * acknowledgements arrived out of order left L1 ≠ L2 forever (200 of 200
 * trials). Writes of one key are ordered, so every level ends equal.
 */
import { describe, expect, it } from 'vitest';
import type { SetOptions } from '@cache/core';
import { MapTier } from '@cache/core/testing';
import { MultiLevelCache } from '../../src/index.js';
import { memory } from '../helpers.js';

/** Applies each write at once but acknowledges it only when the test says so. */
class LateAckTier extends MapTier<unknown> {
  readonly acks: (() => void)[] = [];
  override async set(key: string, value: unknown, options?: SetOptions): Promise<boolean> {
    const stored = await super.set(key, value, options);
    await new Promise<void>((resolve) => this.acks.push(resolve));
    return stored;
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('two concurrent sets of one key', () => {
  it('leave every level with the same value, whatever order the slow level acknowledges in', async () => {
    for (let trial = 0; trial < 20; trial++) {
      const l1 = memory();
      const l2 = new LateAckTier({ name: 'l2' });
      const cache = new MultiLevelCache<string>({ levels: [{ name: 'l1', tier: l1 }, { name: 'l2', tier: l2 }] });
      let settled = 0;
      const writes = [cache.set('k', 'first'), cache.set('k', 'second')].map((write) => write.finally(() => settled++));
      while (settled < 2) {
        await tick();
        l2.acks.pop()?.(); // newest first: the later write's ack overtakes the earlier one's
      }
      await Promise.all(writes);
      const atL2 = ((await l2.get('k')) as { v: string }).v;
      expect(atL2).toBe('second');
      expect(l1.peek('k')).toMatchObject({ v: atL2 });
      await cache.close();
    }
  });
});
