/**
 * Key and value validation shared by every tier: keys are non-empty strings,
 * `undefined` is not a value, `null` is.
 * @module
 */
import { describe, parseDuration } from './duration.js';
import { InvalidArgumentError } from './errors.js';

/** Throws InvalidArgumentError unless `key` is a non-empty string. */
export function assertKey(key: unknown, tier?: string): asserts key is string {
  if (typeof key !== 'string') {
    throw new InvalidArgumentError('key', `key must be a string (got ${describe(key)}); convert it with String() before calling`, { tier });
  }
  if (key.length === 0) {
    throw new InvalidArgumentError('key', 'key must not be empty', { tier });
  }
}

/** Throws InvalidArgumentError unless `keys` is an array of valid keys. */
export function assertKeys(keys: unknown, tier?: string): asserts keys is readonly string[] {
  if (!Array.isArray(keys)) {
    throw new InvalidArgumentError('keys', `keys must be an array of strings (got ${describe(keys)})`, { tier });
  }
  for (const key of keys) assertKey(key, tier);
}

/** Throws InvalidArgumentError when `value` is `undefined` (use `null` for "known to be absent"). */
export function assertValue(value: unknown, key?: string, tier?: string): void {
  if (value === undefined) {
    throw new InvalidArgumentError('value', 'value must not be undefined; store null to cache "not found", or call delete() to remove the key', { key, tier });
  }
}

/**
 * Validates a per-call ttl: undefined means "the tier's default"; otherwise a
 * positive duration, or `Infinity` for "never expires".
 * @returns milliseconds, or undefined when `ttl` is undefined
 */
export function parseTtl(ttl: unknown, name = 'ttl'): number | undefined {
  if (ttl === undefined) return undefined;
  return parseDuration(ttl, name, { allowZero: false, allowInfinity: true, kind: 'argument' });
}
