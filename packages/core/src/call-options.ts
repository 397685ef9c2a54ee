/**
 * Unknown per-call options: `set('k', v, { tll: 5000 })` would otherwise
 * store the entry with the default TTL (forever, for a cache without
 * `defaultTtl`) and say nothing. Every public method of the @cache packages
 * that takes an options object checks it here before it reads anything, so
 * a misspelt name is an `InvalidArgumentError` naming the method, the
 * option and the closest valid one, and the call changes nothing.
 *
 * Cost: calls without options do not get here. With options, one `for…in`
 * over the object (V8 walks the shape's enum cache) and, per name found, a
 * linear scan of the method's few names by `===` (property names are
 * internalized strings: a pointer compare); measured faster than a `Set` or
 * a lookup object for the one to five names a method takes.
 * @module
 */
import { describeValue, messageOf } from './describe-value.js';
import { InvalidArgumentError } from './errors.js';
import { closestOption } from './options.js';
import type { SetOptions } from './tier.js';

/**
 * The names of a per-call options interface, checked by the compiler both
 * ways: every option of `T` must be listed (so a new field cannot be
 * forgotten and then refused at run time) and nothing else may be.
 *
 * ```ts
 * const SET_OPTIONS = callOptionNames<SetOptions>({ ttl: true });
 * ```
 */
export function callOptionNames<T extends object>(names: { readonly [K in keyof Required<T>]: true }): readonly string[] {
  return Object.keys(names); // not frozen: V8 scans frozen arrays 2-3x slower (measured)
}

/** The options of core's `set` and `setMany` ({@link SetOptions}). */
export const SET_OPTIONS = callOptionNames<SetOptions>({ ttl: true });

/**
 * Throws `InvalidArgumentError` when `options` has an enumerable property
 * (own or inherited: anything a read of `options.x` could pick up, except
 * what a polluted `Object.prototype` adds to every object) whose name is not
 * in `names`, e.g. `set(): unknown option 'tll' — did you mean
 * 'ttl'?`; the error's `argument` is that name. Options whose names cannot
 * be listed (a Proxy whose traps throw) are refused naming `options`, with
 * the original error as `cause`. Reads no values (no getter runs).
 * @param method the public method, for the message (e.g. `set`, `getOrSet`)
 * @param names what `method` takes: from {@link callOptionNames}
 */
export function assertCallOptions(options: object, names: readonly string[], method: string): void {
  let unknown: string | undefined;
  try {
    for (const name in options) {
      if (!includes(names, name) && !polluted(options, name)) {
        unknown = name;
        break;
      }
    }
  } catch (cause) {
    throw new InvalidArgumentError('options', `${method}() could not list the names of its options (${messageOf(cause)}); pass a plain object such as { ${names[0]}: … }`, { cause });
  }
  if (unknown !== undefined) throw unknownOption(unknown, names, method);
}

/**
 * Whether `name` reached `options` only through an enumerable property
 * someone added to `Object.prototype` (a polluted environment): that is not
 * the caller's option, and refusing it would fail every call with options.
 * Runs only for a name the method does not take.
 */
function polluted(options: object, name: string): boolean {
  return !Object.prototype.hasOwnProperty.call(options, name) && Object.prototype.propertyIsEnumerable.call(Object.prototype, name);
}

/** `names.includes(name)` without the generic path: a handful of pointer compares. */
function includes(names: readonly string[], name: string): boolean {
  for (let i = 0; i < names.length; i++) if (names[i] === name) return true;
  return false;
}

function unknownOption(name: string, names: readonly string[], method: string): InvalidArgumentError {
  const closest = closestOption(name, names);
  const list = names.join(', ');
  const message =
    closest === undefined
      ? `${method}(): unknown option ${quote(name)}; use only the options of ${method}(): ${list}`
      : `${method}(): unknown option ${quote(name)} — did you mean ${quote(closest)}? The options of ${method}() are: ${list}`;
  return new InvalidArgumentError(name, message);
}

/** `'tll'` for a plain name, else the name as {@link describeValue} shows it (escaped, cut at 40 characters). */
function quote(name: string): string {
  return /^[\w$]{1,40}$/.test(name) ? `'${name}'` : describeValue(name);
}
