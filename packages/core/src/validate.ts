/**
 * Key and value validation shared by every tier: keys are non-empty,
 * well-formed strings, `undefined` is not a value, `null` is.
 *
 * Well-formed (no lone UTF-16 surrogate) because a key must name one entry
 * in every tier: Redis and Memcached keys are bytes, and UTF-8 encoding
 * turns every lone surrogate into U+FFFD, so `'a\uD800'` and `'a\uDBFF'`
 * would share one remote entry while an in-process tier kept them apart.
 * Rejecting them at the call is one contract for every tier; an escaping
 * scheme would change the stored form of ordinary keys that other programs
 * read.
 * @module
 */
import { assertCallOptions, SET_OPTIONS } from './call-options.js';
import { describeValue, messageOf } from './describe-value.js';
import { parseDuration } from './duration.js';
import { InvalidArgumentError } from './errors.js';
import { distance } from './options.js';

/**
 * Throws InvalidArgumentError unless `key` is a non-empty, well-formed string
 * (no lone surrogate: see the module note).
 */
export function assertKey(key: unknown, tier?: string): asserts key is string {
  if (typeof key !== 'string') {
    throw new InvalidArgumentError('key', `key must be a string (got ${describeValue(key)}); convert it with String() before calling`, { tier });
  }
  if (key.length === 0) {
    throw new InvalidArgumentError('key', 'key must not be empty', { tier });
  }
  if (!isWellFormed(key)) {
    throw new InvalidArgumentError(
      'key',
      `key must be well-formed UTF-16 (it holds a lone surrogate at index ${loneSurrogateAt(key)}, which remote tiers cannot store apart from U+FFFD); build keys from whole characters or encode binary ids (hex, base64url)`,
      { tier },
    );
  }
}

/**
 * Whether `text` holds no lone surrogate (`String.prototype.isWellFormed`,
 * Node 20+; free for one-byte strings). Tiers that check keys inline call it
 * after their own type and length test.
 *
 * It leaves `text` as V8 built it: V8 checks a two-byte string by first
 * flattening it, in place, and a key built by concatenation (a cons string,
 * from 13 units on) that was flattened in place is slower to find in a
 * `Map` ever after (see `@cache/memory`'s `key-index.ts`). From 13 units it
 * checks `text + '\u0000'` instead, a new cons string over `text` that is
 * flattened in its place; appending U+0000 never pairs with a surrogate, so
 * the answer is the same. Measured (`@cache/memory`, default policy, 100k
 * ~45-unit keys with two units above U+00FF, the same key objects read
 * again, pinned, three interleaved runs): 102–109 ns per read when the
 * key was checked in place, 70–75 from the copy (lru-cache: 67–73).
 */
export function isWellFormed(text: string): boolean {
  return ((text.length < 13 ? text : text + '\u0000') as string & { isWellFormed(): boolean }).isWellFormed();
}

function loneSurrogateAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (unit >= 0xd800 && unit <= 0xdfff) return i;
  }
  return -1;
}

/** Throws InvalidArgumentError unless `keys` is an array of valid keys. */
export function assertKeys(keys: unknown, tier?: string): asserts keys is readonly string[] {
  if (!Array.isArray(keys)) {
    throw new InvalidArgumentError('keys', `keys must be an array of strings (got ${describeValue(keys)})`, { tier });
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
 * The ttl of a per-call options object (`set(key, value, options)`,
 * `setMany(entries, options)`), validated like {@link parseTtl}. `options`
 * must be undefined or an object: a bare number (`set(key, value, 60_000)`,
 * as other cache libraries take it) would otherwise be ignored and the entry
 * would never expire. Every name in it must be one of `names`
 * ({@link assertCallOptions}: `{ tll: 5000 }` is refused, not stored
 * forever). Reads `options.ttl` once; a getter or Proxy that throws is
 * reported as an InvalidArgumentError naming it (the error as `cause`).
 * @param method the public method, for messages (`set`, `setMany`)
 * @param names the options `method` takes; a tier whose writes take more than core's `ttl` passes its own
 * @returns milliseconds, or undefined when there is no ttl (the tier's default applies)
 */
export function ttlOf(options: unknown, method = 'set', names: readonly string[] = SET_OPTIONS): number | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('options', `options must be an object such as { ttl: '5m' } (got ${describeValue(options)}); pass the ttl as { ttl: ${describeValue(options)} }, or leave options out for the default ttl`);
  }
  assertCallOptions(options, names, method);
  let ttl: unknown;
  try {
    ttl = (options as { ttl?: unknown }).ttl;
  } catch (cause) {
    throw new InvalidArgumentError('options.ttl', `reading options.ttl threw (${messageOf(cause)}); pass a plain object such as { ttl: '5m' }`, { cause });
  }
  return parseTtl(ttl, 'ttl');
}

/**
 * Reads one entry of a batch write once (`key`, `value`, `ttl`), so a getter
 * or Proxy that throws is reported as an InvalidArgumentError naming
 * `entries[index]` (the error as `cause`), and checks its key and value.
 * Other fields are allowed, except, on an entry without `ttl`, one that
 * reads as its lifetime (`tll`, `TTL`, `expiresIn`...: see
 * assertNoLifetimeLookalike). The ttl is returned as given: the caller parses it with its own default.
 */
export function readEntry<V>(entry: unknown, index: number, tier?: string): { key: string; value: V; ttl: unknown } {
  if (typeof entry !== 'object' || entry === null) {
    throw new InvalidArgumentError('entries', `entries[${index}] must be an object { key, value, ttl? } (got ${describeValue(entry)})`, { tier });
  }
  let key: unknown;
  let value: unknown;
  let ttl: unknown;
  try {
    ({ key, value, ttl } = entry as { key: unknown; value: unknown; ttl?: unknown });
  } catch (cause) {
    throw new InvalidArgumentError('entries', `entries[${index}] could not be read (${messageOf(cause)}); pass plain objects { key, value, ttl? }`, { tier, cause });
  }
  assertKey(key, tier);
  assertValue(value, key, tier);
  if (ttl === undefined) assertNoLifetimeLookalike(entry, index, tier);
  return { key, value: value as V, ttl };
}

/**
 * An entry without `ttl` may carry other fields (callers pass their own
 * records), but not one that reads as the entry's lifetime: a misspelt or
 * differently cased `ttl` (`tll`, `TTL`, `ttlMs`) or another library's name
 * for it (`expires`, `expiresIn`, `maxAge`). The entry would otherwise be
 * stored with the default lifetime (often: forever) and nothing said.
 */
function assertNoLifetimeLookalike(entry: object, index: number, tier: string | undefined): void {
  let name: string | undefined;
  try {
    for (const field in entry) {
      if (Object.hasOwn(entry, field) && looksLikeLifetime(field)) {
        name = field;
        break;
      }
    }
  } catch {
    return; // an entry whose fields cannot be listed was read above: key, value and ttl are all it needs
  }
  if (name === undefined) return;
  throw new InvalidArgumentError(
    `entries[${index}].${name}`,
    `entries[${index}] has '${name}' and no 'ttl': an entry's lifetime is read from 'ttl' only (a duration such as 60_000 or '1m'); rename the field, or drop it to use the default ttl`,
    { tier },
  );
}

/** Whether a field name (other than `key`, `value`, `ttl`) reads as an entry's lifetime; see assertNoLifetimeLookalike. */
function looksLikeLifetime(field: string): boolean {
  if (field === 'ttl' || field === 'key' || field === 'value') return false;
  const lower = field.toLowerCase();
  if (lower.includes('ttl') || lower.startsWith('expir') || lower === 'maxage' || lower === 'timetolive') return true;
  return lower.length <= 4 && distance(lower, 'ttl') <= 1;
}

/**
 * Validates a per-call ttl: undefined means "the tier's default"; otherwise a
 * positive duration up to `MAX_DURATION`, or `Infinity` for "never expires".
 * @returns milliseconds, or undefined when `ttl` is undefined
 */
export function parseTtl(ttl: unknown, name = 'ttl'): number | undefined {
  if (ttl === undefined) return undefined;
  return parseDuration(ttl, name, { allowZero: false, allowInfinity: true, kind: 'argument' });
}
