/**
 * Error translation for remote tiers: what a client library throws becomes
 * one of core's typed errors (TimeoutError, ConnectionError, BackendError)
 * naming the operation, the key and the tier; and which of them count as an
 * outage (what trips the circuit breaker). Each tier brings its client's
 * vocabulary ({@link ErrorVocabulary}); the rules are the same for all.
 * @module
 */
import { BackendError, ConnectionError, ErrorCode, TimeoutError, isCacheError, type CacheError } from '../errors.js';

/**
 * The message of the marker error a call's deadline rejects with (see
 * `CallPolicy.timed`). The same text as ioredis' own `commandTimeout`
 * error, so a translation reads both alike.
 */
export const DEADLINE_MESSAGE = 'Command timed out';

/** What a client's errors look like, for {@link translateError}. */
export interface ErrorVocabulary {
  /** The server's name in messages, e.g. `'Redis'`. */
  readonly backend: string;
  /** Message fragments that say the server is unreachable (besides Node's `E…` socket error codes). */
  readonly outage: readonly string[];
  /** Message prefixes that say the call missed its deadline (besides {@link DEADLINE_MESSAGE}). */
  readonly timeout: readonly string[];
}

/**
 * Wraps what a client threw as a CacheError naming the operation and key:
 * a missed deadline is a TimeoutError, an unreachable server (a Node socket
 * error code `E…`, or a message of `vocabulary.outage`) a ConnectionError,
 * anything else a BackendError. A CacheError is returned as it is.
 */
export function translateError(error: unknown, operation: string, key: string | undefined, tier: string, timeoutMs: number, vocabulary: ErrorVocabulary): CacheError {
  if (isCacheError(error)) return error;
  const message = (error as Error | undefined)?.message ?? String(error);
  const where = key === undefined ? operation : `${operation} ${JSON.stringify(key)}`;
  const context = { key, tier, cause: error };
  if (message === DEADLINE_MESSAGE || vocabulary.timeout.some((prefix) => message.startsWith(prefix))) {
    return new TimeoutError(`${where} did not complete within ${timeoutMs} ms; check the ${vocabulary.backend} server or raise commandTimeout`, timeoutMs, context);
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  if ((typeof code === 'string' && code.startsWith('E')) || vocabulary.outage.some((fragment) => message.includes(fragment))) {
    return new ConnectionError(`${where} failed: ${vocabulary.backend} is unreachable (${message})`, context);
  }
  return new BackendError(`${where} failed: ${message}`, context);
}

/** Whether an error says the backend is unreachable or slow (what trips the breaker). */
export function isOutage(error: CacheError): boolean {
  return error.code === ErrorCode.Connection || error.code === ErrorCode.Timeout;
}
