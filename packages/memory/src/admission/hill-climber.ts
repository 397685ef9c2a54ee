/**
 * Sizes W-TinyLFU's admission window by hill climbing on the hit rate
 * (Einziger, Eytan, Friedman & Manes, "Adaptive Software Cache Management",
 * Middleware 2018, section 4.2; the constants are Caffeine's): after each
 * sample of requests, keep moving the window in the direction that raised the
 * hit rate, with a step that decays, and restart with a large step when the
 * hit rate jumps (a workload change).
 * @module
 */

/** Fraction of the capacity moved by a fresh step. */
const STEP_PERCENT = 0.0625;
/** Each step is this fraction of the previous one. */
const STEP_DECAY = 0.98;
/** A hit-rate change this large restarts with a full step. */
const RESTART_THRESHOLD = 0.05;

/** The window-size controller. */
export class HillClimber {
  #previousHitRate = 0;
  #step: number;
  #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
    this.#step = -STEP_PERCENT * capacity;
  }

  /** Re-targets the climber at a new capacity. */
  resize(capacity: number): void {
    this.#capacity = capacity;
    this.#step = -STEP_PERCENT * capacity;
  }

  /**
   * Given a finished sample (`hits` and `misses` since the last call), the
   * change of window size in entries to try next (positive grows the window).
   */
  adjustment(hits: number, misses: number): number {
    const requests = hits + misses;
    if (requests === 0) return 0;
    const hitRate = hits / requests;
    const change = hitRate - this.#previousHitRate;
    const amount = change >= 0 ? this.#step : -this.#step;
    this.#step =
      Math.abs(change) >= RESTART_THRESHOLD ? STEP_PERCENT * this.#capacity * (amount >= 0 ? 1 : -1) : STEP_DECAY * amount;
    this.#previousHitRate = hitRate;
    return Math.trunc(amount);
  }
}
