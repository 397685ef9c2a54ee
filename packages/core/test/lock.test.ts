import { describe, expect, it } from 'vitest';
import { isCacheError, ErrorCode, type LoadLock } from '../src/index.js';
import { describeLockConformance, FakeClock, lockConformanceCases, MemoryLoadLock } from '../src/testing/vitest.js';

describeLockConformance({ name: 'MemoryLoadLock', create: ({ clock }) => new MemoryLoadLock({ clock }) });

/** A lock that ignores its leases' ttl and lets a non-holder's release through: the suite must catch both. */
class BrokenLock implements LoadLock {
  readonly #held = new Set<string>();
  acquire(key: string) {
    if (this.#held.has(key)) return Promise.resolve(undefined);
    this.#held.add(key);
    return Promise.resolve({ key, release: () => Promise.resolve(void this.#held.delete(key)) });
  }
}

describe('the lock suite', () => {
  it('fails a lock whose leases never expire', async () => {
    const expiry = lockConformanceCases.find((c) => c.name.includes('expires by itself'))!;
    const lock = new BrokenLock();
    await expect(expiry.run({ lock, key: 'k', ttl: 10, afterTtl: (check) => check() })).rejects.toThrow(/free once the ttl/);
  });

  it('MemoryLoadLock leases expire by its clock', async () => {
    const clock = new FakeClock();
    const lock = new MemoryLoadLock({ clock });
    const lease = await lock.acquire('k', 100);
    expect(lease).toBeDefined();
    expect(lock.isHeld('k')).toBe(true);
    clock.advance(99);
    expect(await lock.acquire('k', 100)).toBeUndefined();
    clock.advance(1);
    expect(lock.isHeld('k')).toBe(false);
    expect(await lock.acquire('k', 100)).toBeDefined();
    expect(lock.granted).toBe(2);
  });

  it('names the bad argument', async () => {
    const error: unknown = await new MemoryLoadLock().acquire('k', 0).catch((e: unknown) => e);
    expect(isCacheError(error, ErrorCode.InvalidArgument)).toBe(true);
    expect(error).toMatchObject({ argument: 'ttlMs' });
  });
});
