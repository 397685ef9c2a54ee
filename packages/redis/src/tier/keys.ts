/**
 * Key namespaces: every key this tier touches is `<prefix>:<key>`, and
 * clear-by-prefix scans with a MATCH pattern in which the glob characters of
 * the prefix are escaped, so a prefix can never match anyone else's keys.
 * Keys are sent as UTF-8: core's `assertKey` refuses lone surrogates (UTF-8
 * would turn them into U+FFFD and merge keys), and so do the prefix option
 * and `clearPrefix`'s argument.
 * @module
 */
import { InvalidArgumentError, isWellFormed } from '@cache/core';

/** The separator between a prefix and a key. */
export const PREFIX_SEPARATOR = ':';

const GLOB_SPECIAL = /[*?[\]\\]/g;

/**
 * Escapes the Redis glob characters `* ? [ ] \` so `pattern` matches itself
 * literally in SCAN MATCH / KEYS patterns.
 */
export function escapeGlob(pattern: string): string {
  return pattern.replace(GLOB_SPECIAL, '\\$&');
}

/** Maps user keys to Redis keys and back, under an optional prefix. */
export class KeyNamespace {
  /** The prefix as configured (empty: no namespace). */
  readonly prefix: string;
  readonly #head: string;

  constructor(prefix: string) {
    this.prefix = prefix;
    this.#head = prefix === '' ? '' : prefix + PREFIX_SEPARATOR;
  }

  /** The Redis key of `key`. */
  key(key: string): string {
    return this.#head + key;
  }

  /** The Redis keys of `keys`. */
  keys(keys: readonly string[]): string[] {
    const out = new Array<string>(keys.length);
    for (let i = 0; i < keys.length; i++) out[i] = this.#head + keys[i]!;
    return out;
  }

  /**
   * The SCAN MATCH pattern for every key of this namespace that starts with
   * `keyPrefix` (all of them when empty), with glob characters escaped.
   * @throws InvalidArgumentError when `keyPrefix` holds a lone surrogate
   */
  matchPattern(keyPrefix = ''): string {
    if (!isWellFormed(keyPrefix)) {
      throw new InvalidArgumentError('keyPrefix', 'keyPrefix must be well-formed UTF-16 (it holds a lone surrogate, which Redis would read as U+FFFD and so match other keys)');
    }
    return `${escapeGlob(this.#head + keyPrefix)}*`;
  }
}
