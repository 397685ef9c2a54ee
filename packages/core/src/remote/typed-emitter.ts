/**
 * A small typed event emitter for remote tiers. Unlike node:events, an
 * `error` event with no listener is simply dropped: in `miss` mode errors
 * are reported, not thrown. Listener exceptions are caught so they cannot
 * break a cache operation.
 * @module
 */

/** Typed `on` / `off` / protected `emit` over the event map `Events`; `emit` never throws. */
export class TypedEmitter<Events extends { [K in keyof Events]: (...args: any[]) => void }> {
  readonly #listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events>(event: K, listener: Events[K]): () => void {
    let set = this.#listeners.get(event);
    if (set === undefined) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => this.off(event, listener);
  }

  /** Removes a listener. */
  off<K extends keyof Events>(event: K, listener: Events[K]): void {
    this.#listeners.get(event)?.delete(listener);
  }

  /** Whether anyone listens to `event`. */
  listening(event: keyof Events): boolean {
    return (this.#listeners.get(event)?.size ?? 0) > 0;
  }

  protected emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    const set = this.#listeners.get(event);
    if (set === undefined) return;
    for (const listener of set) {
      try {
        (listener as (...a: Parameters<Events[K]>) => void)(...args);
      } catch {
        // a listener's bug must not break a cache operation
      }
    }
  }

  protected removeAllListeners(): void {
    this.#listeners.clear();
  }
}
