/**
 * The failure options every remote tier takes (`onError`, `commandTimeout`,
 * `connectTimeout`, `offlineQueue`, `circuitBreaker`, `maxReconnectDelay`,
 * `clock`): one interface, one set of defaults and one validation, so a
 * tier on Redis and a tier on memcached take them with the same names,
 * defaults and errors. A tier's own options (its address, prefix, name)
 * stay with the tier.
 * @module
 */
import { systemClock, type Clock } from '../clock.js';
import { MAX_TIMER_DELAY, parseDuration, type Duration } from '../duration.js';
import { describeValue } from '../describe-value.js';
import { InvalidOptionError } from '../errors.js';
import { assertKnownOptions } from '../options.js';
import type { CircuitBreakerSettings } from './circuit-breaker.js';

/** What failed backend calls do. */
export type ErrorMode = 'throw' | 'miss';

/** Default per-command timeout, ms. */
export const DEFAULT_COMMAND_TIMEOUT = 1000;
/** Default `connectTimeout`: `ready()` settles within 5 s. */
export const DEFAULT_CONNECT_TIMEOUT = 5000;
/** Default bound of commands waiting while disconnected. */
export const DEFAULT_OFFLINE_QUEUE = 100;
/** Default consecutive failures that open the circuit. */
export const DEFAULT_FAILURE_THRESHOLD = 5;
/** Default time the circuit stays open before a probe, ms. */
export const DEFAULT_RESET_TIMEOUT = 1000;
/** Default longest pause between reconnect attempts, ms. */
export const DEFAULT_MAX_RECONNECT_DELAY = 1000;

/** Circuit breaker options. */
export interface CircuitBreakerOptions {
  /** Consecutive connection/timeout failures that open the circuit. @default 5 */
  failureThreshold?: number;
  /** How long the circuit stays open before one probe call is let through. @default 1000 (ms) */
  resetTimeout?: Duration;
}

/** The failure options of a remote tier (see the module doc). */
export interface RemoteTierOptions {
  /**
   * `throw`: a failed call rejects with ConnectionError / TimeoutError /
   * BackendError. `miss`: reads resolve `undefined`, writes `false`, deletes
   * `false`/`0`; the error is counted in `stats().errors` and emitted as `error`.
   * Invalid arguments and use after close() reject in both modes.
   * @default 'throw'
   */
  onError?: ErrorMode;
  /**
   * Every call settles within this time (ms or `'2s'`), counted from the
   * call — whether the server is dead, hung or slow. A write that missed it
   * is never applied later (see the tier README's "Failure behaviour").
   * @default 1000
   */
  commandTimeout?: Duration;
  /**
   * `ready()` settles within this time (ms or `'5s'`): it rejects with a
   * ConnectionError naming the address when the server cannot be reached.
   * On a connection the tier owns it is also each connect attempt's limit.
   * @default 5000
   */
  connectTimeout?: Duration;
  /**
   * At most this many commands wait while a connection is down (they run on
   * reconnect, or fail at `commandTimeout`); more fail at once. 0: none wait.
   * @default 100
   */
  offlineQueue?: number;
  /** The circuit breaker (one per server where a tier has several); `false` turns it off. @default { failureThreshold: 5, resetTimeout: 1000 } */
  circuitBreaker?: false | CircuitBreakerOptions;
  /** Longest pause between reconnect attempts (ms). @default 1000 */
  maxReconnectDelay?: Duration;
  /** Time source for the breaker, TTLs and stats. @default systemClock */
  clock?: Clock;
}

/** {@link RemoteTierOptions} after validation. */
export interface ResolvedRemoteTierOptions {
  onError: ErrorMode;
  commandTimeout: number;
  connectTimeout: number;
  offlineQueue: number;
  circuitBreaker: CircuitBreakerSettings | undefined;
  maxReconnectDelay: number;
  clock: Clock;
}

/** The names of {@link RemoteTierOptions}, for a tier's list of known options. */
export const REMOTE_TIER_OPTIONS: readonly string[] = ['onError', 'commandTimeout', 'connectTimeout', 'offlineQueue', 'circuitBreaker', 'maxReconnectDelay', 'clock'];

const CIRCUIT_BREAKER_KNOWN: ReadonlySet<string> = new Set(['failureThreshold', 'resetTimeout']);

/** `value` as an integer option in [min, max]; throws InvalidOptionError naming `option`. */
export function integerOption(value: unknown, option: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(option, `${option} must be an integer from ${min} to ${max} (got ${describeValue(value)})`);
  }
  return value;
}

/** Validates the failure options of `o`; throws InvalidOptionError naming the first bad one. Other keys are ignored. */
export function parseRemoteTierOptions(o: RemoteTierOptions): ResolvedRemoteTierOptions {
  const onError = o.onError ?? 'throw';
  if (onError !== 'throw' && onError !== 'miss') {
    throw new InvalidOptionError('onError', `onError must be 'throw' or 'miss' (got ${describeValue(onError)})`);
  }
  const timer = { allowZero: false, max: MAX_TIMER_DELAY } as const;
  const commandTimeout = o.commandTimeout === undefined ? DEFAULT_COMMAND_TIMEOUT : parseDuration(o.commandTimeout, 'commandTimeout', timer);
  const connectTimeout = o.connectTimeout === undefined ? DEFAULT_CONNECT_TIMEOUT : parseDuration(o.connectTimeout, 'connectTimeout', timer);
  const offlineQueue = o.offlineQueue === undefined ? DEFAULT_OFFLINE_QUEUE : integerOption(o.offlineQueue, 'offlineQueue', 0);
  let circuitBreaker: CircuitBreakerSettings | undefined;
  if (o.circuitBreaker !== false) {
    const cb = o.circuitBreaker ?? {};
    if (typeof cb !== 'object' || cb === null) {
      throw new InvalidOptionError('circuitBreaker', `circuitBreaker must be false or { failureThreshold, resetTimeout } (got ${describeValue(cb)})`);
    }
    assertKnownOptions(cb, CIRCUIT_BREAKER_KNOWN, 'circuitBreaker', 'circuitBreaker.');
    circuitBreaker = {
      failureThreshold: cb.failureThreshold === undefined ? DEFAULT_FAILURE_THRESHOLD : integerOption(cb.failureThreshold, 'circuitBreaker.failureThreshold', 1),
      resetTimeout: cb.resetTimeout === undefined ? DEFAULT_RESET_TIMEOUT : parseDuration(cb.resetTimeout, 'circuitBreaker.resetTimeout', timer),
    };
  }
  const maxReconnectDelay = o.maxReconnectDelay === undefined ? DEFAULT_MAX_RECONNECT_DELAY : parseDuration(o.maxReconnectDelay, 'maxReconnectDelay', timer);
  const clock = o.clock ?? systemClock;
  if (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function') {
    throw new InvalidOptionError('clock', 'clock must be an object with now()');
  }
  return { onError, commandTimeout, connectTimeout, offlineQueue, circuitBreaker, maxReconnectDelay, clock };
}
