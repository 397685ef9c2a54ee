/**
 * A hierarchical timer wheel for TTL reclamation (Varghese & Lauck, "Hashed
 * and Hierarchical Timing Wheels", 1987; the layout follows Caffeine's
 * TimerWheel). Five levels of buckets, each bucket an intrusive circular list
 * over typed arrays:
 *
 * | level | bucket span | buckets | covers |
 * |--:|--:|--:|--:|
 * | 0 | 1.024 s | 64 | 65.5 s |
 * | 1 | 65.5 s | 64 | 69.9 min |
 * | 2 | 69.9 min | 32 | 37.3 h |
 * | 3 | 37.3 h | 4 | 6.2 d |
 * | 4 | 6.2 d | 1 | beyond |
 *
 * An entry goes to the finest level whose ring still reaches its time: at
 * most `buckets − 1` ticks of that level ahead of the wheel's time (so a ring
 * never wraps onto the current tick's bucket). A bucket of level L ≥ 1 thus
 * never holds an entry of the current level-L tick, and the entries of level
 * L all expire after everything at finer levels was scheduled to expire,
 * except in the next level-L bucket, which straddles that horizon.
 *
 * Scheduling, rescheduling and cancelling are O(1). `advance(now)` visits only
 * the buckets whose time has passed; an entry found there is reclaimed when it
 * has expired, or cascaded into a finer bucket otherwise. Nothing is scanned
 * that is not due, so the cost is O(1) amortised per scheduled entry.
 *
 * `soonest()` (the `ttl` policy's victim) takes the oldest entry of the
 * earliest bucket. The straddling next bucket of a coarse level is cascaded
 * first when it might hold something earlier, at most once per tick of the
 * finer level, so the answer is exact to the span of the level the soonest
 * entry lives at: 1.024 s when it expires within 63 s, 65.5 s within 68 min,
 * 69.9 min within 36 h, 37.3 h within 4.6 d; beyond that, oldest first.
 * @module
 */

import { SlotLists } from '../policy/linked-list.js';

const SHIFTS = [10, 16, 22, 27, 29] as const;
const SPANS = SHIFTS.map((s) => 2 ** s);
const BUCKETS = [64, 64, 32, 4, 1] as const;
const OFFSETS = [0, 64, 128, 160, 164] as const;
/** Number of bucket sentinels; slot `s` is node `s + SENTINELS`. */
const SENTINELS = 165;

/**
 * The cache's timer wheel over its slots: expiry times per slot in
 * hierarchical buckets, advanced by one unref'd timer. Exported as a type for
 * the policy seam (`createPolicy`'s `wheel`: the `ttl` policy evicts the slot
 * that expires soonest); a cache creates its own.
 */
export class TimerWheel {
  /** When each slot expires (ms, the cache clock); Infinity when not scheduled. */
  expires: Float64Array;
  /** One list per bucket (sentinels 0..164); slot `s` is node `s + SENTINELS`, self-linked when unscheduled. */
  readonly #lists: SlotLists;
  #time: number;
  #count = 0;
  readonly #pending: number[] = [];
  /**
   * Per level L ≥ 1: the level-(L − 1) tick at which the next level-L bucket
   * was last cascaded (what is left in it then expires beyond level L − 1's
   * horizon); NaN when never.
   */
  readonly #cascadedAt = new Float64Array(SHIFTS.length).fill(NaN);

  constructor(slots: number, now: number) {
    this.expires = new Float64Array(slots).fill(Infinity);
    this.#lists = new SlotLists(slots + SENTINELS, Infinity, { sentinels: SENTINELS, selfLinked: true });
    this.#time = now;
  }

  /** How many slots are scheduled. */
  get size(): number {
    return this.#count;
  }

  /** Makes room for `slots` slots. */
  grow(slots: number): void {
    const expires = new Float64Array(slots).fill(Infinity);
    expires.set(this.expires);
    this.expires = expires;
    this.#lists.grow(slots + SENTINELS);
  }

  /** Schedules (or reschedules) `slot` to expire at `at`; Infinity unschedules it. */
  schedule(slot: number, at: number): void {
    const node = slot + SENTINELS;
    const scheduled = this.#lists.isLinked(node);
    if (scheduled) this.#lists.detach(node);
    this.expires[slot] = at;
    if (at === Infinity) {
      if (scheduled) this.#count--;
      return;
    }
    if (!scheduled) this.#count++;
    this.#lists.push(this.#bucket(at), node);
  }

  /** Cancels `slot`'s timer (no-op when it has none). */
  unschedule(slot: number): void {
    this.expires[slot] = Infinity;
    const node = slot + SENTINELS;
    if (!this.#lists.isLinked(node)) return;
    this.#lists.detach(node);
    this.#count--;
  }

  /**
   * Moves the wheel to `now` and returns the slots whose time has come, in a
   * reused array that stays valid until the next call. The slots are no longer
   * scheduled; their `expires` entries are kept so the caller can check that
   * each one is still due before reclaiming it.
   */
  advance(now: number): readonly number[] {
    const pending = this.#pending;
    pending.length = 0;
    const previous = this.#time;
    if (!(now > previous)) return pending;
    this.#time = now;
    if (this.#count === 0) return pending;
    for (let level = 0; level < SHIFTS.length; level++) {
      const span = SPANS[level]!;
      const previousTicks = Math.floor(previous / span);
      const delta = Math.floor(now / span) - previousTicks;
      if (delta <= 0) break;
      const buckets = BUCKETS[level]!;
      const steps = Math.min(1 + delta, buckets);
      for (let i = 0; i < steps; i++) this.#cascade(OFFSETS[level]! + ((previousTicks + i) % buckets), now);
    }
    return pending;
  }

  /**
   * A slot among those that expire soonest, or -1 when none is scheduled:
   * the oldest entry of the earliest non-empty bucket, exact to the span of
   * its level (see the module note).
   */
  soonest(): number {
    if (this.#count === 0) return -1;
    const lists = this.#lists;
    for (;;) {
      let best = -1;
      let bestEnd = Infinity;
      let split = -1;
      for (let level = 0; level < SHIFTS.length; level++) {
        const span = SPANS[level]!;
        const buckets = BUCKETS[level]!;
        const ticks = Math.floor(this.#time / span);
        // Level 0 starts at the current tick; a coarser level's current bucket is empty (its entries were cascaded).
        for (let i = level === 0 ? 0 : 1; i < Math.max(buckets, 2); i++) {
          let start = (ticks + i) * span;
          if (start >= bestEnd) break;
          const sentinel = OFFSETS[level]! + ((ticks + i) % buckets);
          if (lists.head(sentinel) === sentinel) continue;
          if (level > 0 && i === 1) {
            // The bucket straddling the finer level's horizon: cascade it once per finer tick.
            const finerTicks = Math.floor(this.#time / SPANS[level - 1]!);
            if (this.#cascadedAt[level] === finerTicks) start = Math.max(start, (finerTicks + BUCKETS[level - 1]!) * SPANS[level - 1]!);
            else split = level;
            if (start >= bestEnd) break;
          }
          best = lists.head(sentinel) - SENTINELS;
          bestEnd = (ticks + i + 1) * span;
          break;
        }
        if (split >= 0) break;
      }
      if (split < 0) return best;
      const span = SPANS[split]!;
      this.#cascadedAt[split] = Math.floor(this.#time / SPANS[split - 1]!);
      this.#cascade(OFFSETS[split]! + ((Math.floor(this.#time / span) + 1) % BUCKETS[split]!), -Infinity);
    }
  }

  /** Unschedules everything. */
  clear(): void {
    this.#lists.reset();
    this.expires.fill(Infinity);
    this.#count = 0;
    this.#cascadedAt.fill(NaN);
  }

  /** The bucket for an entry expiring at `at`: the finest level whose ring reaches it; the current one when due. */
  #bucket(at: number): number {
    const time = this.#time;
    if (at <= time) return OFFSETS[0] + (Math.floor(time / SPANS[0]!) % BUCKETS[0]);
    for (let level = 0; level < SHIFTS.length - 1; level++) {
      const span = SPANS[level]!;
      const tick = Math.floor(at / span);
      if (tick - Math.floor(time / span) < BUCKETS[level]!) return OFFSETS[level]! + (tick % BUCKETS[level]!);
    }
    return OFFSETS[SHIFTS.length - 1]!;
  }

  /**
   * Empties a bucket: entries due at `now` are unscheduled and collected in
   * `#pending`, the others go to the bucket their time calls for now.
   */
  #cascade(sentinel: number, now: number): void {
    const lists = this.#lists;
    let node = lists.head(sentinel);
    if (node === sentinel) return;
    // detach the whole bucket first: entries that are not due go to finer buckets
    lists.selfLink(sentinel);
    while (node !== sentinel) {
      const following = lists.following(node);
      lists.selfLink(node);
      const slot = node - SENTINELS;
      if (this.expires[slot]! <= now) {
        this.#count--;
        this.#pending.push(slot);
      } else {
        lists.push(this.#bucket(this.expires[slot]!), node);
      }
      node = following;
    }
  }
}
