/**
 * Single flight: at most one load per key per instance. Callers that arrive
 * while a load runs share its outcome instead of starting another.
 * @module
 */

/**
 * In-flight work per key. The work may answer its callers early (a stale
 * value after the soft timeout) and keep running; the key stays "in flight"
 * until the work settles, so callers arriving meanwhile get that early
 * answer instead of starting a second load.
 */
export class SingleFlight<V> {
  readonly #flights = new Map<string, Promise<V>>();
  /** How each flight's callers are failed early (see `rejectAll`). */
  readonly #rejects = new Map<string, (error: unknown) => void>();

  /** Keys with work in flight. */
  get size(): number {
    return this.#flights.size;
  }

  /** The shared outcome of the work in flight for `key`, if any. */
  get(key: string): Promise<V> | undefined {
    return this.#flights.get(key);
  }

  /**
   * Starts `work` for `key` and returns the outcome every caller shares: the
   * first of `answer(value)` (called by the work) and the work's own result.
   */
  start(key: string, work: (answer: (value: V) => void) => Promise<V>): Promise<V> {
    let resolve!: (value: V) => void;
    let reject!: (error: unknown) => void;
    const outcome = new Promise<V>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.#flights.set(key, outcome);
    this.#rejects.set(key, reject);
    const done = () => {
      if (this.#flights.get(key) !== outcome) return;
      this.#flights.delete(key);
      this.#rejects.delete(key);
    };
    let running: Promise<V>;
    try {
      running = work(resolve);
    } catch (error) {
      running = Promise.reject(error); // eslint-disable-line @typescript-eslint/prefer-promise-reject-errors
    }
    running.then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        reject(error);
      },
    );
    return outcome;
  }

  /**
   * Settles every flight's callers with `error` now (`close()`), whatever
   * their work does later; the keys are free again.
   */
  rejectAll(error: unknown): void {
    const rejects = [...this.#rejects.values()];
    this.#flights.clear();
    this.#rejects.clear();
    for (const reject of rejects) reject(error);
  }
}
