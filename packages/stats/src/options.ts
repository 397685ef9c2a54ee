/**
 * Options of the stats entry points: an object (or nothing) whose every
 * option is known and readable, checked once at the entry with core's
 * `assertKnownOptions` (a misspelt `timeevery` would otherwise be ignored).
 * @module
 */
import { InvalidOptionError, assertKnownOptions, describeValue } from '@cache/core';

/**
 * Throws InvalidOptionError unless `options` is an object whose own options
 * are all in `known` and readable (no getter or Proxy trap that throws).
 * @param what the entry point, for messages (e.g. `Histogram`)
 */
export function checkOptions(options: unknown, known: ReadonlySet<string>, what: string): void {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('options', `${what} options must be an object (got ${describeValue(options)}); pass e.g. {} or leave them out`);
  }
  assertKnownOptions(options, known, what);
}
