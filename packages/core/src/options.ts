/**
 * Unknown options: every constructor of the @cache packages refuses an
 * option it does not know (in JavaScript a misspelt `ttl` for `defaultTtl`
 * would otherwise be ignored and the entries would never expire), naming the
 * closest valid one.
 * @module
 */
import { describeValue, messageOf } from './describe-value.js';
import { InvalidArgumentError, InvalidOptionError } from './errors.js';

/** Edit distance between two option names (Levenshtein, case-insensitive), capped work: names are short. @internal */
export function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length]!;
}

/**
 * The known name closest to `name`: the one that contains it or is contained
 * in it (`ttl` → `defaultTtl`), else the nearest by edit distance when it is
 * near enough to be a typo; undefined when none is.
 */
export function closestOption(name: string, known: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of known) {
    const c = candidate.toLowerCase();
    const score = c === lower ? 0 : c.includes(lower) || lower.includes(c) ? 0.5 : distance(lower, c);
    if (score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return bestScore <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * Throws `InvalidOptionError` when `options` is not an object, for the
 * first own key of `options` that is not in `known`, naming the closest valid option and listing them all, and for
 * an option whose getter throws (or options that are a Proxy whose traps
 * throw), so a constructor never fails with the raw error of a hostile
 * options object.
 * @param what what the options configure, for the message (e.g. `MemoryCache`)
 * @param prefix prepended to the option's name in the error (e.g. `levels[0].`)
 */
export function assertKnownOptions(options: unknown, known: ReadonlySet<string>, what: string, prefix = ''): void {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError(`${prefix}options`, `${what} options must be an object (got ${describeValue(options)}); pass e.g. {} or leave them out`);
  }
  const keys = assertReadableOptions(options, what, prefix);
  for (const key of keys) {
    if (known.has(key)) continue;
    const closest = closestOption(key, known);
    const hint = closest === undefined ? '' : ` (did you mean ${JSON.stringify(closest)}?)`;
    throw new InvalidOptionError(`${prefix}${key}`, `unknown ${what} option ${JSON.stringify(key)}${hint}; the options are: ${[...known].join(', ')}`);
  }
}

/**
 * Reads every own option of `options` once, so an options object that
 * throws when read (a getter that throws, a Proxy whose traps throw) is
 * reported as an error naming the option (`options` when its keys cannot
 * be listed), with the original error as `cause`, before any code reads it.
 * @param kind `option` (InvalidOptionError, for constructors) or `argument`
 *   (InvalidArgumentError, for per-call options)
 * @returns the own enumerable keys
 */
export function assertReadableOptions(options: object, what: string, prefix = '', kind: 'option' | 'argument' = 'option'): string[] {
  const fail = (name: string, message: string, cause: unknown): never => {
    throw kind === 'option' ? new InvalidOptionError(name, message, { cause }) : new InvalidArgumentError(name, message, { cause });
  };
  let keys: string[] = [];
  try {
    keys = Object.keys(options);
  } catch (cause) {
    fail(`${prefix}options`, `the ${what} options could not be read (${messageOf(cause)}); pass a plain object`, cause);
  }
  for (const key of keys) {
    try {
      void (options as Record<string, unknown>)[key];
    } catch (cause) {
      fail(`${prefix}${key}`, `reading the ${what} option ${key} threw (${messageOf(cause)}); pass a plain value`, cause);
    }
  }
  return keys;
}

/**
 * A boolean option: `fallback` when unset, else it must be `true` or `false`
 * (a string such as `'false'` would otherwise turn a feature on or off
 * silently).
 * @throws InvalidOptionError naming `name`
 */
export function booleanOption(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidOptionError(name, `${name} must be true or false (got ${describeValue(value)}); pass a boolean`);
  return value;
}
