/**
 * How error messages show the value they reject.
 * @module
 */

/**
 * A short, safe description of a value for error messages: strings quoted
 * (cut at 40 characters), numbers, booleans, bigints, `null` and `undefined`
 * as written, anything else by its kind (`an array`, `a function`,
 * `a object`), so a message never echoes a large or secret value.
 *
 * ```ts
 * describeValue('abc'); // '"abc"'
 * describeValue([1, 2]); // 'an array'
 * ```
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** The message of anything thrown, without calling into a hostile value. */
export function messageOf(error: unknown): string {
  try {
    return error instanceof Error ? error.message : describeValue(error);
  } catch {
    return 'an unreadable error';
  }
}
