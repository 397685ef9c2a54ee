/**
 * Regression: an options object that throws when read (a getter that
 * throws, a Proxy whose traps throw) made every constructor fail with that
 * raw error. `assertKnownOptions`, which every constructor calls first,
 * now reads each option once and reports it as an InvalidOptionError
 * naming the option (or `options` for an unreadable object).
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode, InvalidOptionError, assertKnownOptions, isCacheError } from '../src/index.js';

const KNOWN = new Set(['maxEntries', 'name']);

function refused(options: object): InvalidOptionError {
  try {
    assertKnownOptions(options, KNOWN, 'Thing', 'levels[0].');
  } catch (error) {
    expect(isCacheError(error, ErrorCode.InvalidOption), String(error)).toBe(true);
    return error as InvalidOptionError;
  }
  throw new Error('accepted');
}

describe('assertKnownOptions on options that throw when read', () => {
  it('a throwing getter: names the option, keeps the cause', () => {
    const options = Object.defineProperty({ maxEntries: 1 }, 'name', {
      enumerable: true,
      get() {
        throw new Error('getter exploded');
      },
    });
    const error = refused(options);
    expect(error.option).toBe('levels[0].name');
    expect(error.message).toBe('reading the Thing option name threw (getter exploded); pass a plain value');
    expect((error.cause as Error).message).toBe('getter exploded');
  });

  it('a Proxy whose traps throw: names options', () => {
    const trap = () => {
      throw new Error('trap exploded');
    };
    const error = refused(new Proxy({}, { ownKeys: trap, get: trap }));
    expect(error.option).toBe('levels[0].options');
    expect(error.message).toBe('the Thing options could not be read (trap exploded); pass a plain object');
  });
});
