/**
 * A built-in load generator, so the dashboard has something to show: reads
 * of Zipf-distributed ids (a few hot users and products, a long tail) at a
 * target rate, issued in ticks of 100 ms by one unref'd timer.
 * @module
 */
import { SkewedIds } from './skewed-ids.js';

/** Settings of {@link LoadGenerator}. */
export interface LoadOptions {
  /** Reads per second. @default 200 */
  rate?: number;
  /** Distinct ids drawn from. @default 5000 */
  ids?: number;
  /** Zipf skew. @default 0.9 */
  exponent?: number;
  /** Seed of the id stream. @default 42 */
  seed?: number;
}

/** Reads issued, and how they ended. */
export interface LoadCounters {
  issued: number;
  succeeded: number;
  failed: number;
}

const TICK_MS = 100;

/** Calls `read(id)` `rate` times a second until stopped. */
export class LoadGenerator {
  readonly #read: (id: number) => Promise<unknown>;
  readonly #ids: SkewedIds;
  #rate: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #carry = 0;
  readonly counters: LoadCounters = { issued: 0, succeeded: 0, failed: 0 };

  constructor(read: (id: number) => Promise<unknown>, options: LoadOptions = {}) {
    this.#read = read;
    this.#rate = checkRate(options.rate ?? 200);
    this.#ids = new SkewedIds(options.ids ?? 5000, options.exponent ?? 0.9, options.seed ?? 42);
  }

  /** Reads per second. */
  get rate(): number {
    return this.#rate;
  }

  /** Whether it is running. */
  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** Starts (or re-targets) the load at `rate` reads per second; 0 stops it. */
  start(rate = this.#rate): void {
    this.#rate = checkRate(rate);
    if (this.#rate === 0) return this.stop();
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
    this.#timer.unref();
  }

  /** Stops issuing reads (reads in flight finish). */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #tick(): void {
    this.#carry += (this.#rate * TICK_MS) / 1000;
    const count = Math.floor(this.#carry);
    this.#carry -= count;
    for (let i = 0; i < count; i++) {
      this.counters.issued++;
      this.#read(this.#ids.next()).then(
        () => this.counters.succeeded++,
        () => this.counters.failed++,
      );
    }
  }
}

function checkRate(rate: number): number {
  if (!Number.isFinite(rate) || rate < 0 || rate > 100_000) throw new RangeError(`load rate must be between 0 and 100000 reads per second (got ${rate})`);
  return rate;
}
