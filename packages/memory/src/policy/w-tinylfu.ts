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
 *   of `10 × capacity` requests, towards the better hit rate;
 * - against hash flooding: keys are hashed with a per-instance random seed,
 *   and a warm candidate (estimate ≥ 6) that loses is still admitted with
 *   probability 1/128, so an attacker cannot pin a victim.
 * @module
 */
import { FrequencySketch } from '../admission/frequency-sketch.js';
import { HillClimber } from '../admission/hill-climber.js';
import { SlotLists } from './linked-list.js';
import { growBytes, type EvictionPolicy } from './policy.js';

const WINDOW = 1;
const PROBATION = 2;
const PROTECTED = 3;
/** Main's share kept protected. */
const PROTECTED_PERCENT = 0.8;
/** Candidate estimates at or above this get the random admission. */
const HASHDOS_THRESHOLD = 6;
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
  /** Requests per hill-climbing sample, as a multiple of the capacity. @default 10 */
  samplePeriod?: number;
}

export class WTinyLfuPolicy implements EvictionPolicy {
  readonly name = 'w-tinylfu' as const;
  readonly #lists: SlotLists;
  #region: Uint8Array;
  #hash: Uint32Array;
  #sketch: FrequencySketch;
  readonly #climber: HillClimber;
  readonly #dynamic: boolean;
  readonly #doorkeeper: boolean;
  readonly #adaptive: boolean;
  readonly #samplePeriod: number;
  #maximum = 0;
  #windowMax = 1;
  #protectedMax = 0;
  #window = 0;
  #probation = 0;
  #protected = 0;
  #sampleHits = 0;
  #sampleRequests = 0;
  #sampleSize = 0;
  #random: number;

  constructor(slots: number, maxSlots: number, settings: WTinyLfuSettings) {
    this.#lists = new SlotLists(slots, maxSlots);
    this.#region = new Uint8Array(slots);
    this.#hash = new Uint32Array(slots);
    this.#dynamic = settings.capacity === 0;
    this.#doorkeeper = settings.doorkeeper;
    this.#adaptive = settings.adaptive ?? true;
    this.#samplePeriod = settings.samplePeriod ?? 10;
    this.#random = settings.seed | 0 || 0x2545f491;
    const capacity = this.#dynamic ? 64 : settings.capacity;
    this.#sketch = new FrequencySketch(capacity, this.#doorkeeper);
    this.#climber = new HillClimber(capacity);
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
    this.#climber.resize(maximum);
  }

  onInsert(slot: number, hash: number): void {
    this.#hash[slot] = hash;
    this.#sketch.increment(hash);
    this.#region[slot] = WINDOW;
    this.#lists.push(WINDOW, slot);
    this.#window++;
    if (this.#window > this.#windowMax) this.#spillWindow();
    if (this.#dynamic && this.#window + this.#probation + this.#protected > 2 * this.#maximum) this.#learnMaximum();
    if (++this.#sampleRequests >= this.#sampleSize) this.#climb();
  }

  onAccess(slot: number): void {
    this.#sketch.increment(this.#hash[slot]!);
    this.#sampleHits++;
    const region = this.#region[slot];
    if (region === WINDOW) {
      this.#lists.moveToTail(WINDOW, slot);
    } else if (region === PROBATION) {
      const lists = this.#lists;
      lists.unlink(slot);
      lists.push(PROTECTED, slot);
      this.#region[slot] = PROTECTED;
      this.#probation--;
      if (++this.#protected > this.#protectedMax) this.#demoteProtected();
    } else {
      this.#lists.moveToTail(PROTECTED, slot);
    }
    if (++this.#sampleRequests >= this.#sampleSize) this.#climb();
  }

  onUpdate(slot: number): void {
    this.onAccess(slot);
  }

  onRemove(slot: number): void {
    this.#lists.unlink(slot);
    this.#uncount(slot);
  }

  evict(): number {
    const lists = this.#lists;
    if (this.#dynamic) this.#learnMaximum();
    let candidate = -1;
    if (this.#window >= this.#windowMax && this.#window > 0) {
      candidate = lists.head(WINDOW);
      lists.unlink(candidate);
      lists.push(PROBATION, candidate);
      this.#region[candidate] = PROBATION;
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
    const evicted = candidate < 0 || candidate === victim || this.#admit(this.#hash[candidate]!, this.#hash[victim]!) ? victim : candidate;
    lists.unlink(evicted);
    this.#uncount(evicted);
    return evicted;
  }

  clear(): void {
    this.#lists.reset();
    this.#window = this.#probation = this.#protected = 0;
  }

  grow(slots: number): void {
    this.#lists.grow(slots);
    this.#region = growBytes(this.#region, slots);
    const hash = new Uint32Array(slots);
    hash.set(this.#hash);
    this.#hash = hash;
  }

  #uncount(slot: number): void {
    const region = this.#region[slot];
    if (region === WINDOW) this.#window--;
    else if (region === PROBATION) this.#probation--;
    else this.#protected--;
  }

  /** TinyLFU admission: the candidate replaces the victim when it is more popular. */
  #admit(candidate: number, victim: number): boolean {
    const victimFrequency = this.#sketch.frequency(victim);
    const candidateFrequency = this.#sketch.frequency(candidate);
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
      this.#region[slot] = PROBATION;
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
      this.#region[slot] = PROBATION;
      this.#protected--;
      this.#probation++;
    }
  }

  /** With only a byte bound: the entry capacity is what the cache holds when it first has to evict. */
  #learnMaximum(): void {
    const count = this.#window + this.#probation + this.#protected;
    if (count <= this.#maximum && count * 2 >= this.#maximum) return;
    const share = this.#windowMax / this.#maximum;
    if (count > 2 * this.#maximum) this.#sketch = new FrequencySketch(count, this.#doorkeeper);
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
      this.#region[slot] = WINDOW;
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
      this.#region[slot] = PROBATION;
      this.#window--;
      this.#probation++;
      quota--;
    }
    this.#protectedMax -= quota;
    this.#windowMax += quota;
  }
}
