/**
 * Decides between the two ends of W-TinyLFU's window by running both, small
 * and sampled, beside the cache: a shadow LRU (a window of all the cache)
 * and a shadow W-TinyLFU with a fixed 1% window, fed the same sampled
 * requests, and a paired test of their hits.
 *
 * Why: the ghost climber (admission/ghost-climber.ts) moves the window one
 * entry per ghost hit, from evidence within a shallow depth of the split.
 * Where recency wins by a long way but its evidence lies far from the
 * split, that signal never adds up: on alternating sweeps (LIRS `zigzag`) a
 * 1% window rejects the sweep's tail, the tail returns only after the whole
 * reversed sweep, and the window stays at 1% while LRU hits 25% more often.
 * A shadow LRU alone is not enough either: on ARC P2 and sprite LRU leads
 * for a while at some phases, and a window grown on that evidence lost up
 * to 10 points, because nothing then measured the frequency side again.
 * With both extremes simulated the comparison is symmetric and reversible.
 *
 * - **Sampling** as in SHARDS (Waldspurger et al., FAST'15), with the
 *   ghosts' re-mixed hash: keys whose hash falls in a fraction
 *   `rate = shadow / capacity` of the hash space take part, and each shadow
 *   holds `rate × capacity` entries, so it sees the sampled keys as the
 *   full-size cache would. Below `SHADOW` entries every key takes part.
 * - **Paired test**: over the sampled requests the probe counts those where
 *   only the LRU shadow hit (`a`) and only the 1% shadow hit (`b`); the
 *   others carry no evidence. McNemar's test: LRU leads when
 *   `a − b > Z·√(a + b)` and by at least `MINIMUM_LEAD` of the requests
 *   (and symmetrically for the 1% shadow). The counts are kept with
 *   exponential forgetting, tested at the end of each epoch.
 * - **Action** (in the policy): LRU leads → the window goes `BOOST` of the
 *   way to its maximum and the ghosts may not shrink it below there; the
 *   1% side leads → the floor drops to the minimum window and the window
 *   goes `BOOST` of the way down. In between, the ghosts steer as before.
 *
 * Constants (chosen on the LIRS, web and sprite traces of ../shared/traces
 * and the failing cells of the previous default, checked on the whole grid;
 * the README's grid has the figures):
 * - `SHADOW` = 512 entries per shadow at most: two Maps, a 512-entry
 *   W-TinyLFU (its 16 KiB sketch floor) and a few KiB more, whatever the
 *   capacity (bytes per entry do not grow). A 10k-entry cache samples 5%
 *   of its requests.
 * - `EPOCH_PER_SHADOW` = 2 and `MINIMUM_EPOCH` = 256 sampled requests per
 *   test, `KEEP` = 7/8 of the evidence carried to the next epoch (a memory
 *   of about 16 shadow sizes of requests): the verdict must span a whole
 *   period of a phased workload. Without forgetting, each epoch judged one
 *   phase (zigzag's reversal, where LRU wins, then the return, where 1%
 *   wins) and the window swung at every epoch (zigzag@250: 8.3%); with
 *   KEEP = 3/4 zigzag@250 lost 2 points, 0.95 changed nothing measured.
 * - `Z` = 3: one-sided p ≈ 0.0013 per test of noise alone moving the window.
 * - `MINIMUM_LEAD` = 1% of the requests: a significant but tiny lead does
 *   not move the window.
 * - `BOOST` = 0.9: the window reaches the winner's end in one or two tests.
 *   Windows halfway hit less than either end on zigzag (50%: 6.4% at 250
 *   entries, against 9.4 at 1% and 11.9 at 99%), so 0.5 lost 2–3 points
 *   there.
 * @module
 */
import { sampleBits } from './ghost-climber.js';

/** Tuning of {@link RecencyProbe} (the defaults are explained in the module's design note). */
export interface RecencyProbeSettings {
  /** Most entries in each shadow (sets the sampling rate). @default 512 */
  shadow?: number;
  /** Standard deviations by which one shadow must lead. @default 3 */
  z?: number;
  /** Sampled requests per test, per shadow entry. @default 2 */
  epochPerShadow?: number;
  /** Fewest sampled requests per test. @default 256 */
  minimumEpoch?: number;
  /** Weight of the evidence of past epochs at each new epoch. @default 0.875 */
  keep?: number;
  /** Share of the distance to the winning end a verdict moves the window. @default 0.9 */
  boost?: number;
}

/** What the probe needs of its 1%-window shadow (a W-TinyLFU policy). */
export interface ShadowPolicy {
  onAccess(slot: number): void;
  onInsert(slot: number, hash: number): void;
  evict(): number;
}

/** Makes the 1%-window shadow for `capacity` entries, whose key hashes `hashOf` returns. */
export type ShadowFactory = (capacity: number, hashOf: (slot: number) => number) => ShadowPolicy;

const SHADOW = 512;
const EPOCH_PER_SHADOW = 2;
const MINIMUM_EPOCH = 256;
const KEEP = 0.875;
const Z = 3;
const MINIMUM_LEAD = 0.01;
const BOOST = 0.9;
/** Slots below this are the shadow policy's list sentinels. */
export const FIRST_SLOT = 4;
/** {@link RecencyProbe.record}'s verdicts: LRU leads, the 1% window leads. */
export const LRU_LEADS = 1;
export const FREQUENCY_LEADS = -1;
/** 2^32: sampling thresholds compare unsigned 32-bit values. */
const TWO_TO_32 = 0x100000000;

/** Two sampled shadows (LRU and a 1% window) and the paired test of their hits. */
export class RecencyProbe {
  /** Share of the distance to the winning end a verdict moves the window. */
  readonly boost: number;
  readonly #shadowMax: number;
  readonly #z: number;
  readonly #epochPerShadow: number;
  readonly #minimumEpoch: number;
  readonly #keep: number;
  readonly #makeShadow: ShadowFactory;
  /** The LRU shadow: Map insertion order is recency order (oldest first). */
  readonly #lru = new Map<number, true>();
  /** The 1%-window shadow, its slot per hash and hash per slot. */
  #small!: ShadowPolicy;
  readonly #smallSlot = new Map<number, number>();
  #smallHash = new Int32Array(0);
  #smallNext = FIRST_SLOT;
  /** Entries per shadow. */
  #capacity = 0;
  /** Keys whose `sampleBits` are below this take part. */
  #threshold = 0;
  #epoch = MINIMUM_EPOCH;
  #seen = 0;
  /** Requests where only the LRU shadow hit, and only the 1% one, this epoch. */
  #onlyLru = 0;
  #onlySmall = 0;
  /** The same, and the requests, with past epochs' counts weighted by `keep`. */
  #lruEvidence = 0;
  #smallEvidence = 0;
  #seenEvidence = 0;

  constructor(capacity: number, makeShadow: ShadowFactory, settings: RecencyProbeSettings = {}) {
    this.#makeShadow = makeShadow;
    this.#shadowMax = settings.shadow ?? SHADOW;
    this.#z = settings.z ?? Z;
    this.#epochPerShadow = settings.epochPerShadow ?? EPOCH_PER_SHADOW;
    this.#minimumEpoch = settings.minimumEpoch ?? MINIMUM_EPOCH;
    this.#keep = settings.keep ?? KEEP;
    this.boost = settings.boost ?? BOOST;
    this.resize(capacity);
  }

  /** Re-targets the shadows at a new capacity (they start empty). */
  resize(capacity: number): void {
    this.#capacity = Math.max(1, Math.min(capacity, this.#shadowMax));
    const rate = this.#capacity / Math.max(1, capacity);
    this.#threshold = rate >= 1 ? TWO_TO_32 : Math.floor(rate * TWO_TO_32);
    this.#epoch = Math.max(this.#minimumEpoch, this.#epochPerShadow * this.#capacity);
    this.#lru.clear();
    const hashes = new Int32Array(this.#capacity + FIRST_SLOT);
    this.#smallHash = hashes;
    this.#small = this.#makeShadow(this.#capacity, (slot) => hashes[slot]!);
    this.#smallSlot.clear();
    this.#smallNext = FIRST_SLOT;
  }

  /** Whether requests for `hash` take part (the cache marks its entry so its hits are reported). */
  sampled(hash: number): boolean {
    return sampleBits(hash) < this.#threshold;
  }

  /**
   * A sampled request for `hash` (hit or miss in the cache). At the end of
   * an epoch: {@link LRU_LEADS} or {@link FREQUENCY_LEADS} when one shadow
   * hit significantly more often than the other, else 0.
   */
  record(hash: number): number {
    const lru = this.#lru;
    const lruHit = lru.delete(hash);
    lru.set(hash, true);
    if (!lruHit && lru.size > this.#capacity) lru.delete(lru.keys().next().value!);
    const smallHit = this.#smallRequest(hash);
    if (lruHit !== smallHit) {
      if (lruHit) this.#onlyLru++;
      else this.#onlySmall++;
    }
    if (++this.#seen < this.#epoch) return 0;
    const keep = this.#keep;
    this.#lruEvidence = this.#lruEvidence * keep + this.#onlyLru;
    this.#smallEvidence = this.#smallEvidence * keep + this.#onlySmall;
    this.#seenEvidence = this.#seenEvidence * keep + this.#seen;
    this.#seen = this.#onlyLru = this.#onlySmall = 0;
    const lead = this.#lruEvidence - this.#smallEvidence;
    const bar = Math.max(this.#z * Math.sqrt(this.#lruEvidence + this.#smallEvidence), MINIMUM_LEAD * this.#seenEvidence);
    if (lead > bar) return LRU_LEADS;
    if (-lead > bar) return FREQUENCY_LEADS;
    return 0;
  }

  /** A sampled request through the 1%-window shadow: true on a hit. */
  #smallRequest(hash: number): boolean {
    const slot = this.#smallSlot.get(hash);
    if (slot !== undefined) {
      this.#small.onAccess(slot);
      return true;
    }
    let fresh: number;
    if (this.#smallNext < this.#smallHash.length) fresh = this.#smallNext++;
    else {
      fresh = this.#small.evict();
      this.#smallSlot.delete(this.#smallHash[fresh]!);
    }
    this.#smallHash[fresh] = hash;
    this.#smallSlot.set(hash, fresh);
    this.#small.onInsert(fresh, hash);
    return false;
  }
}
