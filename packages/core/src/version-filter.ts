/**
 * Message ordering for invalidation buses, in one place every bus uses.
 *
 * Every bus message carries a version from a {@link VersionClock}. Per
 * namespace, a bus keeps one `VersionFilter`: it remembers the newest
 * version applied for each key (bounded: the least recently written key is
 * forgotten first) and for `clear`, and tells the bus which keys of a
 * message are older than what was applied, so a late message cannot undo a
 * newer write. A bus runs what it publishes through the same filter (a late
 * remote message must not undo a newer local write either), and what
 * arrives before handing it to its handlers.
 *
 * Only writes (origin `'write'`) are remembered. A change of the cache's
 * own (origin `'cache'`: a loaded value stored, a removal) is filtered like
 * any message but leaves no version behind: it reflects what a loader read,
 * which may be older than a write whose message is still on its way, and
 * that message must still arrive (the receiver may have to remove a loaded
 * value the write overtook; see `@cache/multilevel`).
 * @module
 */
import type { InvalidationKind, InvalidationOrigin } from './bus.js';

/** Default number of key versions a {@link VersionFilter} remembers. */
export const DEFAULT_MAX_TRACKED_KEYS = 10_000;

/** The newest versions applied in one namespace; decides which keys of a message are fresh. */
export class VersionFilter {
  readonly #keyVersions = new Map<string, number>();
  readonly #maxTrackedKeys: number;
  #clearVersion = 0;

  /**
   * @param maxTrackedKeys key versions remembered; past that, the least
   * recently written key is forgotten (a message older than a forgotten
   * version, but newer than the last clear, is then applied).
   */
  constructor(maxTrackedKeys: number = DEFAULT_MAX_TRACKED_KEYS) {
    this.#maxTrackedKeys = maxTrackedKeys;
  }

  /** Version of the newest clear applied (0: none). */
  get clearVersion(): number {
    return this.#clearVersion;
  }

  /** Key versions remembered now (at most `maxTrackedKeys`). */
  get trackedKeys(): number {
    return this.#keyVersions.size;
  }

  /**
   * Records `version` for the keys (or the whole namespace, for `clear`;
   * nothing for origin `'cache'`, see the module note) and returns the keys that are not stale (`[]` for a fresh clear), or
   * undefined when the whole message is stale: older than the newest clear,
   * or every key older than the version applied for it.
   */
  apply(version: number, kind: InvalidationKind, keys: readonly string[], origin: InvalidationOrigin = 'write'): readonly string[] | undefined {
    if (version < this.#clearVersion) return undefined;
    const remember = origin !== 'cache';
    if (kind === 'clear') {
      if (!remember) return [];
      this.#clearVersion = version;
      for (const [key, v] of this.#keyVersions) if (v <= version) this.#keyVersions.delete(key);
      return [];
    }
    const fresh: string[] = [];
    for (const key of keys) {
      const seen = this.#keyVersions.get(key);
      if (seen !== undefined && version < seen) continue;
      fresh.push(key);
      if (!remember) continue;
      this.#keyVersions.delete(key); // re-insert: the Map's order is the order of writes
      this.#keyVersions.set(key, version);
    }
    while (this.#keyVersions.size > this.#maxTrackedKeys) {
      this.#keyVersions.delete(this.#keyVersions.keys().next().value as string);
    }
    return fresh.length === 0 && keys.length > 0 ? undefined : fresh;
  }
}
