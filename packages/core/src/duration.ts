/**
 * Durations: milliseconds as numbers, or human strings such as `'500ms'`,
 * `'30s'`, `'5m'`, `'1h'`, `'1d'` (decimals allowed: `'1.5h'`).
 * @module
 */
import { describeValue } from './describe-value.js';
import { InvalidArgumentError, InvalidOptionError } from './errors.js';

/** A duration: milliseconds, or a string with a unit (`ms`, `s`, `m`, `h`, `d`). */
export type Duration = number | `${number}${DurationUnit}` | `${number} ${DurationUnit}`;

/** Units a duration string may use. */
export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd';

/**
 * The longest finite duration any option or argument accepts:
 * 2^52 ms (4,503,599,627,370,496 ms, about 142,700 years).
 *
 * Chosen so that every tier handles it exactly: `now + duration` stays an
 * integer a double holds exactly (below 2^53) until the year 2109, and Redis
 * accepts it as a `PX`/`PEXPIRE` argument (Redis refuses an expiry past
 * `LLONG_MAX - now` ≈ 9.2·10^18 ms with "invalid expire time", which is what
 * made `ttl: 1e300` fail at the server). Use `Infinity` for "never".
 */
export const MAX_DURATION = 2 ** 52;

/**
 * The longest delay a timer can wait: 2^31 − 1 ms (about 24.8 days). Node's
 * `setTimeout` fires after 1 ms (and prints a warning) for anything longer,
 * so options that arm a timer (timeouts, intervals) pass it as `max`.
 */
export const MAX_TIMER_DELAY = 2 ** 31 - 1;

const UNIT_MS: Record<DurationUnit, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PATTERN = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h|d)\s*$/;

/** What a duration may be. */
export interface DurationRules {
  /** Accept 0. @default true */
  allowZero?: boolean;
  /** Accept `Infinity` (meaning "never"). @default false */
  allowInfinity?: boolean;
  /** Whether the value is an option (throws InvalidOptionError) or an argument (InvalidArgumentError). @default 'option' */
  kind?: 'option' | 'argument';
  /**
   * The largest finite value accepted, in ms (`Infinity` stays governed by
   * `allowInfinity`). Use {@link MAX_TIMER_DELAY} for durations that arm a timer.
   * @default MAX_DURATION
   */
  max?: number;
}

/**
 * Parses a duration into milliseconds.
 * @param value the number of milliseconds or a string like `'30s'`
 * @param name the option or argument name, used in the error message
 * @throws InvalidOptionError (or InvalidArgumentError) naming `name` when the
 *   value is negative, NaN, not allowed to be 0 or Infinity, above `rules.max`
 *   (default {@link MAX_DURATION}), or unparseable.
 */
export function parseDuration(value: unknown, name: string, rules: DurationRules = {}): number {
  const { allowZero = true, allowInfinity = false, kind = 'option', max = MAX_DURATION } = rules;
  const reject = (message: string): never => {
    throw kind === 'option' ? new InvalidOptionError(name, message) : new InvalidArgumentError(name, message);
  };
  const fail = (why: string): never =>
    reject(`${name} ${why}; pass milliseconds as a number or a string like '500ms', '30s', '5m', '1h', '1d' (got ${describeValue(value)})`);
  let ms: number;
  if (typeof value === 'number') {
    ms = value;
  } else if (typeof value === 'string') {
    const match = PATTERN.exec(value);
    if (!match) return fail('is not a duration');
    ms = Number(match[1]) * UNIT_MS[match[2] as DurationUnit];
  } else {
    return fail('must be a number or a duration string');
  }
  if (Number.isNaN(ms)) return fail('is NaN');
  if (ms < 0) return fail('must not be negative');
  if (ms === Infinity) {
    if (!allowInfinity) fail('must be finite');
    return ms;
  }
  if (ms === 0 && !allowZero) fail('must be greater than 0');
  if (ms > max) {
    const never = allowInfinity ? '; pass Infinity for "never"' : '';
    reject(`${name} must be at most ${max} ms (${describeSpan(max)})${never} (got ${describeValue(value)})`);
  }
  return ms;
}

/** `max` in the largest unit that fits, for messages ("about 24.9 days"). */
function describeSpan(ms: number): string {
  const days = ms / UNIT_MS.d;
  return days >= 365 ? `about ${Math.round(days / 365.25).toLocaleString('en-US')} years` : `about ${days.toFixed(1)} days`;
}
