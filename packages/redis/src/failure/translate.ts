/**
 * Maps what ioredis throws onto the typed errors of @cache/core, and tells
 * which failures count against the circuit breaker.
 * @module
 */
import { BackendError, CacheError, ConnectionError, TimeoutError, isCacheError, ErrorCode } from '@cache/core';

const CONNECTION_MESSAGES = [
  'Connection is closed',
  "Stream isn't writeable",
  'Reached the max retries per request limit',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'NOAUTH',
  'WRONGPASS',
  'LOADING',
  'MASTERDOWN',
];

/** Wraps an ioredis error as a CacheError naming the operation and key. */
export function translateError(error: unknown, operation: string, key: string | undefined, tier: string, timeoutMs: number): CacheError {
  if (isCacheError(error)) return error;
  const message = (error as Error | undefined)?.message ?? String(error);
  const where = key === undefined ? operation : `${operation} ${JSON.stringify(key)}`;
  const context = { key, tier, cause: error };
  if (message === 'Command timed out' || message.startsWith('FENCED')) {
    return new TimeoutError(`${where} did not complete within ${timeoutMs} ms; check the Redis server or raise commandTimeout`, timeoutMs, context);
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  if ((typeof code === 'string' && code.startsWith('E')) || CONNECTION_MESSAGES.some((m) => message.includes(m))) {
    return new ConnectionError(`${where} failed: Redis is unreachable (${message})`, context);
  }
  return new BackendError(`${where} failed: ${message}`, context);
}

/** Whether an error says the backend is unreachable or slow (what trips the breaker). */
export function isOutage(error: CacheError): boolean {
  return error.code === ErrorCode.Connection || error.code === ErrorCode.Timeout;
}
