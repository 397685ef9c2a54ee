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
 * 54.3%, LRU 54.2%, ARC 59.7%. A key read again while in the window now
 * outlives the keys read once since, so a burst of one-time keys passes
 * through the first part without flushing the second. Where the window is
 * a sliver of the cache (1% on frequency-heavy traces), TinyLFU's admission
 * decides what stays and the order inside the window hardly matters.
 *
 * Constants:
 * - `MINIMUM_WINDOW` = 16 entries: below it the window is one LRU (the
 *   split is off, and entries of the second part leave first, so a window
 *   that shrank below it becomes one list again). A window of a few entries
 *   is where a new key proves itself; split, the second part held the
 *   window and new keys left at the next miss: cs@250 (a 3-entry window)
 *   13.85 against 14.69 (bar 13.94), multi3@500 (5–10 entries) 42.39
 *   against 44.80, multi2@1000 −0.7 (bare-policy replays, seed 1). 16 and
 *   32 and 64 gave the same cells within 0.03 points.
 * - `GHOST_DEPTH` = 64 hashes per ghost (ARC's ghosts are as deep as its
 *   cache): like the window's own ghosts, a shallow one measures the value
 *   of the next entries at the split, where `p` moves. Full-depth ghosts
 *   (the window's size) took oltp@500 to 31.5 (bar 32.9); 32 and 128 gave
 *   orm-night@250 60.1 and 59.8, oltp@500 34.3 and 33.5. Each ghost costs
 *   at most a few KiB, whatever the capacity.
 * - A key whose ghost it hit enters the window's first part, like any
 *   other new key (ARC puts it in T2): entering the second part directly
 *   cost oltp@500 2.6 points with full-depth ghosts and orm-night@100 1.1
 *   with shallow ones, for 0.2 more on orm-night@250.
 *
 * Measured (`pnpm bench:traces`, 5 seeds, all 57 cells): orm-night@250
 * 54.29 → 59.8 (bar 58.66); see the memory README for the grid.
 * @module
 */
import { Ghost } from './ghost.js';

const MINIMUM_WINDOW = 16;
const GHOST_DEPTH = 64;

/** ARC's order inside W-TinyLFU's window: the target of its first part and the ghosts that move it. */
export class WindowSplit {
  /** Candidates that left the first part (not hit in the window) and were not admitted. */
  readonly #first = new Ghost();
  /** Candidates that left the second part (hit in the window) and were not admitted. */
  readonly #second = new Ghost();
  /** ARC's `p`: the first part's target size, in entries. */
  #target = 0;

  /** Whether a window of `windowMax` entries is split (else it is one LRU). */
  static splits(windowMax: number): boolean {
    return windowMax >= MINIMUM_WINDOW;
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
    if (first === 0 || windowMax < MINIMUM_WINDOW) return true;
    return first <= Math.min(this.#target, windowMax);
  }

  /** A candidate left the window and was not admitted to main. */
  left(hash: number, fromSecond: boolean, windowMax: number): void {
    if (windowMax < MINIMUM_WINDOW) return;
    (fromSecond ? this.#second : this.#first).add(hash, Math.min(GHOST_DEPTH, windowMax));
  }

  /** A miss on `hash`: ARC's adaptation of the target when it is a ghost's. */
  missed(hash: number, windowMax: number): void {
    if (windowMax < MINIMUM_WINDOW) return;
    const first = this.#first;
    const second = this.#second;
    // ARC's steps, max(1, |B2| / |B1|) and max(1, |B1| / |B2|), with the sizes before the hit was taken.
    if (first.size > 0 && first.take(hash)) this.#target = Math.min(windowMax, this.#target + Math.max(1, second.size / (first.size + 1)));
    else if (second.size > 0 && second.take(hash)) this.#target = Math.max(0, this.#target - Math.max(1, first.size / (second.size + 1)));
  }

  /** Forgets the ghosts and the target (the cache was cleared). */
  clear(): void {
    this.#first.clear();
    this.#second.clear();
    this.#target = 0;
  }
}
