/**
 * TTL: evicts the entry that expires soonest; entries without a TTL go last,
 * oldest first (FIFO's order, which this policy extends). The order comes
 * from the cache's timer wheel (the earliest non-empty bucket), which keeps
 * every operation O(1) instead of a heap's O(log n). "Soonest" is exact to
 * the span of the wheel level the soonest entry is at: the victim expires
 * less than 1.024 s after the soonest entry when that one expires within
 * 63 s, 65.5 s within 68 min, 69.9 min within 36 h, 37.3 h within 4.6 days;
 * beyond that, oldest first.
 * @module
 */
import type { TimerWheel } from '../expiry/timer-wheel.js';
import { FifoPolicy } from './fifo.js';
import type { PolicyName } from './policy.js';

export class TtlPolicy extends FifoPolicy {
  override readonly name: PolicyName = 'ttl';
  readonly #wheel: TimerWheel;

  constructor(slots: number, maxSlots: number, wheel: TimerWheel) {
    super(slots, maxSlots);
    this.#wheel = wheel;
  }

  override evict(): number {
    const victim = this.#wheel.soonest();
    if (victim < 0) return super.evict();
    this.onRemove(victim);
    return victim;
  }
}
