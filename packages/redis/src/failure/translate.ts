/**
 * What ioredis' errors look like, for core's remote-tier error translation
 * (`translateError` in `@cache/core/remote`).
 * @module
 */
import { translateError as translate, type ErrorVocabulary } from '@cache/core/remote';
import type { CacheError } from '@cache/core';

/** ioredis' and Redis' errors: which say the server is unreachable, which that a write missed its deadline (the fence). */
export const REDIS_ERRORS: ErrorVocabulary = {
  backend: 'Redis',
  outage: [
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
  ],
  timeout: ['FENCED'],
};

/** Wraps an ioredis error as a CacheError naming the operation and key. */
export function translateError(error: unknown, operation: string, key: string | undefined, tier: string, timeoutMs: number): CacheError {
  return translate(error, operation, key, tier, timeoutMs, REDIS_ERRORS);
}
