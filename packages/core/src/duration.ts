/**
 * Durations: milliseconds as numbers, or human strings such as `'500ms'`,
 * `'30s'`, `'5m'`, `'1h'`, `'1d'` (decimals allowed: `'1.5h'`).
 * @module
 */
import { InvalidArgumentError, InvalidOptionError } from './errors.js';

/** A duration: milliseconds, or a string with a unit (`ms`, `s`, `m`, `h`, `d`). */
export type Duration = number | `${number}${DurationUnit}` | `${number} ${DurationUnit}`;

/** Units a duration string may use. */
export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd';

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
}

/**
 * Parses a duration into milliseconds.
 * @param value the number of milliseconds or a string like `'30s'`
 * @param name the option or argument name, used in the error message
 * @throws InvalidOptionError (or InvalidArgumentError) naming `name` when the
 *   value is negative, NaN, not allowed to be 0 or Infinity, or unparseable.
 */
export function parseDuration(value: unknown, name: string, rules: DurationRules = {}): number {
  const { allowZero = true, allowInfinity = false, kind = 'option' } = rules;
  const fail = (why: string): never => {
    const message = `${name} ${why}; pass milliseconds as a number or a string like '500ms', '30s', '5m', '1h', '1d' (got ${describe(value)})`;
    throw kind === 'option' ? new InvalidOptionError(name, message) : new InvalidArgumentError(name, message);
  };
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
  return ms;
}

/** A short, safe description of a value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
