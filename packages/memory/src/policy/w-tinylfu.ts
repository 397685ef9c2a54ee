/**
 * W-TinyLFU with an adaptive window (Einziger, Friedman & Manes, "TinyLFU: A
 * Highly Efficient Cache Admission Policy", ACM ToS 2017, section 4; the
 * adaptive window from "Adaptive Software Cache Management", Middleware 2018;
 * the structure follows Caffeine's BoundedLocalCache):
 *
 * - a small LRU **window** admits every new entry, so bursts and recency are served;
 * - entries leaving the window are **candidates** for the segmented-LRU main
 *   space (probation 20% / protected 80%); a candidate gets in only when the
 *   frequency sketch says it is more popular than main's victim (the oldest
 *   probation entry), so one-hit wonders and scans do not flush the cache;
 * - a hit in probation promotes to protected; protected overflow is demoted to probation;
 * - the window's size follows two sampled ghosts (admission/ghost-climber.ts):
 *   a miss on a candidate the window recently let go grows the window, a
 *   miss on an entry main recently evicted shrinks it, so capacity moves to
 *   the region whose next entries would hit more (ARC's rule, depth-limited).
 *   The window ranges from 1% of the capacity (`MINIMUM_WINDOW`: Caffeine's
 *   initial window and the best static share of the references on loops and
 *   scans; below it a burst of new keys has nowhere to prove itself) to all
 *   but one entry (W-TinyLFU then is an LRU). This replaced a hill climber on
 *   the hit rate sampled every 4 × capacity requests, which could not tell
 *   the window's effect from the workload's own phases (orm-night 2–4
 *   points below LRU, oltp and web07 1–2 below the best reference; the
 *   ghosts put them at or above both);
 * - against hash flooding: keys are hashed with a per-instance random seed,
 *   and a warm candidate (estimate ≥ 6) that loses is still admitted with
 *   probability 1/128, so an attacker cannot pin a victim.
 *
 * Departures from Caffeine, for speed (replays show the same hit ratios):
 *
 * A hit does not touch the sketch
 * (a random access into a table of 8 bytes per entry, the most expensive part
 * of a hit). It bumps a 4-bit counter kept with the entry instead; the
 * entry's estimate is sketch + that counter, and the counter is folded into
 * the sketch when the entry leaves, so a returning key keeps its history.
 * Halving ("reset") halves both. Estimates are the same up to rounding.
 * Key hashes come from the cache's key index (which stores one per slot
 * anyway), and the sketch has 5 counters per entry (Caffeine: 16) with a
 * 16 KiB floor: memory per entry stays below lru-cache's.
 *
 * A hit in probation only marks the entry (lazy promotion, as in S3-FIFO and
 * CLOCK); the entry moves to protected when it reaches the head of
 * probation, at eviction time. A hit then costs what an LRU hit costs.
 * @module
 */
import { FrequencySketch } from '../admission/frequency-sketch.js';
import { GhostClimber, type GhostClimberSettings } from '../admission/ghost-climber.js';
import { SlotLists } from './linked-list.js';
import { growBytes, type EvictionPolicy } from './policy.js';

const WINDOW = 1;
const PROBATION = 2;
const PROTECTED = 3;
const REGION_MASK = 3;
/** One unfolded hit in the meta byte, and the mask of the count (at most 15). */
const PENDING_ONE = 4;
const PENDING_MASK = 15 << 2;
/** Meta bit: hit while in probation, to be promoted when it reaches the head (lazy promotion). */
const REFERENCED = 0x40;
/** Main's share kept protected. */
const PROTECTED_PERCENT = 0.8;
/** Candidate estimates at or above this get the random admission. */
const HASHDOS_THRESHOLD = 6;
/** The smallest window, as a share of the capacity (see the design note). */
const MINIMUM_WINDOW = 0.01;
/**
 * Sketch size: 5 four-bit counters per entry (2.5 bytes; Caffeine: 16),
 * above the sketch's default floor (admission/frequency-sketch.ts: 8
 * counters per entry up to 128 KiB, so caches below ~52k entries are
 * governed by the floor). For large ones, replays put 5 counters per entry
 * within 0.3 points of 8 (and 16), and keep the default policy's memory per
 * entry at or below lru-cache's; at 25k entries 5 lost 0.9 points against 8
 * on ARC P6 (1.8 against 16), which the floor now covers.
 */
const COUNTERS_PER_ENTRY = 5;

/**
 * Halves the unfolded-hit counts kept in each meta byte (bits 2–5), keeping
 * the other bits, rounding **up**. A resident entry's estimate is sketch +
 * unfolded hits, two parts halved separately; flooring both lost up to one
 * count against a candidate whose count is all in the sketch, so on a loop
 * (every key as frequent as every other) residents lost the ties TinyLFU
 * means them to win, and main churned (the LIRS loop at 512 and 768 entries:
 * 43 and 64% instead of 50 and 75%; a scan trace at 250 entries fell to 0
 * with some seeds). Rounding this part up keeps the sum within one rounding
 * of a single counter's halving, on the resident's side.
 */
function halvePending(meta: Uint8Array): void {
  for (let i = 0; i < meta.length; i++) {
    const m = meta[i]!;
    meta[i] = (m & ~PENDING_MASK) | (((((m & PENDING_MASK) >>> 2) + 1) >>> 1) << 2);
  }
}

/** Settings of {@link WTinyLfuPolicy}. */
export interface WTinyLfuSettings {
  /** Entry capacity; 0 when only a byte bound applies (learned at the first eviction). */
  capacity: number;
  /** Put a Bloom filter in front of the sketch. */
  doorkeeper: boolean;
  /** Seed of the admission jitter. */
  seed: number;
  /**
   * The hash of the key in `slot` (seeded per instance; the cache's key
   * index stores it). Called when an entry leaves or is compared for admission.
   */
  hashOf: (slot: number) => number;
  /** Initial window share of the capacity. @default 0.01 */
  initialWindow?: number;
  /** Whether the window is resized by its ghosts (false: it keeps `initialWindow`). @default true */
  adaptive?: boolean;
  /** Ghost tuning (see admission/ghost-climber.ts). */
  ghost?: GhostClimberSettings;
  /** Smallest window share of the capacity while adapting. @default 0.01 */
  minimumWindow?: number;
  /** Sketch counters per entry of capacity (with a 16 KiB floor). @default 5 */
  countersPerEntry?: number;
  /** Smallest sketch, in 32-bit words. @default max(min(4096, 32 × capacity), min(32768, capacity)) */
  minimumSketchWords?: number;
  /**
   * A hit in probation only marks the entry; it moves to protected when it
   * reaches the head of probation (at eviction time) instead of at once.
   * @default true
   */
  lazyPromotion?: boolean;
}

export class WTinyLfuPolicy implements EvictionPolicy {
  readonly name = 'w-tinylfu' as const;
  readonly #lists: SlotLists;
  /** Per slot: region in bits 0–1, hits not yet in the sketch in bits 2–5. */
  #meta: Uint8Array;
  readonly #hashOf: (slot: number) => number;
  #sketch: FrequencySketch;
  /** The window's ghosts; undefined when the window is fixed. */
  readonly #ghosts: GhostClimber | undefined;
  /** The window size the ghosts argue for (fractional; `#windowMax` is it rounded). */
  #target = 1;
  #minimumWindow = 1;
  readonly #minimumWindowShare: number;
  readonly #dynamic: boolean;
  readonly #doorkeeper: boolean;
  readonly #lazy: boolean;
  readonly #countersPerEntry: number;
  readonly #minimumSketchWords: number;
  #maximum = 0;
  #windowMax = 1;
  #protectedMax = 0;
  #window = 0;
  #probation = 0;
  #protected = 0;
  /** Sightings between two halvings (TinyLFU's reset). */
  #resetAt = 0;
  /** Requests left until the next halving; the hot paths only decrement this. */
  #countdown = 1;
  #random: number;

  constructor(slots: number, maxSlots: number, settings: WTinyLfuSettings) {
    this.#lists = new SlotLists(slots, maxSlots);
    this.#meta = new Uint8Array(slots);
    this.#hashOf = settings.hashOf;
    this.#dynamic = settings.capacity === 0;
    this.#doorkeeper = settings.doorkeeper;
    this.#lazy = settings.lazyPromotion ?? true;
    this.#random = settings.seed | 0 || 0x2545f491;
    const capacity = this.#dynamic ? 64 : settings.capacity;
    this.#countersPerEntry = settings.countersPerEntry ?? COUNTERS_PER_ENTRY;
    this.#minimumSketchWords = settings.minimumSketchWords ?? 0;
    this.#sketch = new FrequencySketch(capacity, this.#doorkeeper, this.#countersPerEntry, this.#minimumSketchWords || undefined);
    this.#ghosts = settings.adaptive === false ? undefined : new GhostClimber(capacity, settings.ghost);
    this.#minimumWindowShare = settings.minimumWindow ?? MINIMUM_WINDOW;
    this.#setMaximum(capacity, settings.initialWindow ?? 0.01);
  }

  /** Current window capacity, in entries (for tests and tuning). */
  get windowMaximum(): number {
    return this.#windowMax;
  }

  #setMaximum(maximum: number, windowShare: number): void {
    this.#maximum = maximum;
    this.#windowMax = Math.max(1, Math.min(maximum - 1, Math.round(maximum * windowShare)));
    this.#protectedMax = Math.floor(PROTECTED_PERCENT * (maximum - this.#windowMax));
    this.#resetAt = 10 * maximum;
    this.#countdown = this.#resetAt;
    this.#ghosts?.resize(maximum);
    this.#target = this.#windowMax;
    this.#minimumWindow = Math.max(1, Math.round(this.#minimumWindowShare * maximum));
  }

  /**
   * Moves the window target by `delta` entries, within [1% of the capacity,
   * capacity − 1]. Only the bounds move: a larger window fills as the next
   * evictions come from main; a smaller one spills its oldest entries into
   * probation at the next insert (as Caffeine's transfer does), and
   * protected (80% of main) demotes its overflow.
   */
  #steer(delta: number): void {
    let target = this.#target + delta;
    const top = this.#maximum - 1;
    if (target > top) target = top;
    if (target < this.#minimumWindow) target = this.#minimumWindow;
    this.#target = target;
    const windowMax = Math.round(target);
    if (windowMax === this.#windowMax) return;
    this.#windowMax = windowMax;
    this.#protectedMax = Math.floor(PROTECTED_PERCENT * (this.#maximum - windowMax));
    if (this.#protected > this.#protectedMax) this.#demoteProtected();
  }

  /** TinyLFU's reset is due: halves the frequencies, then counts down again (half a period: the counts are halved, not zeroed). */
  #tick(): void {
    this.#halve();
    this.#countdown = Math.max(1, this.#resetAt - (this.#resetAt >>> 1));
  }

  onInsert(slot: number, hash: number): void {
    const ghosts = this.#ghosts;
    if (ghosts !== undefined) {
      const delta = ghosts.missed(hash);
      if (delta !== 0) this.#steer(delta);
    }
    this.#meta[slot] = WINDOW | PENDING_ONE;
    this.#lists.push(WINDOW, slot);
    this.#window++;
    if (this.#window > this.#windowMax) this.#spillWindow();
    if (this.#dynamic && this.#window + this.#probation + this.#protected > 2 * this.#maximum) this.#learnMaximum();
    if (--this.#countdown === 0) this.#tick();
  }

  onAccess(slot: number): void {
    const meta = this.#meta[slot]!;
    const region = meta & REGION_MASK;
    if (region === PROBATION) {
      if (this.#lazy) this.#meta[slot] = ((meta & PENDING_MASK) === PENDING_MASK ? meta : meta + PENDING_ONE) | REFERENCED;
      else this.#promote(slot, (meta & PENDING_MASK) === PENDING_MASK ? meta : meta + PENDING_ONE);
    } else {
      this.#lists.moveToTail(region, slot);
      if ((meta & PENDING_MASK) !== PENDING_MASK) this.#meta[slot] = meta + PENDING_ONE;
    }
    if (--this.#countdown === 0) this.#tick();
  }

  /** A probation hit: the entry moves to protected, whose oldest entries may fall back to probation. */
  #promote(slot: number, meta: number): void {
    const lists = this.#lists;
    lists.unlink(slot);
    lists.push(PROTECTED, slot);
    this.#meta[slot] = (meta & ~(REGION_MASK | REFERENCED)) | PROTECTED;
    this.#probation--;
    if (++this.#protected > this.#protectedMax) this.#demoteProtected();
  }

  onUpdate(slot: number): void {
    this.onAccess(slot);
  }

  onRemove(slot: number): void {
    this.#lists.unlink(slot);
    this.#uncount(slot);
    this.#fold(slot, this.#hashOf(slot));
  }

  evict(): number {
    const lists = this.#lists;
    if (this.#dynamic) this.#learnMaximum();
    let victim = this.#lazy ? this.#probationVictim() : lists.head(PROBATION);
    if (victim === PROBATION) victim = -1;
    if (this.#window >= this.#windowMax && this.#window > 0) {
      // The entry about to be written pushes the window's oldest entry out: the
      // candidate. It enters main only if it is more popular than main's victim.
      const candidate = lists.head(WINDOW);
      const candidateHash = this.#hashOf(candidate);
      if (victim >= 0 && this.#admit(candidate, candidateHash, victim)) {
        this.#toProbation(WINDOW, 1);
        this.#window--;
        const victimHash = this.#hashOf(victim);
        this.#ghosts?.leftMain(victimHash);
        return this.#remove(victim, victimHash);
      }
      // The common case: the candidate leaves (#remove, knowing its region).
      lists.unlink(candidate);
      this.#window--;
      this.#fold(candidate, candidateHash);
      this.#ghosts?.leftWindow(candidateHash);
      return candidate;
    }
    if (victim < 0) {
      victim = lists.head(PROTECTED);
      if (victim === PROTECTED) {
        victim = lists.head(WINDOW);
        if (victim === WINDOW) return -1;
      }
    }
    const hash = this.#hashOf(victim);
    this.#ghosts?.leftMain(hash);
    return this.#remove(victim, hash);
  }

  /** Takes `slot` out of its list and folds its hits into the sketch; returns it. */
  #remove(slot: number, hash: number): number {
    this.#lists.unlink(slot);
    this.#uncount(slot);
    this.#fold(slot, hash);
    return slot;
  }

  clear(): void {
    this.#lists.reset();
    this.#window = this.#probation = this.#protected = 0;
  }

  grow(slots: number): void {
    this.#lists.grow(slots);
    this.#meta = growBytes(this.#meta, slots);
  }

  /** Moves the entry's region tag (clearing the probation-hit mark). */
  #setRegion(slot: number, region: number): void {
    this.#meta[slot] = (this.#meta[slot]! & ~(REGION_MASK | REFERENCED)) | region;
  }

  #uncount(slot: number): void {
    const region = this.#meta[slot]! & REGION_MASK;
    if (region === WINDOW) this.#window--;
    else if (region === PROBATION) this.#probation--;
    else this.#protected--;
  }

  /** The estimated popularity of the entry in `slot`: sketch + its unfolded hits, at most 15. */
  #frequency(slot: number, hash: number): number {
    const estimate = this.#sketch.frequency(hash) + ((this.#meta[slot]! & PENDING_MASK) >>> 2);
    return estimate < 15 ? estimate : 15;
  }

  /** Moves the entry's unfolded hits into the sketch (it is leaving). */
  #fold(slot: number, hash: number): void {
    const pending = (this.#meta[slot]! & PENDING_MASK) >>> 2;
    if (pending !== 0) this.#sketch.add(hash, pending);
    this.#meta[slot] = 0;
  }

  /** TinyLFU's reset: halves the sketch and every entry's unfolded hits. */
  #halve(): void {
    this.#sketch.halve();
    halvePending(this.#meta);
  }

  /**
   * TinyLFU admission: the candidate (slot) replaces the victim (slot) when
   * it is more popular. The victim's estimate is at least its unfolded hits,
   * so when the candidate's estimate does not exceed those, the victim's
   * sketch counters are not read (same decision, one sketch lookup fewer
   * per rejected one-hit wonder).
   * The candidate's counters are located once for the estimate and the fold.
   */
  #admit(candidate: number, candidateHash: number, victim: number): boolean {
    const meta = this.#meta;
    let candidateFrequency = this.#sketch.frequencyBeforeAdd(candidateHash) + ((meta[candidate]! & PENDING_MASK) >>> 2);
    if (candidateFrequency > 15) candidateFrequency = 15;
    if (candidateFrequency > (meta[victim]! & PENDING_MASK) >>> 2) {
      if (candidateFrequency > this.#frequency(victim, this.#hashOf(victim))) return true;
    }
    if (candidateFrequency < HASHDOS_THRESHOLD) return false;
    let x = this.#random;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#random = x;
    return (x & 127) === 0;
  }

  /**
   * The oldest probation entry once marked entries got their promotion
   * (lazy promotion: a probation hit only sets a bit; the entry moves to
   * protected when it reaches the head). -1 when probation is empty.
   * Amortised O(1): each promotion clears a bit that a hit set.
   */
  #probationVictim(): number {
    const lists = this.#lists;
    const meta = this.#meta;
    let slot = lists.head(PROBATION);
    while (slot !== PROBATION && (meta[slot]! & REFERENCED) !== 0) {
      this.#promote(slot, meta[slot]!);
      slot = lists.head(PROBATION);
    }
    return slot === PROBATION ? -1 : slot;
  }

  /** Moves the window's oldest entries to probation until the window fits. */
  #spillWindow(): void {
    const excess = this.#window - this.#windowMax;
    if (excess > 0) {
      this.#toProbation(WINDOW, excess);
      this.#window -= excess;
    }
  }

  /** Moves protected's oldest entries to probation until protected fits. */
  #demoteProtected(): void {
    const excess = this.#protected - this.#protectedMax;
    if (excess > 0) {
      this.#toProbation(PROTECTED, excess);
      this.#protected -= excess;
    }
  }

  /** Moves the `count` oldest entries of `region` (window or protected; the caller uncounts them) to probation's newest end. */
  #toProbation(region: number, count: number): void {
    const lists = this.#lists;
    for (let i = 0; i < count; i++) {
      const slot = lists.head(region);
      lists.unlink(slot);
      lists.push(PROBATION, slot);
      this.#setRegion(slot, PROBATION);
    }
    this.#probation += count;
  }

  /** With only a byte bound: the entry capacity is what the cache holds when it first has to evict. */
  #learnMaximum(): void {
    const count = this.#window + this.#probation + this.#protected;
    if (count <= this.#maximum && count * 2 >= this.#maximum) return;
    const share = this.#windowMax / this.#maximum;
    if (count > 2 * this.#maximum) this.#sketch = new FrequencySketch(count, this.#doorkeeper, this.#countersPerEntry, this.#minimumSketchWords || undefined);
    this.#setMaximum(Math.max(2, count), share);
    this.#spillWindow();
    this.#demoteProtected();
  }
}
