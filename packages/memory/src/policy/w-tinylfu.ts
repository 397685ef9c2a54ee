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
 *   of `5 × capacity` requests, towards the better hit rate;
 * - against hash flooding: keys are hashed with a per-instance random seed,
 *   and a warm candidate (estimate ≥ 6) that loses is still admitted with
 *   probability 1/128, so an attacker cannot pin a victim.
 *
 * One departure from Caffeine, for speed: a hit does not touch the sketch
 * (a random access into a table of 8 bytes per entry, the most expensive part
 * of a hit). It bumps a 4-bit counter kept with the entry instead; the
 * entry's estimate is sketch + that counter, and the counter is folded into
 * the sketch when the entry leaves, so a returning key keeps its history.
 * Halving ("reset") halves both. Estimates are the same up to rounding.
 * @module
 */
import { FrequencySketch } from '../admission/frequency-sketch.js';
import { HillClimber, type ClimberSettings } from '../admission/hill-climber.js';
import { SlotLists } from './linked-list.js';
import { growBytes, type EvictionPolicy } from './policy.js';

const WINDOW = 1;
const PROBATION = 2;
const PROTECTED = 3;
const REGION_MASK = 3;
/** One unfolded hit in the meta byte, and the saturated value (15 hits). */
const PENDING_ONE = 4;
const PENDING_FULL = 15 << 2;
/** Main's share kept protected. */
const PROTECTED_PERCENT = 0.8;
/** Candidate estimates at or above this get the random admission. */
const HASHDOS_THRESHOLD = 6;
/**
 * Hill-climbing tuning, chosen by replaying the reference traces (see the
 * README): samples of 5 × capacity requests, steps of 4% of the capacity,
 * first step towards a larger window. Caffeine uses 10×, 6.25% and a first
 * step towards a smaller window; with those the window reacted too slowly on
 * web12 and wandered on sprite.
 */
const SAMPLE_PERIOD = 5;
const CLIMBER: ClimberSettings = { stepPercent: 0.04, firstDirection: 1, restartThreshold: 0.05 };
/** Most entries moved between window and main per adjustment. */
const TRANSFER_LIMIT = 1000;

/** Settings of {@link WTinyLfuPolicy}. */
export interface WTinyLfuSettings {
  /** Entry capacity; 0 when only a byte bound applies (learned at the first eviction). */
  capacity: number;
  /** Put a Bloom filter in front of the sketch. */
  doorkeeper: boolean;
  /** Seed of the admission jitter. */
  seed: number;
  /** Initial window share of the capacity. @default 0.01 */
  initialWindow?: number;
  /** Whether the hill climber resizes the window. @default true */
  adaptive?: boolean;
  /** Requests per hill-climbing sample, as a multiple of the capacity. @default 5 */
  samplePeriod?: number;
  /** Sketch counters per entry of capacity. @default 16 */
  countersPerEntry?: number;
  /** Smallest sketch, in 32-bit words. @default min(4096, 32 × capacity) */
  minimumSketchWords?: number;
  /** Hill-climber tuning. */
  climber?: ClimberSettings;
}

export class WTinyLfuPolicy implements EvictionPolicy {
  readonly name = 'w-tinylfu' as const;
  readonly #lists: SlotLists;
  /** Per slot: region in bits 0–1, hits not yet in the sketch in bits 2–5. */
  #meta: Uint8Array;
  #hash: Int32Array;
  #sketch: FrequencySketch;
  readonly #climber: HillClimber;
  readonly #dynamic: boolean;
  readonly #doorkeeper: boolean;
  readonly #adaptive: boolean;
  readonly #samplePeriod: number;
  readonly #countersPerEntry: number;
  readonly #minimumSketchWords: number;
  #maximum = 0;
  #windowMax = 1;
  #protectedMax = 0;
  #window = 0;
  #probation = 0;
  #protected = 0;
  #sampleHits = 0;
  #sampleRequests = 0;
  #sampleSize = 0;
  /** Sightings since the last halving, and how many trigger the next. */
  #additions = 0;
  #resetAt = 0;
  #random: number;

  constructor(slots: number, maxSlots: number, settings: WTinyLfuSettings) {
    this.#lists = new SlotLists(slots, maxSlots);
    this.#meta = new Uint8Array(slots);
    this.#hash = new Int32Array(slots);
    this.#dynamic = settings.capacity === 0;
    this.#doorkeeper = settings.doorkeeper;
    this.#adaptive = settings.adaptive ?? true;
    this.#samplePeriod = settings.samplePeriod ?? SAMPLE_PERIOD;
    this.#random = settings.seed | 0 || 0x2545f491;
    const capacity = this.#dynamic ? 64 : settings.capacity;
    this.#countersPerEntry = settings.countersPerEntry ?? 16;
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
    this.#sampleSize = this.#samplePeriod * maximum;
    this.#resetAt = 10 * maximum;
    this.#climber.resize(maximum);
  }

  onInsert(slot: number, hash: number): void {
    this.#hash[slot] = hash;
    this.#meta[slot] = WINDOW | PENDING_ONE;
    this.#lists.push(WINDOW, slot);
    this.#window++;
    if (this.#window > this.#windowMax) this.#spillWindow();
    if (this.#dynamic && this.#window + this.#probation + this.#protected > 2 * this.#maximum) this.#learnMaximum();
    if (++this.#additions >= this.#resetAt) this.#halve();
    if (++this.#sampleRequests >= this.#sampleSize) this.#climb();
  }

  onAccess(slot: number): void {
    this.#sampleHits++;
    let meta = this.#meta[slot]!;
    if (meta < PENDING_FULL) meta += PENDING_ONE;
    const region = meta & REGION_MASK;
    const lists = this.#lists;
    const prev = lists.prev;
    const target = region === PROBATION ? PROTECTED : region;
    const tail = prev[target]!;
    if (tail !== slot) {
      const next = lists.next;
      const p = prev[slot]!;
      const n = next[slot]!;
      next[p] = n;
      prev[n] = p;
      next[tail] = slot;
      prev[slot] = tail;
      next[slot] = target;
      prev[target] = slot;
    }
    if (region === PROBATION) {
      this.#meta[slot] = (meta & ~REGION_MASK) | PROTECTED;
      this.#probation--;
      if (++this.#protected > this.#protectedMax) this.#demoteProtected();
    } else {
      this.#meta[slot] = meta;
    }
    if (++this.#additions >= this.#resetAt) this.#halve();
    if (++this.#sampleRequests >= this.#sampleSize) this.#climb();
  }

  onUpdate(slot: number): void {
    this.onAccess(slot);
  }

  onRemove(slot: number): void {
    this.#lists.unlink(slot);
    this.#uncount(slot);
    this.#fold(slot);
  }

  evict(): number {
    const lists = this.#lists;
    if (this.#dynamic) this.#learnMaximum();
    let candidate = -1;
    if (this.#window >= this.#windowMax && this.#window > 0) {
      candidate = lists.head(WINDOW);
      lists.unlink(candidate);
      lists.push(PROBATION, candidate);
      this.#setRegion(candidate, PROBATION);
      this.#window--;
      this.#probation++;
    }
    let victim = lists.head(PROBATION);
    if (victim === PROBATION) {
      victim = lists.head(PROTECTED);
      if (victim === PROTECTED) {
        victim = lists.head(WINDOW);
        if (victim === WINDOW) return -1;
      }
    }
    const evicted = candidate < 0 || candidate === victim || this.#admit(candidate, victim) ? victim : candidate;
    lists.unlink(evicted);
    this.#uncount(evicted);
    this.#fold(evicted);
    return evicted;
  }

  clear(): void {
    this.#lists.reset();
    this.#window = this.#probation = this.#protected = 0;
  }

  grow(slots: number): void {
    this.#lists.grow(slots);
    this.#meta = growBytes(this.#meta, slots);
    const hash = new Int32Array(slots);
    hash.set(this.#hash);
    this.#hash = hash;
  }

  #setRegion(slot: number, region: number): void {
    this.#meta[slot] = (this.#meta[slot]! & ~REGION_MASK) | region;
  }

  #uncount(slot: number): void {
    const region = this.#meta[slot]! & REGION_MASK;
    if (region === WINDOW) this.#window--;
    else if (region === PROBATION) this.#probation--;
    else this.#protected--;
  }

  /** The estimated popularity of the entry in `slot`: sketch + its unfolded hits, at most 15. */
  #frequency(slot: number): number {
    const estimate = this.#sketch.frequency(this.#hash[slot]!) + (this.#meta[slot]! >>> 2);
    return estimate < 15 ? estimate : 15;
  }

  /** Moves the entry's unfolded hits into the sketch (it is leaving). */
  #fold(slot: number): void {
    const pending = this.#meta[slot]! >>> 2;
    if (pending !== 0) this.#sketch.add(this.#hash[slot]!, pending);
    this.#meta[slot] = 0;
  }

  /** TinyLFU's reset: halves the sketch and every entry's unfolded hits. */
  #halve(): void {
    this.#additions = this.#additions >>> 1;
    this.#sketch.halve();
    const meta = this.#meta;
    for (let i = 0; i < meta.length; i++) {
      const m = meta[i]!;
      meta[i] = (m & REGION_MASK) | (((m >>> 3) << 2) & 0x3c);
    }
  }

  /** TinyLFU admission: the candidate (slot) replaces the victim (slot) when it is more popular. */
  #admit(candidate: number, victim: number): boolean {
    const victimFrequency = this.#frequency(victim);
    const candidateFrequency = this.#frequency(candidate);
    if (candidateFrequency > victimFrequency) return true;
    if (candidateFrequency < HASHDOS_THRESHOLD) return false;
    let x = this.#random;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#random = x;
    return (x & 127) === 0;
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
    const hits = this.#sampleHits;
    const misses = this.#sampleRequests - hits;
    this.#sampleHits = this.#sampleRequests = 0;
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
