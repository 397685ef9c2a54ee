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
/** Tuning of {@link HillClimber}; the defaults are Caffeine's. */
export interface ClimberSettings {
  /** Fraction of the capacity moved by a fresh step. @default 0.0625 */
  stepPercent?: number;
  /** Each step is this fraction of the previous one. @default 0.98 */
  stepDecay?: number;
  /** A hit-rate change this large restarts with a full step. @default 0.05 */
  restartThreshold?: number;
  /** Direction of the first step: -1 shrinks the window first (Caffeine), 1 grows it. @default -1 */
  firstDirection?: number;
}

export class HillClimber {
  #previousHitRate = 0;
  #step: number;
  #capacity: number;
  readonly #stepPercent: number;
  readonly #decay: number;
  readonly #restart: number;
  readonly #first: number;

  constructor(capacity: number, settings: ClimberSettings = {}) {
    this.#stepPercent = settings.stepPercent ?? STEP_PERCENT;
    this.#decay = settings.stepDecay ?? STEP_DECAY;
    this.#restart = settings.restartThreshold ?? RESTART_THRESHOLD;
    this.#first = settings.firstDirection ?? -1;
    this.#capacity = capacity;
    this.#step = this.#first * this.#stepPercent * capacity;
  }

  /** Re-targets the climber at a new capacity. */
  resize(capacity: number): void {
    this.#capacity = capacity;
    this.#step = this.#first * this.#stepPercent * capacity;
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
      Math.abs(change) >= this.#restart ? this.#stepPercent * this.#capacity * (amount >= 0 ? 1 : -1) : this.#decay * amount;
    this.#previousHitRate = hitRate;
    return Math.trunc(amount);
  }
}
