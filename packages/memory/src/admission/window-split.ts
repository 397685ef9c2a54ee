/**
 * Orders W-TinyLFU's **window** as ARC orders a cache (Megiddo & Modha,
 * "ARC: A Self-Tuning, Low Overhead Replacement Cache", FAST'03): the window
 * holds two LRU parts, entries not hit since they entered it (ARC's T1) and
 * entries hit in it (T2); the next candidate to leave the window comes from
 * the first part while it holds more than a target `p`, else from the
 * second, and `p` follows two ghosts of candidates that left without being
 * admitted to main: a miss on one that left the first part raises `p`
 * (ARC's B1 rule), on one that left the second lowers it (B2). This class
 * holds `p` and the ghosts; policy/w-tinylfu.ts keeps the two lists.
 *
 * Why. On a recency-heavy trace the window's ghosts (admission/ghost-climber.ts)
 * grow the window to most of the cache, and W-TinyLFU then was an LRU: on
 * cache2k's orm-night at 250 entries (window 80–99% of the cache) it hit
 * 54.3%, LRU 54.2%, ARC 59.7%; no window size and no admission rule tried
 * in seven sessions came within a point of ARC there (ghost-climber.ts'
 * design note). Split, a key read again while in the window outlives the
 * keys read once since, so a run of one-time keys passes through the first
 * part without flushing the second, and ARC's `p` decides how much room
 * the once-read keys get. Where the window is a small share of the cache
 * (frequency-heavy traces), TinyLFU's admission decides what stays, and the
 * window stays one LRU.
 *
 * Constants:
 * - `MINIMUM_SHARE` = 1/4 and `MINIMUM_WINDOW` = 16 entries: the window is
 *   split only while it holds at least a quarter of the capacity and at
 *   least 16 entries; below, it is one LRU (entries of the second part
 *   leave first, so a window that shrank becomes one list again). A window
 *   of a few entries is where a new key proves itself: split from any size,
 *   its second part held the window and new keys left at the next miss
 *   (cs@250, a 3-entry window, 13.85 against 14.69, bar 13.94; multi3@500,
 *   5–10 entries, 42.39 against 45.29; bare-policy replays, seed 1). With 16 entries as
 *   the only bound all 57 cells passed too, and with 1/16 of the capacity
 *   (sum of the 57 means +0.06 against 1/4), but uniform writes at 10k
 *   entries settle the window at 7–13% of the cache, where the split ran
 *   its ghosts on every miss for nothing: +295 instructions per operation
 *   of the bare policy (cachegrind, 4M uniform operations over twice the
 *   capacity; sampling the ghosts at 1/4 saved half of it). At 1/4: +25.
 * - `GHOST_DEPTH` = 64 hashes per ghost (ARC's ghosts are as deep as its
 *   cache): like the window's own ghosts, a shallow one measures the value
 *   of the entries next to the split, where `p` moves. Ghosts as deep as the
 *   window (ARC's own) gave orm-night@100 / 250 45.48 / 59.57 against
 *   46.19 / 59.76, and with ghost hits entering the second part (next
 *   item) oltp@500 31.5 (bar 32.9); 32 and 128 gave orm-night@250 60.1 and
 *   59.8, oltp@500 34.3 and 33.5 (seed 1, bare-policy replays, split from
 *   16 entries). They would also grow with the window, up to 20–40 bytes
 *   per entry of a cache whose window is most of it; at 64 each ghost costs
 *   a few KiB whatever the capacity.
 * - `GHOST_SHARE` = 1/4 (fourteenth session): a ghost of 64 candidates
 *   serves a window of a few hundred entries, but a window of 200,000 moves
 *   its target by at most one entry per candidate that returns within 64
 *   departures, so `p` stayed near 0 and the split was a scan filter in
 *   front of main: ARC P6 at 200,000 entries with the window fixed at 99%
 *   hit 61.06% where LRU hits 79.15% and ARC 79.35%. Each ghost now covers a
 *   quarter of the window (at least 64 candidates; up to a window of 256
 *   nothing changes); beyond 64, the ghosts keep a spatial sample of the
 *   candidates (`sampling.ts`, 64 per ghost, as the window's ghosts do)
 *   and each hit moves `p` by `depth / 64` of ARC's steps. The same 99%
 *   window then hits 79.71%; covering 1/8 of the window gave 69.51, the
 *   whole window 79.24. The default policy reaches such windows on oltp at
 *   8,000 entries (window 77% of the cache): 58.47 → 60.40% (seed 1; LRU
 *   58.65, ARC 59.40, S3-FIFO 60.21). `pnpm bench:traces` (5 seeds): 57 of
 *   57 cells, sum of the means −0.15 (orm-night@625 −0.10, oltp@1000
 *   −0.05); covering 1/8 gave −0.08, 1/2 gave −0.68, the whole window
 *   failed orm-night@625 (63.50).
 * - A key whose ghost it hit enters the window's first part, like any
 *   other new key (ARC puts it in T2): entering the second part directly
 *   cost oltp@500 2.6 points with deep ghosts and orm-night@100 1.1 with
 *   shallow ones, for 0.3 more on orm-night@250.
 *
 * Measured (`pnpm bench:traces`, 5 seeds, all 57 cells, against the same
 * policy with one LRU window): 57 of 57 cells pass instead of 56;
 * orm-night 45.91 / 54.29 / 63.68 → 46.20 / 59.75 / 65.06 at 100 / 250 /
 * 625 entries (ARC 45.46 / 59.66 / 64.58); the sum of the 57 means +7.1
 * points; the largest loss web12@100 −0.17 (2.3 above its bar). Reads pay
 * one more compare on a window hit; `bench:memory`'s scenarios keep a
 * window of 1–13%, where the split is off.
 * @module
 */
import { Ghost } from './ghost.js';
import { sampleBits, sampleThreshold } from './sampling.js';

const MINIMUM_WINDOW = 16;
const MINIMUM_SHARE = 1 / 4;
const GHOST_DEPTH = 64;
const GHOST_SHARE = 1 / 4;
/** The ghosts' sampling multiplier (see sampling.ts; independent of the window's ghosts and the tie judge). */
const SAMPLE_MIX = 0x5bd1e995;

/** ARC's order inside W-TinyLFU's window: the target of its first part and the ghosts that move it. */
export class WindowSplit {
  /** Candidates that left the first part (not hit in the window) and were not admitted. */
  readonly #first = new Ghost();
  /** Candidates that left the second part (hit in the window) and were not admitted. */
  readonly #second = new Ghost();
  /** ARC's `p`: the first part's target size, in entries. */
  #target = 0;
  /** The smallest window that is split. */
  #from = MINIMUM_WINDOW;
  /** The window size the sampling below was set for. */
  #sampledFor = 0;
  /** Keys whose `sampleBits` are below this take part in the ghosts. */
  #threshold = sampleThreshold(1);
  /** Window entries one ghost hit stands for (1 while every key takes part). */
  #weight = 1;

  constructor(capacity: number) {
    this.resize(capacity);
  }

  /** Re-targets the split at a new capacity. */
  resize(capacity: number): void {
    this.#from = Math.max(MINIMUM_WINDOW, Math.ceil(MINIMUM_SHARE * capacity));
  }

  /** The smallest window (in entries) that is split; a smaller one is one LRU. */
  get from(): number {
    return this.#from;
  }

  /** The first part's target (for tests and tuning). */
  get target(): number {
    return this.#target;
  }

  /**
   * Whether the next candidate comes from the second part, given the two
   * parts' sizes (not both 0): ARC's REPLACE, or, below the split's
   * minimum, the second part first until it is empty.
   */
  fromSecond(first: number, second: number, windowMax: number): boolean {
    if (second === 0) return false;
    if (first === 0 || windowMax < this.#from) return true;
    return first <= Math.min(this.#target, windowMax);
  }

  /** A candidate left the window and was not admitted to main. */
  left(hash: number, fromSecond: boolean, windowMax: number): void {
    if (windowMax < this.#from || !this.#sampled(hash, windowMax)) return;
    (fromSecond ? this.#second : this.#first).add(hash, Math.min(GHOST_DEPTH, windowMax));
  }

  /**
   * Whether `hash` takes part in the ghosts of a window of `windowMax`
   * entries: each ghost covers `GHOST_SHARE` of the window, at least
   * `GHOST_DEPTH` candidates; beyond that depth a sample of the keys (a
   * fraction `GHOST_DEPTH / depth`) takes part and each hit weighs
   * `depth / GHOST_DEPTH`.
   */
  #sampled(hash: number, windowMax: number): boolean {
    if (windowMax !== this.#sampledFor) {
      this.#sampledFor = windowMax;
      const depth = Math.max(GHOST_DEPTH, GHOST_SHARE * windowMax);
      this.#weight = depth / GHOST_DEPTH;
      this.#threshold = sampleThreshold(GHOST_DEPTH / depth);
    }
    return sampleBits(hash, SAMPLE_MIX) < this.#threshold;
  }

  /** A miss on `hash`: ARC's adaptation of the target when it is a ghost's. */
  missed(hash: number, windowMax: number): void {
    if (windowMax < this.#from || !this.#sampled(hash, windowMax)) return;
    const first = this.#first;
    const second = this.#second;
    // ARC's steps, max(1, |B2| / |B1|) and max(1, |B1| / |B2|), with the sizes before the hit was taken; a sampled hit weighs more.
    const weight = this.#weight;
    if (first.size > 0 && first.take(hash)) this.#target = Math.min(windowMax, this.#target + weight * Math.max(1, second.size / (first.size + 1)));
    else if (second.size > 0 && second.take(hash)) this.#target = Math.max(0, this.#target - weight * Math.max(1, first.size / (second.size + 1)));
  }

  /** Forgets the ghosts and the target (the cache was cleared). */
  clear(): void {
    this.#first.clear();
    this.#second.clear();
    this.#target = 0;
  }
}
