/**
 * Builds a policy by name. The cache picks the policy class once, at
 * construction, so each call site sees one class.
 * @module
 */
import type { TimerWheel } from '../expiry/timer-wheel.js';
import { FifoPolicy } from './fifo.js';
import { LfuPolicy } from './lfu.js';
import { LruPolicy } from './lru.js';
import type { EvictionPolicy, PolicyName } from './policy.js';
import { RandomPolicy } from './random.js';
import { S3FifoPolicy } from './s3-fifo.js';
import { SievePolicy } from './sieve.js';
import { TtlPolicy } from './ttl.js';
import { WTinyLfuPolicy } from './w-tinylfu.js';

/** What a policy needs to know at construction. */
export interface PolicySettings {
  /** Slots to allocate now (including the reserved sentinel slots). */
  slots: number;
  /** The most slots the cache will ever use (picks 16- or 32-bit links). */
  maxSlots: number;
  /** Entry capacity, 0 when only a byte bound applies. */
  capacity: number;
  /** Seed for randomised policies. */
  seed: number;
  /** W-TinyLFU: a Bloom filter in front of the sketch. */
  doorkeeper: boolean;
  /** The cache's timer wheel (required by the `ttl` policy). */
  wheel: TimerWheel | undefined;
  /** The seeded hash of the key held in a slot (the cache's key index stores it; W-TinyLFU and S3-FIFO read it). */
  hashOf: (slot: number) => number;
}

/** Makes the policy called `name`. */
export function createPolicy(name: PolicyName, settings: PolicySettings): EvictionPolicy {
  const { slots, maxSlots, capacity, seed } = settings;
  switch (name) {
    case 'lru':
      return new LruPolicy(slots, maxSlots);
    case 'fifo':
      return new FifoPolicy(slots, maxSlots);
    case 'lfu':
      return new LfuPolicy(slots, capacity);
    case 'random':
      return new RandomPolicy(slots, seed);
    case 'sieve':
      return new SievePolicy(slots, maxSlots);
    case 's3-fifo':
      return new S3FifoPolicy(slots, maxSlots, capacity, settings.hashOf);
    case 'w-tinylfu':
      return new WTinyLfuPolicy(slots, maxSlots, { capacity, doorkeeper: settings.doorkeeper, seed, hashOf: settings.hashOf });
    case 'ttl':
      if (settings.wheel === undefined) throw new Error('the ttl policy needs the timer wheel');
      return new TtlPolicy(slots, maxSlots, settings.wheel);
  }
}
