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
 * - a hill climber moves capacity between window and main after each sample
 *   of `4 × capacity` requests, towards the better hit rate;
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
import { HillClimber, type ClimberSettings } from '../admission/hill-climber.js';
import { SlotLists } from './linked-list.js';
import { growBytes, type EvictionPolicy, type Links } from './policy.js';

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
/**
 * Hill-climbing tuning, chosen by replaying the reference traces with 20
 * random seeds each (see the README): samples of 4 × capacity requests (at
 * least 1,500, so small caches do not chase noise), steps of 3% of the
 * capacity, first step towards a larger window. Caffeine uses 10×, 6.25%
 * and a first step towards a smaller window; with those the window reacted
 * too slowly on web12 and wandered on sprite.
 */
const SAMPLE_PERIOD = 4;
/**
 * Sketch size: 5 four-bit counters per entry (2.5 bytes; Caffeine: 16),
 * never less than 16 KiB. Small caches are governed by the floor; for large
 * ones, replays without the floor put 5 counters per entry within 0.3 points
 * of 8 (and 16), and keep the default policy's memory per entry at or below
 * lru-cache's.
 */
const COUNTERS_PER_ENTRY = 5;
const MINIMUM_SAMPLE = 1500;
const CLIMBER: ClimberSettings = { stepPercent: 0.03, firstDirection: 1, restartThreshold: 0.05 };
/** Most entries moved between window and main per adjustment. */
const TRANSFER_LIMIT = 1000;

/** Halves the unfolded-hit counts kept in each meta byte (bits 2–5), keeping the other bits. */
function halvePending(meta: Uint8Array): void {
  for (let i = 0; i < meta.length; i++) {
    const m = meta[i]!;
    meta[i] = (m & ~PENDING_MASK) | ((((m & PENDING_MASK) >>> 3) << 2) & PENDING_MASK);
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
  /** Whether the hill climber resizes the window. @default true */
  adaptive?: boolean;
  /** Requests per hill-climbing sample, as a multiple of the capacity. @default 4 */
  samplePeriod?: number;
  /** Fewest requests per hill-climbing sample (small caches would measure noise). @default 1500 */
  minimumSample?: number;
  /** Sketch counters per entry of capacity (with a 16 KiB floor). @default 5 */
  countersPerEntry?: number;
  /** Smallest sketch, in 32-bit words. @default min(4096, 32 × capacity) */
  minimumSketchWords?: number;
  /**
   * A hit in probation only marks the entry; it moves to protected when it
   * reaches the head of probation (at eviction time) instead of at once.
   * @default true
   */
  lazyPromotion?: boolean;
  /** Hill-climber tuning. */
  climber?: ClimberSettings;
}

export class WTinyLfuPolicy implements EvictionPolicy {
  readonly name = 'w-tinylfu' as const;
  readonly #lists: SlotLists;
  /** The lists' link arrays, cached for the hit path (refreshed by grow). */
  #next: Links;
  #prev: Links;
  /** Per slot: region in bits 0–1, hits not yet in the sketch in bits 2–5. */
  #meta: Uint8Array;
  readonly #hashOf: (slot: number) => number;
  #sketch: FrequencySketch;
  readonly #climber: HillClimber;
  readonly #dynamic: boolean;
  readonly #doorkeeper: boolean;
  readonly #adaptive: boolean;
  readonly #lazy: boolean;
  readonly #samplePeriod: number;
  readonly #minimumSample: number;
  readonly #countersPerEntry: number;
  readonly #minimumSketchWords: number;
  #maximum = 0;
  #windowMax = 1;
  #protectedMax = 0;
  #window = 0;
  #probation = 0;
  #protected = 0;
  /** Requests per hill-climbing sample, and misses (inserts) in the current one. */
  #sampleSize = 0;
  #sampleMisses = 0;
  /** Sightings between two halvings (TinyLFU's reset). */
  #resetAt = 0;
  /** Requests left until the next halving, and until the current sample ends. */
  #resetIn = 0;
  #sampleIn = 0;
  /** Requests left until either event; the hot paths only decrement this. */
  #countdown = 1;
  #period = 1;
  #random: number;

  constructor(slots: number, maxSlots: number, settings: WTinyLfuSettings) {
    this.#lists = new SlotLists(slots, maxSlots);
    this.#next = this.#lists.next;
    this.#prev = this.#lists.prev;
    this.#meta = new Uint8Array(slots);
    this.#hashOf = settings.hashOf;
    this.#dynamic = settings.capacity === 0;
    this.#doorkeeper = settings.doorkeeper;
    this.#adaptive = settings.adaptive ?? true;
    this.#lazy = settings.lazyPromotion ?? true;
    this.#samplePeriod = settings.samplePeriod ?? SAMPLE_PERIOD;
    this.#minimumSample = settings.minimumSample ?? MINIMUM_SAMPLE;
    this.#random = settings.seed | 0 || 0x2545f491;
    const capacity = this.#dynamic ? 64 : settings.capacity;
    this.#countersPerEntry = settings.countersPerEntry ?? COUNTERS_PER_ENTRY;
    this.#minimumSketchWords = settings.minimumSketchWords ?? 0;
    this.#sketch = new FrequencySketch(capacity, this.#doorkeeper, this.#countersPerEntry, this.#minimumSketchWords || undefined);
    this.#climber = new HillClimber(capacity, settings.climber ?? CLIMBER);
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
    this.#sampleSize = Math.max(this.#minimumSample, this.#samplePeriod * maximum);
    this.#resetAt = 10 * maximum;
    this.#resetIn = this.#resetAt;
    this.#sampleIn = this.#sampleSize;
    this.#sampleMisses = 0;
    this.#countdown = this.#period = Math.min(this.#resetIn, this.#sampleIn);
    this.#climber.resize(maximum);
  }

  /** Runs the periodic work whose time has come: halving the frequencies, ending a sample. */
  #tick(): void {
    const elapsed = this.#period;
    this.#resetIn -= elapsed;
    this.#sampleIn -= elapsed;
    if (this.#resetIn <= 0) {
      this.#halve();
      this.#resetIn = this.#resetAt - (this.#resetAt >>> 1);
    }
    if (this.#sampleIn <= 0) {
      this.#climb();
      this.#sampleIn = this.#sampleSize;
    }
    this.#countdown = this.#period = Math.max(1, Math.min(this.#resetIn, this.#sampleIn));
  }

  onInsert(slot: number, _hash: number): void {
    this.#meta[slot] = WINDOW | PENDING_ONE;
    this.#lists.push(WINDOW, slot);
    this.#window++;
    if (this.#window > this.#windowMax) this.#spillWindow();
    if (this.#dynamic && this.#window + this.#probation + this.#protected > 2 * this.#maximum) this.#learnMaximum();
    this.#sampleMisses++;
    if (--this.#countdown === 0) this.#tick();
  }

  onAccess(slot: number): void {
    const meta = this.#meta[slot]!;
    const region = meta & REGION_MASK;
    if (region === PROBATION) {
      if (this.#lazy) this.#meta[slot] = ((meta & PENDING_MASK) === PENDING_MASK ? meta : meta + PENDING_ONE) | REFERENCED;
      else this.#promote(slot, (meta & PENDING_MASK) === PENDING_MASK ? meta : meta + PENDING_ONE);
    } else {
      const prev = this.#prev;
      const tail = prev[region]!;
      if (tail !== slot) {
        const next = this.#next;
        const p = prev[slot]!;
        const n = next[slot]!;
        next[p] = n;
        prev[n] = p;
        next[tail] = slot;
        prev[slot] = tail;
        next[slot] = region;
        prev[region] = slot;
      }
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
        lists.unlink(candidate);
        lists.push(PROBATION, candidate);
        this.#setRegion(candidate, PROBATION);
        this.#window--;
        this.#probation++;
        return this.#remove(victim, this.#hashOf(victim));
      }
      // The common case: the candidate leaves (#remove, knowing its region).
      lists.unlink(candidate);
      this.#window--;
      this.#fold(candidate, candidateHash);
      return candidate;
    }
    if (victim < 0) {
      victim = lists.head(PROTECTED);
      if (victim === PROTECTED) {
        victim = lists.head(WINDOW);
        if (victim === WINDOW) return -1;
      }
    }
    return this.#remove(victim, this.#hashOf(victim));
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
    this.#next = this.#lists.next;
    this.#prev = this.#lists.prev;
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
    const lists = this.#lists;
    while (this.#window > this.#windowMax) {
      const slot = lists.head(WINDOW);
      lists.unlink(slot);
      lists.push(PROBATION, slot);
      this.#setRegion(slot, PROBATION);
      this.#window--;
      this.#probation++;
    }
  }

  /** Moves protected's oldest entries to probation until protected fits. */
  #demoteProtected(): void {
    const lists = this.#lists;
    while (this.#protected > this.#protectedMax) {
      const slot = lists.head(PROTECTED);
      lists.unlink(slot);
      lists.push(PROBATION, slot);
      this.#setRegion(slot, PROBATION);
      this.#protected--;
      this.#probation++;
    }
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

  #climb(): void {
    const misses = this.#sampleMisses;
    const hits = this.#sampleSize - misses;
    this.#sampleMisses = 0;
    if (!this.#adaptive) return;
    const amount = this.#climber.adjustment(hits, misses);
    if (amount > 0) this.#increaseWindow(amount);
    else if (amount < 0) this.#decreaseWindow(-amount);
  }

  #increaseWindow(amount: number): void {
    if (this.#protectedMax === 0) return;
    let quota = Math.min(amount, this.#protectedMax);
    this.#protectedMax -= quota;
    this.#windowMax += quota;
    this.#demoteProtected();
    const lists = this.#lists;
    for (let i = 0; i < TRANSFER_LIMIT && quota > 0; i++) {
      let slot = lists.head(PROBATION);
      if (slot === PROBATION) {
        slot = lists.head(PROTECTED);
        if (slot === PROTECTED) break;
      }
      lists.unlink(slot);
      this.#uncount(slot);
      lists.push(WINDOW, slot);
      this.#setRegion(slot, WINDOW);
      this.#window++;
      quota--;
    }
    this.#protectedMax += quota;
    this.#windowMax -= quota;
  }

  #decreaseWindow(amount: number): void {
    if (this.#windowMax <= 1) return;
    let quota = Math.min(amount, this.#windowMax - 1);
    this.#protectedMax += quota;
    this.#windowMax -= quota;
    const lists = this.#lists;
    for (let i = 0; i < TRANSFER_LIMIT && quota > 0; i++) {
      const slot = lists.head(WINDOW);
      if (slot === WINDOW) break;
      lists.unlink(slot);
      lists.push(PROBATION, slot);
      this.#setRegion(slot, PROBATION);
      this.#window--;
      this.#probation++;
      quota--;
    }
    this.#protectedMax -= quota;
    this.#windowMax += quota;
  }
}
